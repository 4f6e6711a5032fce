import { describe, expect, it } from 'vitest';
import { getSetting } from '../../src/db/settings';
import type { DeviceRole } from '../../src/shared/api';
import { amsterdamDay } from '../../src/shared/time';
import { getDevice } from '../../src/sync/device';
import { syncAll } from '../../src/sync/kaart-sync';
import { refreshRising, RISING_SETTING, storedRising } from '../../src/sync/rising';
import { fetchTransport } from '../../src/sync/transport';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import { batch, LOCATIONS, ORGANISATION, question, registration } from '../server/fixtures';
import { amsterdamMonthsBack, momentsThisMonth } from '../rising-seed';
import { useRealServer } from './real-server';
import '../server/server-secret';

/*
 * "Opvallend" reaches the coordinator's tablet at sync: the real server, a real Dexie (fake-indexeddb). Toeslagen:
 * 3 a month for five months, then 20 this month (so far): a rise whatever day of the month the test runs.
 */
const server = useRealServer(async (db) => {
  await createOrganisation(db, ORGANISATION);
  for (const location of LOCATIONS) await createLocation(db, location);
});


const tablet = (role: DeviceRole) => server.enrolledTablet('rising', { organisationId: ORGANISATION.id, role });

describe('the rising topics on the coordinator\'s tablet', () => {
  it('fetches them at the end of a sync, keeps them for Overzicht offline, and re-reads them at most hourly', async () => {
    const db = await tablet('coordinator');
    const device = (await getDevice(db))!;
    const thisMonth = momentsThisMonth(20, 60_000);
    const records = [
      ...[5, 4, 3, 2, 1].flatMap((back) => Array.from({ length: 3 }, () => amsterdamMonthsBack(back))),
      ...thisMonth,
    ].map((startedAt) => registration(device.deviceId, { startedAt, questions: [question({ topics: ['toeslagen'] })] }));
    const body = batch(device.deviceId, records);
    const sent = await server.app.inject({ method: 'POST', url: '/api/v1/batches', headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, payload: body });
    expect(sent.statusCode, sent.body).toBe(200);

    const now = new Date();
    expect(await syncAll(db, { transport: fetchTransport(server.url), locks: null, now: () => now })).toMatchObject({ outcome: 'done' });
    const kept = await storedRising(db);
    expect(kept).toMatchObject({ organisationId: ORGANISATION.id, fetchedAt: now.toISOString() });
    expect(kept!.rising.month).toBe(amsterdamDay(now).slice(0, 7));
    expect(kept!.rising.topics.map((t) => [t.topic, t.month.observed])).toEqual([['toeslagen', 20]]);

    // Within the hour nothing is asked; after it the list is read again.
    let asked = 0;
    const counting = { getRising: (token: string) => { asked++; return fetchTransport(server.url).getRising(token); } };
    expect(await refreshRising(db, counting, new Date(now.getTime() + 30 * 60_000))).toBe(false);
    expect(asked).toBe(0);
    expect(await refreshRising(db, counting, new Date(now.getTime() + 61 * 60_000))).toBe(true);
    expect(asked).toBe(1);
  });

  it('keeps the last list when the server cannot be reached or answers something else', async () => {
    const db = await tablet('coordinator');
    const now = new Date();
    expect(await refreshRising(db, fetchTransport(server.url), now)).toBe(true);
    const kept = await getSetting(db, RISING_SETTING, undefined);
    const later = new Date(now.getTime() + 2 * 60 * 60_000);
    expect(await refreshRising(db, { getRising: () => Promise.reject(new TypeError('offline')) }, later)).toBe(false);
    expect(await refreshRising(db, { getRising: async () => ({ status: 200, contentType: 'application/json', bodyText: '{"topics":"nee"}' }) }, later)).toBe(false);
    expect(await refreshRising(db, { getRising: async () => ({ status: 401, contentType: 'application/json', bodyText: '{}' }) }, later)).toBe(false);
    expect(await getSetting(db, RISING_SETTING, undefined)).toEqual(kept);
  });

  it('asks nothing on a staff tablet', async () => {
    const db = await tablet('medewerker');
    let asked = 0;
    expect(await refreshRising(db, { getRising: (token) => { asked++; return fetchTransport(server.url).getRising(token); } }, new Date())).toBe(false);
    expect(asked).toBe(0);
    expect(await storedRising(db)).toBeUndefined();
  });
});
