import Dexie from 'dexie';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { getSetting } from '../../src/db/settings';
import { buildServer } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import type { DeviceRole } from '../../src/shared/api';
import { amsterdamDay } from '../../src/shared/time';
import { getDevice } from '../../src/sync/device';
import { enrollDevice } from '../../src/sync/enroll';
import { syncAll } from '../../src/sync/kaart-sync';
import { refreshRising, RISING_SETTING, storedRising } from '../../src/sync/rising';
import { fetchTransport } from '../../src/sync/transport';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import { batch, LOCATIONS, ORGANISATION, question, registration } from '../server/fixtures';
import '../server/server-secret';

/*
 * "Opvallend" reaches the coordinator's tablet at sync: the real server, a real Dexie (fake-indexeddb). Toeslagen:
 * 3 a month for five months, then 20 this month (so far): a rise whatever day of the month the test runs.
 */
let serverDb: Database;
let app: FastifyInstance;
let url = '';
const opened: IdoDb[] = [];

function monthsBack(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15, 10)).toISOString();
}

beforeAll(async () => {
  serverDb = await openPglite();
  await migrate(serverDb);
  await createOrganisation(serverDb, ORGANISATION);
  for (const location of LOCATIONS) await createLocation(serverDb, location);
  app = await buildServer({ db: serverDb, version: 'test' });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000); // PGlite and the migrations take seconds on a busy machine
afterAll(async () => {
  await app?.close();
  await serverDb?.close();
});
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function tablet(role: DeviceRole): Promise<IdoDb> {
  const db = new IdoDb(`rising-${crypto.randomUUID()}`);
  opened.push(db);
  const result = await enrollDevice(db, fetchTransport(url), await createEnrollmentCode(serverDb, ORGANISATION.id, 7, role), 'Tablet');
  expect(result).toMatchObject({ ok: true });
  return db;
}

describe('the rising topics on the coordinator\'s tablet', () => {
  it('fetches them at the end of a sync, keeps them for Overzicht offline, and re-reads them at most hourly', async () => {
    const db = await tablet('coordinator');
    const device = (await getDevice(db))!;
    const thisMonth = Array.from({ length: 20 }, (_, i) => new Date(Date.now() - 60_000 - i * 1000).toISOString());
    const records = [
      ...[5, 4, 3, 2, 1].flatMap((back) => Array.from({ length: 3 }, () => monthsBack(back))),
      ...thisMonth,
    ].map((startedAt) => registration(device.deviceId, { startedAt, questions: [question({ topics: ['toeslagen'] })] }));
    const body = batch(device.deviceId, records);
    const sent = await app.inject({ method: 'POST', url: '/api/v1/batches', headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, payload: body });
    expect(sent.statusCode, sent.body).toBe(200);

    const now = new Date();
    expect(await syncAll(db, { transport: fetchTransport(url), locks: null, now: () => now })).toMatchObject({ outcome: 'done' });
    const kept = await storedRising(db);
    expect(kept).toMatchObject({ organisationId: ORGANISATION.id, fetchedAt: now.toISOString() });
    expect(kept!.rising.month).toBe(amsterdamDay(now).slice(0, 7));
    expect(kept!.rising.topics.map((t) => [t.topic, t.month.observed])).toEqual([['toeslagen', 20]]);

    // Within the hour nothing is asked; after it the list is read again.
    let asked = 0;
    const counting = { getRising: (token: string) => { asked++; return fetchTransport(url).getRising(token); } };
    expect(await refreshRising(db, counting, new Date(now.getTime() + 30 * 60_000))).toBe(false);
    expect(asked).toBe(0);
    expect(await refreshRising(db, counting, new Date(now.getTime() + 61 * 60_000))).toBe(true);
    expect(asked).toBe(1);
  });

  it('keeps the last list when the server cannot be reached or answers something else', async () => {
    const db = await tablet('coordinator');
    const now = new Date();
    expect(await refreshRising(db, fetchTransport(url), now)).toBe(true);
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
    expect(await refreshRising(db, { getRising: (token) => { asked++; return fetchTransport(url).getRising(token); } }, new Date())).toBe(false);
    expect(asked).toBe(0);
    expect(await storedRising(db)).toBeUndefined();
  });
});
