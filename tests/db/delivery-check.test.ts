import { describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { saveRegistration, toRecord } from '../../src/db/registrations';
import type { EnrolledDevice, StoredRegistration } from '../../src/db/types';
import { type DayCheckRequest, type DayCheckResult, dayDigest, type DeliveryCheckRequest, type DeliveryCheckResult } from '../../src/shared/delivery-check';
import { checkDelivered, DELIVERY_CHECK_KEY } from '../../src/sync/delivery-check';
import { readStoredStatus } from '../../src/sync/status';
import type { DeliveryCheckTransport, RawResponse } from '../../src/sync/transport';
import { makeRegistration, tabletDbs } from './fixtures';

/*
 * The delivery check's every answer, with a scripted server (the real one is in sync-delivery-check.test.ts):
 * what changes on the tablet, and what must not.
 */
const NOW = new Date('2026-11-30T12:00:00.000Z');
const DEVICE: EnrolledDevice = {
  deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', token: 'tablet-token', organisationId: 'org', organisationName: 'Org',
  label: 'Tablet', enrolledAt: '2026-11-01T00:00:00.000Z', codelistVersion: '1',
};
const newDb = tabletDbs('delivery-check-unit');

async function enrolledDb(): Promise<IdoDb> {
  const db = newDb();
  await db.settings.put({ key: 'device', value: DEVICE });
  return db;
}

/** `count` registrations stored as sent at `revision`. */
async function sent(db: IdoDb, count: number, revision = 1): Promise<StoredRegistration[]> {
  const rows = Array.from({ length: count }, (_, i): StoredRegistration => ({
    ...makeRegistration({ revision }), syncState: 'sent', day: '2026-11-24', savedAt: new Date(NOW.getTime() - 1000 + i).toISOString(), sentRevision: revision,
  }));
  await db.registrations.bulkPut(rows);
  return rows;
}

const json = (status: number, body: unknown, retryAfter?: string): RawResponse => ({ status, bodyText: JSON.stringify(body), contentType: 'application/json', retryAfter });

/** A server that answers each request with `answer(request)`; it keeps what it was asked. */
function scripted(answer: (request: DeliveryCheckRequest) => RawResponse | Promise<RawResponse>) {
  const asked: DeliveryCheckRequest[] = [];
  const tokens: string[] = [];
  const transport: DeliveryCheckTransport = {
    checkRegistrations: async (request, token) => {
      asked.push(structuredClone(request));
      tokens.push(token);
      return answer(request);
    },
  };
  return { transport, asked, tokens };
}
const answerAll = (status: (id: string) => DeliveryCheckResult['status']) => (request: DeliveryCheckRequest) =>
  json(200, { results: request.records.map(({ id }) => ({ id, status: status(id) })) });

describe('checkDelivered', () => {
  it('asks for every sent registration, id and revision, in chunks of at most 1000, with the tablet\'s token', async () => {
    const db = await enrolledDb();
    const rows = await sent(db, 2500, 2);
    await saveRegistration(db, makeRegistration()); // pending: not asked
    const server = scripted(answerAll(() => 'held'));

    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 2500, missing: 0 });
    expect(server.asked.map((request) => request.records.length)).toEqual([1000, 1000, 500]);
    expect(server.asked.flatMap((request) => request.records).sort((a, b) => a.id.localeCompare(b.id)))
      .toEqual(rows.map(({ id }) => ({ id, revision: 2 })).sort((a, b) => a.id.localeCompare(b.id)));
    expect(new Set(server.tokens)).toEqual(new Set([DEVICE.token]));
    expect((await db.registrations.where('syncState').equals('sent').toArray()).every((r) => r.heldRevision === 2)).toBe(true);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toEqual({ key: DELIVERY_CHECK_KEY, value: NOW.toISOString() });
  });

  it('puts a missing registration back to pending with the same id, revision and content, without proof', async () => {
    const db = await enrolledDb();
    const [lost, kept] = await sent(db, 2, 3);
    await db.registrations.update(lost.id, { heldRevision: 3 }); // held at an earlier check, lost in a restore since
    const server = scripted(answerAll((id) => (id === lost.id ? 'missing' : 'held')));

    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 2, missing: 1 });
    const back = (await db.registrations.get(lost.id))!;
    expect(back).toMatchObject({ syncState: 'pending', revision: 3, sentRevision: 3 });
    expect(back).not.toHaveProperty('heldRevision');
    expect(toRecord(back)).toEqual(toRecord(lost));
    expect(await db.registrations.get(kept.id)).toMatchObject({ syncState: 'sent', heldRevision: 3 });
  });

  it('runs at most once in 24 hours after a full answer', async () => {
    const db = await enrolledDb();
    await sent(db, 1);
    const server = scripted(answerAll(() => 'held'));
    await checkDelivered(db, server.transport, NOW);
    expect(await checkDelivered(db, server.transport, new Date(NOW.getTime() + 23 * 3_600_000))).toEqual({ outcome: 'not_due' });
    expect(server.asked).toHaveLength(1);
    expect(await checkDelivered(db, server.transport, new Date(NOW.getTime() + 24 * 3_600_000))).toMatchObject({ outcome: 'done' });
    expect(server.asked).toHaveLength(2);
    // the first proof at a revision starts the purge clock; a later one does not restart it
    expect(await db.registrations.toArray()).toEqual([expect.objectContaining({ heldRevision: 1, heldAt: NOW.toISOString() })]);
  });

  it.each([
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch')), 'network'],
    ['429 with Retry-After', () => json(429, { error: 'rate_limited', message: 'x' }, '30'), 'http_429'],
    ['500', () => json(500, { error: 'internal_error', message: 'x' }), 'http_500'],
    ['503', () => json(503, { error: 'database_unavailable', message: 'x' }, '5'), 'http_503'],
    ['404 from a server without the check', () => json(404, { error: 'not_found', message: 'x' }), 'http_404'],
    ['HTML from a captive portal', () => ({ status: 200, bodyText: '<html>', contentType: 'text/html' }), 'malformed'],
    ['too few results', (request: DeliveryCheckRequest) => json(200, { results: request.records.slice(1).map(({ id }) => ({ id, status: 'missing' })) }), 'malformed'],
    ['results in another order', (request: DeliveryCheckRequest) => json(200, { results: [...request.records].reverse().map(({ id }) => ({ id, status: 'missing' })) }), 'malformed'],
    ['an unknown status', (request: DeliveryCheckRequest) => json(200, { results: request.records.map(({ id }) => ({ id, status: 'gone' })) }), 'malformed'],
  ])('leaves everything as it is after %s, and tries again on the next run', async (_name, answer, why) => {
    const db = await enrolledDb();
    await sent(db, 3);
    const before = await db.registrations.toArray();
    const statusBefore = await readStoredStatus(db);
    expect(await checkDelivered(db, scripted(answer as () => RawResponse).transport, NOW)).toEqual({ outcome: 'failed', why, missing: 0 });
    expect(await db.registrations.toArray()).toEqual(before);
    expect(await readStoredStatus(db)).toEqual(statusBefore);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toBeUndefined();
    expect(await checkDelivered(db, scripted(answerAll(() => 'held')).transport, new Date(NOW.getTime() + 60_000))).toMatchObject({ outcome: 'done' });
  });

  it.each([
    [401, 'unauthorized', 'reenroll'],
    [403, 'device_revoked', 'revoked'],
  ] as const)('pauses sending on %i as a batch would, and changes no registration', async (status, error, reason) => {
    const db = await enrolledDb();
    await sent(db, 2);
    const before = await db.registrations.toArray();
    const server = scripted(() => json(status, { error, message: 'Deze tablet is ontkoppeld.' }));
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'paused', reason, missing: 0 });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: reason, pauseMessage: 'Deze tablet is ontkoppeld.' });
    expect(await db.registrations.toArray()).toEqual(before);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toBeUndefined();
  });

  it('runs again at once after a check done by a clock that ran ahead and has since been set right', async () => {
    // A check stamped a year ahead is not "less than 24 hours old": the tablet would have checked nothing for a year.
    const db = await enrolledDb();
    await sent(db, 1);
    const server = scripted(answerAll(() => 'held'));
    await checkDelivered(db, server.transport, new Date(NOW.getTime() + 365 * 24 * 3_600_000));
    expect(await checkDelivered(db, server.transport, NOW)).toMatchObject({ outcome: 'done' });
    expect(server.asked).toHaveLength(2);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toMatchObject({ value: NOW.toISOString() });
  });

  it('keeps an edit made while the check was on its way: the edit is pending as a higher revision, not put back', async () => {
    const db = await enrolledDb();
    const [record] = await sent(db, 1);
    const server = scripted(async (request) => {
      await saveRegistration(db, { ...toRecord(record), durationMinutes: 45 });
      return answerAll(() => 'missing')(request);
    });
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 1, missing: 0 });
    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'pending', revision: 2, durationMinutes: 45 });
  });

  it('keeps the results of chunks that were answered when a later chunk fails', async () => {
    const db = await enrolledDb();
    await sent(db, 1500);
    let calls = 0;
    const server = scripted((request) => (++calls === 1 ? answerAll(() => 'missing')(request) : json(503, {}, '5')));
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'failed', why: 'http_503', missing: 1000 });
    expect(await db.registrations.where('syncState').equals('pending').count()).toBe(1000);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toBeUndefined();
  });

  it('asks nothing before the tablet is enrolled', async () => {
    const db = newDb();
    const server = scripted(answerAll(() => 'held'));
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'not_enrolled' });
    expect(server.asked).toHaveLength(0);
  });
});

