import type { IdoDb } from '../db/db';
import { getSetting } from '../db/settings';
import { amsterdamDay } from '../shared/time';

export const PURGE_DAYS_KEY = 'purgeAfterDays';
export const DEFAULT_PURGE_DAYS = 30;

/**
 * Deletes sent registrations (and confirmed tombstones) whose Amsterdam day lies more than `days` days
 * back (setting 'purgeAfterDays', default 30), but only with proof: a delivery check found the record
 * held on the server at its revision (`heldRevision`), and that was at least as many days ago (`heldAt`),
 * so a server restored from a backup younger than that still gets it back (src/sync/delivery-check.ts).
 * Pending and attention ones are never touched. Returns how many went.
 */
export async function purgeSent(db: IdoDb, now = new Date(), days?: number): Promise<number> {
  const keep = days ?? (await getSetting(db, PURGE_DAYS_KEY, DEFAULT_PURGE_DAYS));
  const cutoff = now.getTime() - keep * 24 * 3_600_000;
  const firstKeptDay = amsterdamDay(new Date(cutoff));
  // the days before the first kept one, read by day (Dexie version 6 keeps no index of sync state and day)
  return db.registrations.where('day').below(firstKeptDay)
    .filter((record) => record.syncState === 'sent' && record.heldRevision !== undefined && record.heldRevision >= record.revision
      && record.heldAt !== undefined && Date.parse(record.heldAt) <= cutoff)
    .delete();
}
