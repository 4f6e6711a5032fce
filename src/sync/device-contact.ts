import type { IdoDb } from '../db/db';
import { countInSyncState } from '../db/sync-state';
import { DEVICE_CONTACT_HEADERS } from '../shared/api';
import { version } from '../../package.json';

/** The app version this build runs: package.json's `version`, read at build time (only this field is bundled). */
export const APP_VERSION: string = version;

/** Records the server has not confirmed yet: pending ones (also those in a stored batch) and those that need attention, group sessions too. */
export async function waitingRegistrations(db: IdoDb): Promise<number> {
  const [registrations, groups] = await Promise.all([
    countInSyncState(db.registrations, 'pending', 'attention'),
    countInSyncState(db.groupSessions, 'pending', 'attention'),
  ]);
  return registrations + groups;
}

/**
 * The headers each sync request carries about this tablet, so the coordinator's devices list shows its
 * app version, what was still waiting on it and how far its clock was off at its last contact (docs/admin-api.md).
 */
export function deviceContactHeaders(db: IdoDb): () => Promise<Record<string, string>> {
  return async () => {
    const pending = String(Math.min(await waitingRegistrations(db), 10_000_000));
    // the clock read last, as the request leaves
    return { [DEVICE_CONTACT_HEADERS.appVersion]: APP_VERSION, [DEVICE_CONTACT_HEADERS.pending]: pending, [DEVICE_CONTACT_HEADERS.clock]: new Date().toISOString() };
  };
}
