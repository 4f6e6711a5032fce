import type { IdoDb } from '../db/db';
import { getSetting, putSetting } from '../db/settings';
import type { RisingResponse } from '../shared/rising';
import { getDevice } from './device';
import { parseJsonBody, type RisingTransport } from './transport';

/** The settings key of the rising topics the coordinator's tablet keeps for "Overzicht" offline. */
export const RISING_SETTING = 'risingTopics';
/** Re-read at most this often: the list moves by the month, a sync runs after every registration. */
const REFRESH_MS = 60 * 60 * 1000;

/** The rising topics as the tablet keeps them: whose, when fetched, and the server's answer. */
export interface StoredRising {
  organisationId: string;
  fetchedAt: string;
  rising: RisingResponse;
}

function isRisingResponse(body: unknown): body is RisingResponse {
  const b = body as Partial<RisingResponse> | null;
  return typeof b === 'object' && b !== null && typeof b.month === 'string' && typeof b.asOf === 'string' && Array.isArray(b.topics)
    && b.topics.every((t) => typeof t === 'object' && t !== null && typeof t.topic === 'string' && typeof t.label === 'string'
      && typeof t.month?.observed === 'number' && typeof t.month.expected === 'number' && Array.isArray(t.series) && Array.isArray(t.courses));
}

/** The kept list, when it belongs to the organisation this tablet is enrolled in now. */
export async function storedRising(db: IdoDb): Promise<StoredRising | undefined> {
  const [stored, device] = await Promise.all([getSetting<StoredRising | undefined>(db, RISING_SETTING, undefined), getDevice(db)]);
  return stored && device && stored.organisationId === device.organisationId ? stored : undefined;
}

/**
 * On a coordinator's tablet, fetches "Opvallend" (GET /stats/rising, with the device token) at most once an
 * hour and keeps it in the settings, so "Overzicht" shows it offline. Other tablets ask nothing. Anything but a
 * good answer (offline, an older server, 401/403) keeps what was kept. Returns whether it stored a new list.
 */
export async function refreshRising(db: IdoDb, transport: RisingTransport, now: Date): Promise<boolean> {
  const device = await getDevice(db);
  if (!device || device.role !== 'coordinator') return false;
  const kept = await storedRising(db);
  if (kept && now.getTime() - Date.parse(kept.fetchedAt) < REFRESH_MS && now.getTime() >= Date.parse(kept.fetchedAt)) return false;
  let body: unknown;
  try {
    const raw = await transport.getRising(device.token);
    if (raw.status !== 200) return false;
    body = parseJsonBody(raw);
  } catch {
    return false;
  }
  if (!isRisingResponse(body)) return false;
  const stored: StoredRising = { organisationId: device.organisationId, fetchedAt: now.toISOString(), rising: body };
  await putSetting(db, RISING_SETTING, stored);
  return true;
}
