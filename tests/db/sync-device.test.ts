import { describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import demo from '../../src/db/demo-organisation.json';
import { ensureOrganisation } from '../../src/db/demo-organisation';
import { deleteRegistration, saveRegistration, toRecord } from '../../src/db/registrations';
import { deviceId } from '../../src/db/settings';
import type { StoredRegistration } from '../../src/db/types';
import { DEFAULT_LIMITS, type EnrollResponse } from '../../src/shared/api';
import type { IdoLocation } from '../../src/shared/registration';
import { enrollDevice, unenrollDevice } from '../../src/sync/enroll';
import { getDevice } from '../../src/sync/device';
import { buildEmergencyExport } from '../../src/sync/export';
import { purgeSent } from '../../src/sync/purge';
import { readSyncStatus, updateStatus } from '../../src/sync/status';
import type { RawResponse, Transport } from '../../src/sync/transport';
import { makeRegistration, tabletDbs } from './fixtures';

const newDb = tabletDbs('sync-device');

async function freshDb(): Promise<IdoDb> {
  const db = newDb();
  await ensureOrganisation(db);
  return db;
}

const json = (status: number, body: unknown, retryAfter: string | null = null): RawResponse =>
  ({ status, contentType: 'application/json', retryAfter, bodyText: JSON.stringify(body) });

const NOT_REACHED = 'De tablet bereikt de server niet. Soms moet u eerst in de browser inloggen op de wifi of voorwaarden accepteren. Probeer het daarna opnieuw.';

const ORG = { id: '11111111-2222-4333-8444-555555555555', name: 'Bibliotheek Maas en Waal' };
const LOCATION: IdoLocation = {
  id: 'loc-centrum', organisationId: ORG.id, name: 'Bibliotheek Centrum', municipalityCode: 'GM0668', province: 'Gelderland',
  insideLibrary: true, kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 8, openedOn: '2023-01-01',
};
const ENROLLED: EnrollResponse = {
  deviceId: '99999999-8888-4777-8666-555555555555', token: 'token-shown-once', organisation: ORG, locations: [LOCATION], codelistVersion: 'ido-2024.1',
};

/** A transport that answers enroll and limits as scripted, and records what it was asked. */
function enrollTransport(enroll: RawResponse | Error, limits: RawResponse = json(200, { ...DEFAULT_LIMITS, maxBatchRecords: 200 })) {
  const calls: { code: string; label: string }[] = [];
  const transport: Transport = {
    postBatch: () => Promise.reject(new Error('not used')),
    getLimits: async () => limits,
    enroll: async (code, label) => {
      calls.push({ code, label });
      if (enroll instanceof Error) throw enroll;
      return enroll;
    },
  };
  return { transport, calls };
}

const NOW = new Date('2026-11-24T09:00:00.000Z');

describe('enrollDevice', () => {
  it('stores the device, replaces the demo organisation and its locations, and reads the limits', async () => {
    const db = await freshDb();
    const { transport, calls } = enrollTransport(json(201, ENROLLED));

    const result = await enrollDevice(db, transport, ' ABCD-EFGH ', 'Tablet balie 1', { now: NOW });

    expect(result).toMatchObject({ ok: true, needLocation: 0 });
    expect(calls).toEqual([{ code: 'ABCD-EFGH', label: 'Tablet balie 1' }]);
    expect(await getDevice(db)).toEqual({
      deviceId: ENROLLED.deviceId, token: 'token-shown-once', organisationId: ORG.id, organisationName: ORG.name,
      label: 'Tablet balie 1', enrolledAt: NOW.toISOString(), codelistVersion: 'ido-2024.1', role: 'medewerker',
    });
    expect(await deviceId(db)).toBe(ENROLLED.deviceId);
    expect(await db.organisations.toArray()).toEqual([ORG]);
    expect(await db.locations.toArray()).toEqual([LOCATION]);
    expect(await db.locations.get(demo.locations[0].id)).toBeUndefined();
    expect((await db.settings.get('limits'))?.value).toMatchObject({ maxBatchRecords: 200 });
  });

  it('says the tablet is linked (onLinked) once the device is stored, before the limits are read, and never on a failure', async () => {
    const db = await freshDb();
    const { transport } = enrollTransport(json(201, ENROLLED));
    const order: string[] = [];
    const getLimits = transport.getLimits;
    transport.getLimits = async () => { order.push('limits asked'); return getLimits(); };
    let stored: Promise<unknown> | undefined;
    const result = await enrollDevice(db, transport, 'ABCD-EFGH', 'Tablet', {
      now: NOW,
      onLinked: (linked) => {
        order.push(`linked to ${linked.device.organisationName}`);
        // the page moves on here: the device is there to read
        stored = getDevice(db).then((device) => device?.deviceId);
      },
    });
    expect(result.ok).toBe(true);
    expect(order).toEqual([`linked to ${ORG.name}`, 'limits asked']);
    expect(await stored).toBe(ENROLLED.deviceId);

    const refused: string[] = [];
    const failed = await enrollDevice(await freshDb(), enrollTransport(json(400, { error: 'invalid_code', message: 'x' })).transport, 'ABCD-EFGH', '', { now: NOW, onLinked: () => { refused.push('linked'); } });
    expect(failed.ok).toBe(false);
    expect(refused).toEqual([]);
  });

  it('moves unsent registrations to the new device and asks for a location where theirs is gone', async () => {
    const db = await freshDb();
    const pending = await saveRegistration(db, makeRegistration({ locationId: demo.locations[0].id }));
    const located = await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));
    const sent = await saveRegistration(db, makeRegistration());
    await db.registrations.update(sent.id, { syncState: 'sent', sentRevision: 1 });

    const result = await enrollDevice(db, enrollTransport(json(201, ENROLLED)).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });

    expect(result).toMatchObject({ ok: true, needLocation: 1 });
    expect(await db.registrations.get(pending.id)).toMatchObject({
      deviceId: ENROLLED.deviceId, organisationId: ORG.id, syncState: 'attention', problem: { code: 'unknown_location', field: 'locationId' },
    });
    expect(await db.registrations.get(located.id)).toMatchObject({ deviceId: ENROLLED.deviceId, organisationId: ORG.id, syncState: 'pending' });
    expect(await db.registrations.get(sent.id)).toMatchObject({ deviceId: sent.deviceId, organisationId: sent.organisationId, syncState: 'sent' });
  });

  it('dissolves batches of the old device; records that may have arrived go again as a higher revision', async () => {
    const db = await freshDb();
    const record = await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));
    await db.batches.put({
      batchId: 'old-batch', createdAt: NOW.toISOString(), attempts: 2,
      request: { batchId: 'old-batch', deviceId: 'old-device', sentAt: NOW.toISOString(), records: [toRecord(record)] },
    });
    await updateStatus(db, { state: 'paused', pauseReason: 'reenroll' });

    await enrollDevice(db, enrollTransport(json(201, ENROLLED)).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });

    expect(await db.batches.count()).toBe(0);
    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'pending', revision: 2, deviceId: ENROLLED.deviceId });
    expect(await readSyncStatus(db)).toMatchObject({ state: 'idle', pending: 1 });
  });

  it('keeps a delete made while its record was in a dissolved batch: the record may have arrived, so its delete goes', async () => {
    // Deleted while its batch was out with no answer (a timeout): a record the server never confirmed just goes from the
    // tablet, and the resend of the batch would bring the delete (records.ts). Enrolling again dissolved that batch, and
    // with it the only trace of the record: a copy the server did store stayed there, counted, for good.
    const db = await freshDb();
    const record = await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));
    await db.batches.put({
      batchId: 'old-batch', createdAt: NOW.toISOString(), attempts: 1,
      request: { batchId: 'old-batch', deviceId: 'old-device', sentAt: NOW.toISOString(), records: [toRecord(record)] },
    });
    await deleteRegistration(db, record.id);
    expect(await db.registrations.get(record.id)).toBeUndefined();

    await enrollDevice(db, enrollTransport(json(201, ENROLLED)).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });

    expect(await db.batches.count()).toBe(0);
    expect(await db.registrations.get(record.id)).toMatchObject({
      syncState: 'pending', deleted: true, revision: 2, deviceId: ENROLLED.deviceId, organisationId: ORG.id,
    });
    expect(await readSyncStatus(db)).toMatchObject({ pending: 1, attention: 0 });
  });

  it('puts such a delete in the emergency export too: the file carries the outbox away, and the server may hold the record', async () => {
    const db = await freshDb();
    const kept = await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));
    const record = await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));
    await db.batches.put({
      batchId: 'old-batch', createdAt: NOW.toISOString(), attempts: 1,
      request: { batchId: 'old-batch', deviceId: 'old-device', sentAt: NOW.toISOString(), records: [toRecord(kept), toRecord(record)] },
    });
    await deleteRegistration(db, record.id);

    const file = await buildEmergencyExport(db, NOW);
    expect(file.records.map((r) => [r.id, r.revision, r.deleted])).toEqual([[kept.id, 1, false], [record.id, 2, true]]);
    expect(file.records[1]).not.toHaveProperty('syncState');
    // the export changes nothing on the tablet
    expect(await db.batches.count()).toBe(1);
    expect(await db.registrations.get(record.id)).toBeUndefined();
  });

  it.each([
    ['a bad, used or expired code', json(400, { error: 'invalid_code', message: 'Ongeldige code.' }), 'invalid_code',
      'Deze code klopt niet of is verlopen. Vraag de coördinator om een nieuwe code.'],
    ['no network', new TypeError('Failed to fetch'), 'network',
      'Geen verbinding. Koppelen kan alleen met internet. Probeer het opnieuw als u verbinding hebt.'],
    ['a captive portal', { status: 200, contentType: 'text/html', retryAfter: null, bodyText: '<html>Log in</html>' }, 'network', NOT_REACHED],
    ['too many attempts', json(429, { error: 'rate_limited', message: 'Te veel.' }, '300'), 'rate_limited',
      'Te veel pogingen. Wacht 5 minuten en probeer het dan opnieuw.'],
    ['a server failure', json(500, { error: 'internal_error', message: 'Er ging iets mis op de server.' }), 'server', 'Er ging iets mis op de server.'],
  ] as const)('returns %s as a value with a Dutch message and changes nothing', async (_name, answer, error, message) => {
    const db = await freshDb();

    const result = await enrollDevice(db, enrollTransport(answer as RawResponse | Error).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });

    expect(result).toEqual({ ok: false, error, message });
    expect(await getDevice(db)).toBeUndefined();
    expect((await db.organisations.toArray()).map((o) => o.id)).toEqual([demo.organisation.id]);
  });
});