/** `count` registrations stored as sent on `day`. */
async function sentOn(db: IdoDb, day: string, count: number, revision = 1): Promise<StoredRegistration[]> {
  const rows = (await sent(db, count, revision)).map((row) => ({ ...row, day }));
  await db.registrations.bulkPut(rows);
  return rows;
}

/** A server with both checks: `days` answers the day check, `ids` the per-id check. */
function withDays(
  days: (request: DayCheckRequest) => RawResponse | Promise<RawResponse>,
  ids: (request: DeliveryCheckRequest) => RawResponse | Promise<RawResponse> = answerAll(() => 'held'),
) {
  const askedDays: DayCheckRequest[] = [];
  const askedIds: DeliveryCheckRequest[] = [];
  const transport: DeliveryCheckTransport = {
    checkDays: async (request) => {
      askedDays.push(structuredClone(request));
      return days(request);
    },
    checkRegistrations: async (request) => {
      askedIds.push(structuredClone(request));
      return ids(request);
    },
  };
  return { transport, askedDays, askedIds };
}
const answerDays = (status: (day: string) => DayCheckResult['status']) => (request: DayCheckRequest) =>
  json(200, { days: request.days.map(({ day }) => ({ day, status: status(day) })) });

describe('checkDelivered per day', () => {
  it('sends per day the count and digest of its sent registrations, proves a day the server has the same, and asks per id only for a day that differs', async () => {
    const db = await enrolledDb();
    const monday = await sentOn(db, '2026-11-23', 3, 2);
    const tuesday = await sentOn(db, '2026-11-24', 2);
    const friday = await sentOn(db, '2026-11-27', 4);
    await saveRegistration(db, makeRegistration()); // pending: not in any day
    const lost = tuesday[1];
    const server = withDays(answerDays((day) => (day === '2026-11-24' ? 'differs' : 'same')), answerAll((id) => (id === lost.id ? 'missing' : 'held')));

    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 9, missing: 1 });
    const digest = (rows: StoredRegistration[]) => dayDigest(rows.map(({ id, revision }) => ({ id, revision })));
    expect(server.askedDays).toEqual([{ days: [
      { day: '2026-11-23', count: 3, digest: await digest(monday) },
      { day: '2026-11-24', count: 2, digest: await digest(tuesday) },
      { day: '2026-11-27', count: 4, digest: await digest(friday) },
    ] }]);
    // only the day that differs goes out as a list of ids
    expect(server.askedIds).toHaveLength(1);
    expect([...server.askedIds[0].records].sort((a, b) => a.id.localeCompare(b.id)))
      .toEqual(tuesday.map(({ id }) => ({ id, revision: 1 })).sort((a, b) => a.id.localeCompare(b.id)));
    for (const row of [...monday, ...friday]) expect(await db.registrations.get(row.id)).toMatchObject({ syncState: 'sent', heldRevision: row.revision, heldAt: NOW.toISOString() });
    expect(await db.registrations.get(tuesday[0].id)).toMatchObject({ syncState: 'sent', heldRevision: 1 });
    expect(await db.registrations.get(lost.id)).toMatchObject({ syncState: 'pending', revision: 1 });
    expect(await db.registrations.get(lost.id)).not.toHaveProperty('heldRevision');
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toEqual({ key: DELIVERY_CHECK_KEY, value: NOW.toISOString() });
  });

  it('sends no ids at all when every day is the same', async () => {
    const db = await enrolledDb();
    await sentOn(db, '2026-11-23', 5);
    await sentOn(db, '2026-11-24', 5);
    const server = withDays(answerDays(() => 'same'));
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 10, missing: 0 });
    expect(server.askedDays).toHaveLength(1);
    expect(server.askedIds).toHaveLength(0);
    expect((await db.registrations.toArray()).every((r) => r.heldRevision === r.revision)).toBe(true);
  });

  it('asks a record whose day is no plain date per id, and the other days per day', async () => {
    const db = await enrolledDb();
    const [odd] = await sentOn(db, '', 1);
    const normal = await sentOn(db, '2026-11-23', 2);
    const server = withDays(answerDays(() => 'same'));
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 3, missing: 0 });
    expect(server.askedDays).toEqual([{ days: [expect.objectContaining({ day: '2026-11-23', count: 2 })] }]);
    expect(server.askedIds).toEqual([{ records: [{ id: odd.id, revision: 1 }] }]);
    expect((await db.registrations.toArray()).every((r) => r.heldRevision === 1)).toBe(true);
    expect(normal).toHaveLength(2);
  });

  it('asks at most 400 days a request', async () => {
    const db = await enrolledDb();
    const days = Array.from({ length: 401 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    for (const day of days) await sentOn(db, day, 1);
    const server = withDays(answerDays(() => 'same'));
    expect(await checkDelivered(db, server.transport, NOW)).toMatchObject({ outcome: 'done', checked: 401 });
    expect(server.askedDays.map((request) => request.days.length)).toEqual([400, 1]);
    expect(server.askedDays.flatMap((request) => request.days.map((d) => d.day))).toEqual(days);
  });

  it('asks every day per id when the server has no day check (404 not_found)', async () => {
    const db = await enrolledDb();
    const rows = [...await sentOn(db, '2026-11-23', 2), ...await sentOn(db, '2026-11-24', 1)];
    const server = withDays(() => json(404, { error: 'not_found', message: 'Deze pagina bestaat niet.' }));
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 3, missing: 0 });
    expect(server.askedIds.flatMap((request) => request.records.map((r) => r.id)).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it.each([
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch')), 'network'],
    ['429', () => json(429, { error: 'rate_limited', message: 'x' }, '30'), 'http_429'],
    ['503', () => json(503, { error: 'database_unavailable', message: 'x' }, '5'), 'http_503'],
    ['an HTML 404 from a proxy', () => ({ status: 404, bodyText: '<html>Not found</html>', contentType: 'text/html' }), 'http_404'],
    ['HTML from a captive portal', () => ({ status: 200, bodyText: '<html>', contentType: 'text/html' }), 'malformed'],
    ['too few days', (request: DayCheckRequest) => json(200, { days: request.days.slice(1).map(({ day }) => ({ day, status: 'same' })) }), 'malformed'],
    ['days in another order', (request: DayCheckRequest) => json(200, { days: [...request.days].reverse().map(({ day }) => ({ day, status: 'same' })) }), 'malformed'],
    ['an unknown status', (request: DayCheckRequest) => json(200, { days: request.days.map(({ day }) => ({ day, status: 'held' })) }), 'malformed'],
  ])('leaves everything as it is after %s on the day check, and asks no ids', async (_name, answer, why) => {
    const db = await enrolledDb();
    await sentOn(db, '2026-11-23', 2);
    await sentOn(db, '2026-11-24', 2);
    const before = await db.registrations.toArray();
    const server = withDays(answer as () => RawResponse);
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'failed', why, missing: 0 });
    expect(server.askedIds).toHaveLength(0);
    expect(await db.registrations.toArray()).toEqual(before);
    expect(await db.settings.get(DELIVERY_CHECK_KEY)).toBeUndefined();
  });

  it.each([
    [401, 'unauthorized', 'reenroll'],
    [403, 'device_revoked', 'revoked'],
  ] as const)('pauses sending on %i to the day check, and changes no registration', async (status, error, reason) => {
    const db = await enrolledDb();
    await sentOn(db, '2026-11-23', 2);
    const before = await db.registrations.toArray();
    const server = withDays(() => json(status, { error, message: 'Deze tablet is ontkoppeld.' }));
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'paused', reason, missing: 0 });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: reason });
    expect(await db.registrations.toArray()).toEqual(before);
    expect(server.askedIds).toHaveLength(0);
  });

  it('does not prove an edit made while the day check was on its way', async () => {
    const db = await enrolledDb();
    const [record, other] = await sentOn(db, '2026-11-23', 2);
    const server = withDays(async (request) => {
      await saveRegistration(db, { ...toRecord(record), durationMinutes: 45 });
      return answerDays(() => 'same')(request);
    });
    expect(await checkDelivered(db, server.transport, NOW)).toEqual({ outcome: 'done', checked: 2, missing: 0 });
    const edited = (await db.registrations.get(record.id))!;
    expect(edited).toMatchObject({ syncState: 'pending', revision: 2 });
    expect(edited.heldRevision).toBeUndefined();
    expect(await db.registrations.get(other.id)).toMatchObject({ syncState: 'sent', heldRevision: 1 });
  });
});
