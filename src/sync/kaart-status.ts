import type { IdoDb } from '../db/db';
import { getSetting, patchSetting } from '../db/settings';
import type { KaartCursor, KaartOutboxEntry, KaartSyncStatus } from '../db/types';

export const KAART_STATUS_KEY = 'kaartSyncStatus';
export const KAART_CURSOR_KEY = 'kaartCursor';
const FRESH: KaartSyncStatus = { failures: 0 };

/** The kaart's persisted sync bookkeeping as last written. */
export async function readKaartStatus(db: IdoDb): Promise<KaartSyncStatus> {
  return getSetting<KaartSyncStatus>(db, KAART_STATUS_KEY, FRESH);
}

/** Merges a change into the kaart's bookkeeping; a key set to undefined is removed. */
export function updateKaartStatus(db: IdoDb, patch: Partial<KaartSyncStatus>): Promise<KaartSyncStatus> {
  return patchSetting(db, KAART_STATUS_KEY, FRESH, patch);
}

/** Whose kaart the tables hold and the pull cursor, or undefined before the first pull or demo load. */
export async function readKaartCursor(db: IdoDb): Promise<KaartCursor | undefined> {
  return getSetting<KaartCursor | undefined>(db, KAART_CURSOR_KEY, undefined);
}

/** What a kaart screen shows about sync: the bookkeeping plus counts of local edits. */
export interface KaartSyncView extends KaartSyncStatus {
  /** local edits waiting to go */
  pending: number;
  /** edits the server holds a different version of: staff choose (resolveKaartConflict) */
  conflict: number;
  /** edits the server refused, with a Dutch reason */
  rejected: number;
  /**
   * of `pending`, the edits that wait because the national team deactivated the organisation (`organisationDeactivatedAt`):
   * they are not sent until it is active again, so they are not "nog te versturen" (the status bar, the kaart page)
   */
  held: number;
  /** 'demo', the organisation id whose kaart this is, or undefined when nothing was loaded */
  source?: string;
}

/** A change the server takes from a deactivated organisation's tablet: a new "Klopt niet" mark (kaart-push.ts). */
export const goesWhileDeactivated = (e: Pick<KaartOutboxEntry, 'entity' | 'baseVersion' | 'deleted'>): boolean =>
  e.entity === 'feedback' && e.baseVersion === 0 && !e.deleted;

/**
 * The change to the bookkeeping when the server said whether the organisation is deactivated (a pull's
 * `organisationDeactivated`, or a push's answers): noted with the moment it was first found, or cleared.
 */
export async function deactivationPatch(db: IdoDb, deactivated: boolean, now: Date): Promise<Partial<KaartSyncStatus>> {
  const { organisationDeactivatedAt } = await readKaartStatus(db);
  if (deactivated) return organisationDeactivatedAt ? {} : { organisationDeactivatedAt: now.toISOString() };
  return organisationDeactivatedAt ? { organisationDeactivatedAt: undefined } : {};
}

/** The kaart's sync state for the UI; call it inside useLiveQuery so it follows every change. */
export async function readKaartSyncStatus(db: IdoDb): Promise<KaartSyncView> {
  return db.transaction('r', db.settings, db.kaartOutbox, async () => {
    const count = (state: string) => db.kaartOutbox.where('state').equals(state).count();
    const [status, cursor, pending, conflict, rejected] = await Promise.all([
      readKaartStatus(db), readKaartCursor(db), count('pending'), count('conflict'), count('rejected'),
    ]);
    const held = status.organisationDeactivatedAt !== undefined && pending > 0
      ? await db.kaartOutbox.where('state').equals('pending').filter((e) => !goesWhileDeactivated(e)).count()
      : 0;
    return { ...status, pending, conflict, rejected, held, ...(cursor ? { source: cursor.source } : {}) };
  });
}
