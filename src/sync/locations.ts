import type { IdoDb } from '../db/db';
import type { LocationsResponse } from '../shared/api';
import { putSetting } from '../db/settings';
import { recordClock } from './clock';
import { DEVICE_KEY, getDevice } from './device';
import { parseJsonBody, type LocationsTransport } from './transport';

function isLocationsResponse(body: unknown): body is LocationsResponse {
  const b = body as Partial<LocationsResponse> | null;
  return typeof b === 'object' && b !== null && typeof b.organisation?.id === 'string' && typeof b.organisation.name === 'string'
    && Array.isArray(b.locations) && b.locations.every((l) => typeof l === 'object' && l !== null && typeof l.id === 'string' && typeof l.name === 'string');
}

/**
 * Re-reads the organisation's locations (GET /locations) and replaces the tablet's list with them, so a
 * location the coordinator added, changed or closed reaches the form without a new enrollment. Anything
 * but a good answer for this tablet's own organisation (offline, an older server without the route, a
 * 401/403 the batches will report) leaves the list as it is. Returns whether the list was replaced (false when it was already the same).
 */
export async function refreshLocations(db: IdoDb, transport: LocationsTransport): Promise<boolean> {
  const device = await getDevice(db);
  if (!device) return false;
  let body: unknown;
  try {
    const raw = await transport.getLocations(device.token);
    // each full sync asks for the locations: the answer also says whether the tablet's clock is right
    await recordClock(db, raw).catch(() => undefined);
    if (raw.status !== 200) return false;
    body = parseJsonBody(raw);
  } catch {
    return false;
  }
  if (!isLocationsResponse(body) || body.organisation.id !== device.organisationId) return false;
  const answer = body;
  return db.transaction('rw', [db.organisations, db.locations, db.settings], async () => {
    // The organisation renamed by the national team: Instellingen' "Gekoppeld aan" (the enrollment's name) follows it too,
    // else it named the old name beside the new one.
    const enrolled = await getDevice(db);
    // (Only the same enrollment's: a tablet linked to another organisation meanwhile keeps its own name.)
    if (enrolled?.organisationId === answer.organisation.id && enrolled.organisationName !== answer.organisation.name) {
      await putSetting(db, DEVICE_KEY, { ...enrolled, organisationName: answer.organisation.name });
    }
    // Unchanged (the usual case): no write, so open pages see no change and re-render nothing.
    const byId = (list: readonly { id: string }[]) => JSON.stringify([...list].sort((a, b) => (a.id < b.id ? -1 : 1)));
    const organisation = await db.organisations.get(answer.organisation.id);
    if (organisation?.name === answer.organisation.name && byId(await db.locations.toArray()) === byId(answer.locations)) return false;
    await db.organisations.put({ id: answer.organisation.id, name: answer.organisation.name });
    await db.locations.clear();
    await db.locations.bulkPut(answer.locations);
    return true;
  });
}