describe('enrollDevice on a hostile network: only the server\'s own answer counts', () => {
  // What a captive portal, a web filter or a proxy answers instead of the server.
  const bodies: Array<[string, string | null, string]> = [
    ['HTML', 'text/html; charset=utf-8', '<html><body><h1>Welkom bij Bibliotheek-WiFi</h1></body></html>'],
    ['an empty body', null, ''],
    ['text/plain', 'text/plain', 'Forbidden'],
    ['JSON of another shape', 'application/json', JSON.stringify({ status: 'denied', reason: 'category blocked' })],
    ['JSON with an unknown code', 'application/json', JSON.stringify({ error: 'access_denied', message: 'Geen toegang.' })],
    ['the server\'s body with an HTML content type', 'text/html', JSON.stringify({ error: 'invalid_code', message: 'Ongeldige code.' })],
  ];
  const statuses = [200, 201, 400, 401, 403, 404, 413, 429, 500, 502, 503];
  const cases = statuses.flatMap((status) => bodies.map(([body, contentType, bodyText]) => [status, body, { status, contentType, retryAfter: '300', bodyText }] as const));

  it.each(cases)('calls %i with %s a network problem, never a bad code, and changes nothing', async (_status, _body, answer) => {
    const db = await freshDb();

    const result = await enrollDevice(db, enrollTransport(answer as RawResponse).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });

    expect(result).toEqual({ ok: false, error: 'network', message: NOT_REACHED });
    expect(await getDevice(db)).toBeUndefined();
  });

  it.each([
    ['400 invalid_code', json(400, { error: 'invalid_code', message: 'x' }), 'invalid_code', 'Deze code klopt niet of is verlopen. Vraag de coördinator om een nieuwe code.'],
    ['400 invalid_request', json(400, { error: 'invalid_request', message: 'De naam is te lang.' }), 'server', 'De naam is te lang.'],
    ['413 payload_too_large', json(413, { error: 'payload_too_large', message: 'Te groot.' }), 'server', 'Te groot.'],
    ['503 database_unavailable', json(503, { error: 'database_unavailable', message: 'Later.' }, '5'), 'server', 'Later.'],
  ] as const)('still reads the server\'s own %s as before', async (_name, answer, error, message) => {
    const db = await freshDb();
    const result = await enrollDevice(db, enrollTransport(answer).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });
    expect(result).toEqual({ ok: false, error, message });
  });
});

