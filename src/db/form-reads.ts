import type { IdoDb } from './db';
import type { StoredRegistration } from './types';

// The registration form's reads at its start, apart from registrations.ts (the writes): the first
// screen loads these, the writes come with the form's checks (features/registration/form-checks.ts).

/** A registration to open in the form; none for a delete the server confirmed (kept only for the delivery check). */
export async function editableRegistration(db: IdoDb, id: string): Promise<StoredRegistration | undefined> {
  const stored = await db.registrations.get(id);
  return stored && !(stored.deleted && stored.syncState === 'sent') ? stored : undefined;
}

/** How many recent registrations the form reads (quick picks, "zelfde als vorige"). */
export const RECENT_REGISTRATIONS = 200;

/**
 * The most recently saved registrations that are not deleted, newest first (for quick picks and "zelfde als vorige").
 * Read as whole pages of the index, newest first, rather than through a filter: Dexie reads a filtered query with
 * a cursor step per row (200 round trips, again after every save, as the form's live query follows them), a plain
 * one with a single getAll where the browser can read an index backwards (IndexedDB 3; Chromium). Deleted rows
 * among them are made up for by the rows after them, in the same transaction.
 */
export async function recentRegistrations(db: IdoDb, limit: number): Promise<StoredRegistration[]> {
  return db.transaction('r', db.registrations, async () => {
    const recent: StoredRegistration[] = [];
    for (let read = 0; recent.length < limit;) {
      const want = limit - recent.length;
      const rows = await db.registrations.orderBy('savedAt').reverse().offset(read).limit(want).toArray();
      read += rows.length;
      for (const row of rows) if (!row.deleted) recent.push(row);
      if (rows.length < want) break;
    }
    return recent;
  });
}
