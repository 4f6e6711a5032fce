import { describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import { syncAll } from '../../src/sync/kaart-sync';
import { getDevice } from '../../src/sync/device';
import { refreshLocations } from '../../src/sync/locations';
import { fetchTransport } from '../../src/sync/transport';
import { useRealServer } from './real-server';
import '../server/server-secret'; // the server's codes and tokens need its secret

/*
 * The tablet against the real server: a location the coordinator adds, changes or closes in the admin
 * API reaches the tablet at its next sync (GET /locations), without a new enrollment.
 */
const LIBRARY = { id: '2a7e9c41-5b3d-4f6e-8a1c-9d0b7e6f5a43', name: 'Bibliotheek Locatietest' };
const CENTRUM = { id: 'locatietest-centrum', organisationId: LIBRARY.id, name: 'Centrum', municipalityCode: 'GM0828', province: 'Noord-Brabant', insideLibrary: true, kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 8, openedOn: '2022-01-01' };
const ORG = `/api/v1/admin/organisations/${LIBRARY.id}`;

let coordinator = '';
let national = '';
const server = useRealServer(async (db) => {
  await createOrganisation(db, LIBRARY);
  await createLocation(db, CENTRUM);
  coordinator = await createApiToken(db, 'coordinator', LIBRARY.id);
  national = await createApiToken(db, 'national', null);
});
const enrolledTablet = () => server.enrolledTablet('locations', { organisationId: LIBRARY.id });

const admin = (method: 'POST' | 'PATCH', path: string, body: unknown) =>
  server.app.inject({ method, url: `${ORG}${path}`, headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

describe('location changes reach the tablet at its next sync', () => {
  it('adds a new location, changes an existing one and marks a closed one, without re-enrollment', async () => {
    const db = await enrolledTablet();
    expect((await db.locations.toArray()).map((l) => l.id)).toEqual([CENTRUM.id]);

    const made = await admin('POST', '/locations', { name: 'Wijkpunt Noord', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'wijkcentrum', scenarios: ['popup'], idoHoursPerWeek: 2 });
    expect(made.statusCode, made.body).toBe(201);
    expect((await admin('PATCH', `/locations/${CENTRUM.id}`, { idoHoursPerWeek: 12 })).statusCode).toBe(200);
    expect((await admin('POST', `/locations/${CENTRUM.id}/close`, { closedOn: '2026-12-31' })).statusCode).toBe(200);

    expect(await syncAll(db, { transport: fetchTransport(server.url), locks: null })).toMatchObject({ outcome: 'done' });
    const locations = await db.locations.toArray();
    expect(locations.map((l) => l.id).sort()).toEqual([CENTRUM.id, made.json().id].sort());
    expect(locations.find((l) => l.id === CENTRUM.id)).toMatchObject({ idoHoursPerWeek: 12, closedOn: '2026-12-31' });
    expect(locations.find((l) => l.id === made.json().id)).toMatchObject({ name: 'Wijkpunt Noord', kind: 'wijkcentrum' });
    expect(locations.find((l) => l.id === made.json().id)).not.toHaveProperty('closedOn');
    // Nothing changed since: no write.
    expect(await refreshLocations(db, fetchTransport(server.url))).toBe(false);
  });

  it('follows a rename of the organisation: the tablet\'s organisation and its enrollment name both', async () => {
    const db = await enrolledTablet();
    const renamed = await server.app.inject({ method: 'PATCH', url: ORG, headers: { authorization: `Bearer ${national}`, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'Bibliotheek Locatietest Hernoemd' }) });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await syncAll(db, { transport: fetchTransport(server.url), locks: null })).toMatchObject({ outcome: 'done' });
    expect((await db.organisations.get(LIBRARY.id))?.name).toBe('Bibliotheek Locatietest Hernoemd');
    // Instellingen showed "Organisatie: … Hernoemd" and "Gekoppeld aan: Bibliotheek Locatietest", the old name.
    expect((await getDevice(db))?.organisationName).toBe('Bibliotheek Locatietest Hernoemd');
  });

  it('keeps the list as it is when the server has no such route (an older server)', async () => {
    const db = await enrolledTablet();
    await admin('POST', '/locations', { name: 'Nog een punt', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['balie'], idoHoursPerWeek: 1 });
    const before = await db.locations.toArray();
    const olderServer = fetchTransport(server.url, (input, init) => (String(input).endsWith('/api/v1/locations')
      ? Promise.resolve(new Response('{"error":"not_found","message":"Dit adres bestaat niet."}', { status: 404 }))
      : fetch(input, init)));
    expect(await syncAll(db, { transport: olderServer, locks: null })).toMatchObject({ outcome: 'done' });
    expect(await db.locations.toArray()).toEqual(before);
  });
});