describe('unenrollDevice', () => {
  it('refuses while registrations are unsent, and says how many', async () => {
    const db = await freshDb();
    await enrollDevice(db, enrollTransport(json(201, ENROLLED)).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });
    await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));
    await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));

    expect(await unenrollDevice(db)).toEqual({
      ok: false, error: 'unsent', unsent: 2, message: 'Er zijn 2 registraties nog niet verstuurd. Verstuur ze eerst, of maak een noodexport.',
    });
    expect(await getDevice(db)).toBeDefined();
    expect(await db.registrations.count()).toBe(2);
  });

  it('forgets the device and its data after an emergency export, back to the demo organisation', async () => {
    const db = await freshDb();
    await enrollDevice(db, enrollTransport(json(201, ENROLLED)).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });
    await saveRegistration(db, makeRegistration({ locationId: LOCATION.id }));

    expect(await unenrollDevice(db, { exported: true })).toEqual({ ok: true });

    expect(await getDevice(db)).toBeUndefined();
    expect(await db.registrations.count()).toBe(0);
    expect((await db.organisations.toArray()).map((o) => o.id)).toEqual([demo.organisation.id]);
    expect(await db.settings.get('deviceId')).toBeUndefined();
  });
});

async function storeAs(db: IdoDb, syncState: StoredRegistration['syncState'], day: string, extra: Partial<StoredRegistration> = {}) {
  const record = makeRegistration({ startedAt: `${day}T10:00:00+01:00` });
  const stored: StoredRegistration = { ...record, syncState, day, savedAt: `${day}T09:00:00.000Z`, ...extra };
  await db.registrations.put(stored);
  return stored;
}

