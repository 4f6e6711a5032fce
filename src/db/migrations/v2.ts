import type Dexie from 'dexie';

/**
 * Version 2: the outbox. `batches` holds every batch that was cut but not yet answered, so an
 * interrupted run resends the same batch; `[syncState+savedAt]` lets the sender take the oldest
 * pending registrations without reading the whole table.
 */
export function v2(db: Dexie): void {
  db.version(2).stores({
    registrations: 'id, syncState, day, [syncState+day], savedAt, [syncState+savedAt]',
    batches: 'batchId, createdAt',
  });
}
