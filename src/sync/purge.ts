import type { IdoDb } from '../db/db';
import { getSetting } from '../db/settings';
import { amsterdamDay } from '../shared/time';

export const PURGE_DAYS_KEY = 'purgeAfterDays';
export const DEFAULT_PURGE_DAYS = 30;

/**
 * Deletes sent registrations whose Amsterdam day lies more than `days` days back (setting
 * 'purgeAfterDays', default 30), but only those a delivery check found held on the server at their
 * revision after they were sent (`heldRevision`, src/sync/delivery-check.ts): proof before purge, so a
 * server restored from an older backup can still get them back. Pending and attention ones are never
 * touched. Returns how many went.
 */
export async function purgeSent(db: IdoDb, now = new Date(), days?: number): Promise<number> {
  const keep = days ?? (await getSetting(db, PURGE_DAYS_KEY, DEFAULT_PURGE_DAYS));
  const firstKeptDay = amsterdamDay(new Date(now.getTime() - keep * 24 * 3_600_000));
  return db.registrations.where('[syncState+day]').between(['sent', ''], ['sent', firstKeptDay], true, false)
    .filter((record) => record.heldRevision !== undefined && record.heldRevision >= record.revision)
    .delete();
}
