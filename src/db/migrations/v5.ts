import type Dexie from 'dexie';

/**
 * Version 5: group sessions (issue 14), in their own table beside the registrations, with the same
 * indexes the outbox and the day list use. Nothing to convert. (Version 4 is left to the Snelwijzer cards.)
 */
export function v5(db: Dexie): void {
  db.version(5).stores({
    groupSessions: 'id, syncState, day, [syncState+day], savedAt, [syncState+savedAt]',
  });
}