describe('buildEmergencyExport', () => {
  it('holds exactly the unsent registrations, in wire form, and changes nothing', async () => {
    const db = await freshDb();
    await enrollDevice(db, enrollTransport(json(201, ENROLLED)).transport, 'ABCD-EFGH', 'Tablet', { now: NOW });
    const pending = await storeAs(db, 'pending', '2026-11-20');
    const attention = await storeAs(db, 'attention', '2026-11-21', { problem: { code: 'invalid_field', message: 'x' } });
    await storeAs(db, 'sent', '2026-11-22', { sentRevision: 1 });
    const before = await db.registrations.toArray();

    const exported = await buildEmergencyExport(db, NOW);

    expect(exported).toEqual({
      exportedAt: NOW.toISOString(), deviceId: ENROLLED.deviceId, organisationId: ORG.id, records: [toRecord(pending), toRecord(attention)],
    });
    expect(exported.records[1]).not.toHaveProperty('problem');
    expect(await db.registrations.toArray()).toEqual(before);
  });
});

describe('purgeSent', () => {
  it('deletes sent registrations older than the given days and keeps every unsent one', async () => {
    const db = await freshDb();
    const oldSent = await storeAs(db, 'sent', '2026-10-24', { sentRevision: 1, heldRevision: 1, heldAt: '2026-10-01T00:00:00.000Z' });
    const recentSent = await storeAs(db, 'sent', '2026-10-25', { sentRevision: 1, heldRevision: 1, heldAt: '2026-10-01T00:00:00.000Z' });
    const oldPending = await storeAs(db, 'pending', '2026-01-01');
    const oldAttention = await storeAs(db, 'attention', '2026-01-01', { problem: { code: 'x', message: 'y' } });

    expect(await purgeSent(db, NOW)).toBe(1);

    expect(await db.registrations.get(oldSent.id)).toBeUndefined();
    for (const kept of [recentSent, oldPending, oldAttention]) expect(await db.registrations.get(kept.id)).toBeDefined();
  });

  it('reads the number of days from the setting when none is given', async () => {
    const db = await freshDb();
    const sent = await storeAs(db, 'sent', '2026-11-20', { sentRevision: 1, heldRevision: 1, heldAt: '2026-10-01T00:00:00.000Z' });
    await db.settings.put({ key: 'purgeAfterDays', value: 3 });

    expect(await purgeSent(db, NOW)).toBe(1);
    expect(await db.registrations.get(sent.id)).toBeUndefined();
  });
});

describe('purgeSent: proof before purge', () => {
  it('keeps an old sent registration until a delivery check found it held at its revision, at least that many days ago', async () => {
    const db = await freshDb();
    const longAgo = new Date(NOW.getTime() - 31 * 24 * 3_600_000).toISOString();
    const unchecked = await storeAs(db, 'sent', '2026-01-01', { sentRevision: 1 });
    const heldBeforeAnEdit = await storeAs(db, 'sent', '2026-01-01', { revision: 2, sentRevision: 2, heldRevision: 1, heldAt: longAgo });
    // delivered late (the tablet was offline for weeks) and found held yesterday: a backup from before yesterday lacks it
    const heldRecently = await storeAs(db, 'sent', '2026-01-01', { sentRevision: 1, heldRevision: 1, heldAt: new Date(NOW.getTime() - 24 * 3_600_000).toISOString() });
    const held = await storeAs(db, 'sent', '2026-01-01', { revision: 2, sentRevision: 2, heldRevision: 2, heldAt: longAgo });

    expect(await purgeSent(db, NOW)).toBe(1);
    expect(await db.registrations.get(held.id)).toBeUndefined();
    for (const kept of [unchecked, heldBeforeAnEdit, heldRecently]) expect(await db.registrations.get(kept.id)).toBeDefined();
  });
});

describe('readSyncStatus', () => {
  it('derives the pending and attention counts from the index, next to the persisted status', async () => {
    const db = await freshDb();
    await storeAs(db, 'pending', '2026-11-24');
    await storeAs(db, 'pending', '2026-11-24');
    await storeAs(db, 'attention', '2026-11-24');
    await storeAs(db, 'sent', '2026-11-24');
    await updateStatus(db, { lastSentAt: NOW.toISOString() });

    expect(await readSyncStatus(db)).toEqual({ state: 'idle', failures: 0, lastSentAt: NOW.toISOString(), pending: 2, attention: 1 });
  });
});
