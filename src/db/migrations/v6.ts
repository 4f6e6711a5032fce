import type Dexie from 'dexie';

/**
 * Version 6: fewer indexes on the two tables of records (issue 15, session 32). Marking a record sent
 * writes the whole row again, and every index of the table with it: in Chromium each index costs about as
 * much as the row (20 transactions of 500, the bench's drain). `syncState` alone and `[syncState+day]` go:
 * `[syncState+savedAt]` answers every question by sync state (sync-state.ts) and `day` the purge. Group
 * sessions lose `savedAt` too, which nothing reads. Nothing to convert: Dexie drops the indexes.
 */
export function v6(db: Dexie): void {
  db.version(6).stores({
    registrations: 'id, day, savedAt, [syncState+savedAt]',
    groupSessions: 'id, day, [syncState+savedAt]',
  });
}
