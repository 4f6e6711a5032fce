import type Dexie from 'dexie';

/** Version 1: registrations (indexed by sync state and day), the organisation, its locations, settings. */
export function v1(db: Dexie): void {
  db.version(1).stores({
    registrations: 'id, syncState, day, [syncState+day], savedAt',
    organisations: 'id',
    locations: 'id, organisationId',
    settings: 'key',
  });
}
