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

/** The most recently saved registrations (for quick picks and "zelfde als vorige"). */
export async function recentRegistrations(db: IdoDb, limit: number): Promise<StoredRegistration[]> {
  return db.registrations.orderBy('savedAt').reverse().filter((r) => !r.deleted).limit(limit).toArray();
}
