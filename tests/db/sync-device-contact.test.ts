import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { saveRegistration } from '../../src/db/registrations';
import { createApiToken } from '../../src/server/api-tokens';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import { getDevice } from '../../src/sync/device';
import { APP_VERSION, deviceContactHeaders } from '../../src/sync/device-contact';
import { enrollDevice } from '../../src/sync/enroll';
import { syncAll } from '../../src/sync/kaart-sync';
import { fetchTransport } from '../../src/sync/transport';
import '../server/server-secret'; // the server's codes and tokens need its secret
import { useRealServer } from './real-server';
import { makeRegistration } from './fixtures';

/*
 * The tablet against the real server: its sync requests tell the server its app version and how many
 * registrations still wait on it, and the coordinator's devices list shows them.
 */
const LIBRARY = { id: '6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f', name: 'Bibliotheek Contacttest' };
const CENTRUM = { id: 'contacttest-centrum', organisationId: LIBRARY.id, name: 'Centrum', municipalityCode: 'GM0828', province: 'Noord-Brabant', insideLibrary: true, kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 8, openedOn: '2022-01-01' };

let coordinator = '';
const server = useRealServer(async (db) => {
  await createOrganisation(db, LIBRARY);
  await createLocation(db, CENTRUM);
  coordinator = await createApiToken(db, 'coordinator', LIBRARY.id);
});
const enrolledTablet = () => server.enrolledTablet('contact', { organisationId: LIBRARY.id });

async function listedDevice(deviceId: string) {
  const response = await server.app.inject({ method: 'GET', url: `/api/v1/admin/organisations/${LIBRARY.id}/devices`, headers: { authorization: `Bearer ${coordinator}` } });
  return (response.json().devices as Array<{ id: string; clockAheadSeconds: number | null }>).find((d) => d.id === deviceId);
}

describe('the tablet tells the server its app version and what waits on it', () => {
  it('runs the version of package.json', () => {
    expect(APP_VERSION).toBe(packageJson.version);
    expect(APP_VERSION).toMatch(/^[0-9A-Za-z.+-]{1,40}$/);
  });

  it('sends the waiting count with a request, and 0 once a sync has sent everything', async () => {
    const db = await enrolledTablet();
    const device = (await getDevice(db))!;
    for (let i = 0; i < 3; i++) await saveRegistration(db, makeRegistration({ deviceId: device.deviceId, organisationId: LIBRARY.id, locationId: CENTRUM.id }));
    const transport = fetchTransport(server.url, undefined, undefined, deviceContactHeaders(db));

    expect((await transport.getLocations(device.token)).status).toBe(200);
    expect(await listedDevice(device.deviceId)).toMatchObject({ appVersion: APP_VERSION, pendingAtLastContact: 3, lastContactAt: expect.any(String) });
    // its clock as the request left (IDO-Clock): here the server's own, so off by no more than the request's way
    expect(Math.abs((await listedDevice(device.deviceId))!.clockAheadSeconds!)).toBeLessThanOrEqual(2);

    expect(await syncAll(db, { transport, locks: null })).toMatchObject({ outcome: 'done', sent: 3 });
    expect(await listedDevice(device.deviceId)).toMatchObject({ appVersion: APP_VERSION, pendingAtLastContact: 0, recordsSent: 3 });
  });

  it('sends no contact headers on the enrollment, which has no device token yet', async () => {
    const seen: Headers[] = [];
    const db = server.newTabletDb('contact');
    const transport = fetchTransport(server.url, (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    }, undefined, deviceContactHeaders(db));
    expect(await enrollDevice(db, transport, await createEnrollmentCode(server.db, LIBRARY.id), 'Tablet')).toMatchObject({ ok: true });
    expect(seen.some((h) => h.has('IDO-App-Version') || h.has('IDO-Pending') || h.has('IDO-Clock'))).toBe(false);
  });
});
