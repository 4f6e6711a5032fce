import { describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { saveKaartEdit } from '../../src/db/kaart/edits';
import { saveRegistration } from '../../src/db/registrations';
import type { EnrolledDevice, KaartOutgoingChange, StoredRegistration } from '../../src/db/types';
import { DEFAULT_LIMITS, type BatchRequest } from '../../src/shared/api';
import type { DeliveryCheckRequest } from '../../src/shared/delivery-check';
import demo from '../../src/shared/kaart/demo-kaart.json';
import { importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { KAART_ENTITIES, type KaartChange } from '../../src/shared/kaart/types';
import { needsBackgroundSync } from '../../src/sync/background-sync';
import { checkDelivered } from '../../src/sync/delivery-check';
import { pullKaart } from '../../src/sync/kaart-pull';
import { pushKaart } from '../../src/sync/kaart-push';
import { readKaartStatus } from '../../src/sync/kaart-status';
import { syncAll } from '../../src/sync/kaart-sync';
import { drainOutbox } from '../../src/sync/outbox';
import { pauseNotice, readSyncStatus } from '../../src/sync/status';
import type { DeliveryCheckTransport, KaartTransport, RawResponse, Transport } from '../../src/sync/transport';
import { makeRegistration, tabletDbs } from './fixtures';

/*
 * A hostile network: a captive portal, a web filter or a proxy answers 401, 403, 400 or 413 instead
 * of the server, with HTML, an empty body or JSON of its own. The tablet must take none of it for the
 * server's word: no pause ("de tablet moet opnieuw gekoppeld worden"), no quarantine, no split, no
 * refused kaart edit; it backs off and sends the same request again.
 */

const PORTAL = '<!doctype html><html><body><h1>Welkom bij Bibliotheek-WiFi</h1><p>Accepteer de voorwaarden.</p></body></html>';
const html = (status: number): RawResponse => ({ status, contentType: 'text/html; charset=utf-8', retryAfter: null, bodyText: PORTAL });
const json = (status: number, body: unknown): RawResponse => ({ status, contentType: 'application/json; charset=utf-8', retryAfter: null, bodyText: JSON.stringify(body) });
const HOSTILE: Array<[string, RawResponse]> = [
  ['an HTML 403', html(403)],
  ['an HTML 401', html(401)],
  ['an HTML 400', html(400)],
  ['an empty 413', { status: 413, contentType: null, retryAfter: null, bodyText: '' }],
  ['a text/plain 403', { status: 403, contentType: 'text/plain', retryAfter: null, bodyText: 'Forbidden' }],
  ['a JSON 401 of another shape', json(401, { status: 'login_required', portal: 'https://wifi.example/login' })],
  ['a JSON 403 with an unknown code', json(403, { error: 'blocked_by_filter', message: 'Deze site is geblokkeerd.' })],
  ['an HTML 415', html(415)],
];
const accepted = (batch: BatchRequest) => json(200, {
  batchId: batch.batchId, serverTime: '2026-11-24T09:20:00.000Z', results: batch.records.map((r) => ({ id: r.id, status: 'accepted' })),
});

type Step<I> = RawResponse | ((input: I) => RawResponse);

/** A network that answers each endpoint from its own script. */
class Network implements Transport, KaartTransport, DeliveryCheckTransport {
  readonly batches: BatchRequest[] = [];
  readonly pushes: { changes: KaartOutgoingChange[] }[] = [];
  readonly pulls: (string | undefined)[] = [];
  constructor(readonly script: { batch?: Step<BatchRequest>[]; push?: Step<{ changes: KaartOutgoingChange[] }>[]; pull?: RawResponse[]; check?: RawResponse[] }) {}
  async postBatch(batch: BatchRequest) {
    this.batches.push(structuredClone(batch));
    return next(this.script.batch, batch);
  }
  async postKaartChanges(request: { changes: KaartOutgoingChange[] }) {
    this.pushes.push(structuredClone(request));
    return next(this.script.push, request);
  }
  async getKaartChanges(since: string | undefined) {
    this.pulls.push(since);
    return next(this.script.pull, since);
  }
  async checkRegistrations(_request: DeliveryCheckRequest) {
    return next(this.script.check, _request);
  }
  async getLimits() {
    return json(200, DEFAULT_LIMITS);
  }
  async enroll(): Promise<RawResponse> {
    throw new Error('not used');
  }
}
function next<I>(steps: Step<I>[] | RawResponse[] | undefined, input: I): RawResponse {
  const step = steps?.shift();
  if (step === undefined) throw new Error('the script has no more answers');
  return typeof step === 'function' ? step(input) : step;
}

const DEVICE: EnrolledDevice = {
  deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', token: 'secret-token', organisationId: '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f',
  organisationName: 'Bibliotheek', label: 'Tablet balie 1', enrolledAt: '2026-11-01T09:00:00.000Z', codelistVersion: 'ido-2024.1',
};
const START = Date.parse('2026-11-24T09:15:00.000Z');
const newDb = tabletDbs('sync-hostile');

async function setup() {
  const db = newDb();
  await db.settings.put({ key: 'device', value: DEVICE });
  const clock = { now: START };
  const deps = { now: () => new Date(clock.now), random: () => 0.5 };
  return { db, clock, deps };
}

async function saveMany(db: IdoDb, count: number): Promise<StoredRegistration[]> {
  const saved: StoredRegistration[] = [];
  for (let i = 0; i < count; i++) saved.push(await saveRegistration(db, makeRegistration(), new Date(START - (count - i) * 60_000)));
  return saved;
}

/** Nothing the server alone may cause: no pause, no record in attention. */
async function expectNotStopped(db: IdoDb) {
  const status = await readSyncStatus(db);
  expect(status.state).not.toBe('paused');
  expect(status.pauseReason).toBeUndefined();
  expect(status.attention).toBe(0);
}

describe('the registrations outbox on a hostile network', () => {
  it('an HTML 403 from a captive portal: keeps the batch, does not pause, and resends the same batchId after the backoff', async () => {
    const { db, clock, deps } = await setup();
    const saved = await saveMany(db, 3);
    const network = new Network({ batch: [html(403), accepted] });

    const first = await drainOutbox(db, { transport: network, locks: null, ...deps });

    expect(first).toEqual({ outcome: 'waiting', nextAttemptAt: expect.any(String), sent: 0, left: 3 });
    expect(needsBackgroundSync({ ...first })).toBe(true);
    await expectNotStopped(db);
    expect(await readSyncStatus(db)).toMatchObject({ state: 'backoff', failures: 1, pending: 3 });
    expect((await db.batches.toArray()).map((b) => b.batchId)).toEqual([network.batches[0].batchId]);
    for (const r of saved) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'pending' });

    clock.now = Date.parse((first as { nextAttemptAt: string }).nextAttemptAt);
    expect(await drainOutbox(db, { transport: network, locks: null, ...deps })).toEqual({ outcome: 'done', sent: 3 });

    expect(network.batches).toHaveLength(2);
    expect(network.batches[1]).toEqual(network.batches[0]);
    for (const r of saved) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent' });
    expect(await readSyncStatus(db)).toMatchObject({ state: 'idle', failures: 0 });
  });

  it.each(HOSTILE)('%s: an unknown outcome, the same batch again, never a pause, quarantine or split', async (_name, answer) => {
    const { db, clock, deps } = await setup();
    await saveMany(db, 4);
    const network = new Network({ batch: [answer, answer, accepted] });

    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await drainOutbox(db, { transport: network, locks: null, ...deps });
      expect(result).toMatchObject({ outcome: 'waiting', left: 4 });
      await expectNotStopped(db);
      expect(await db.batches.count()).toBe(1);
      clock.now = Date.parse((result as { nextAttemptAt: string }).nextAttemptAt);
    }
    expect(await drainOutbox(db, { transport: network, locks: null, ...deps })).toEqual({ outcome: 'done', sent: 4 });

    expect(new Set(network.batches.map((b) => JSON.stringify(b))).size).toBe(1);
    expect((await readSyncStatus(db)).lastError).toBeUndefined();
  });

  it('the server\'s own 401 still pauses, with the message to enroll again', async () => {
    const { db, deps } = await setup();
    await saveMany(db, 1);
    const network = new Network({ batch: [json(401, { error: 'unauthorized', message: 'Koppel de tablet opnieuw.' })] });

    expect(await drainOutbox(db, { transport: network, locks: null, ...deps })).toEqual({ outcome: 'paused', reason: 'reenroll', sent: 0 });
    expect(pauseNotice('reenroll')).toBe('Versturen is gestopt: koppel de tablet opnieuw.');
  });

  it('syncAll ends waiting with the records left, so the page asks for a Background Sync', async () => {
    const { db, deps } = await setup();
    await saveMany(db, 2);

    const result = await syncAll(db, { transport: new Network({ batch: [html(403)] }), locks: null, ...deps });

    expect(result).toMatchObject({ outcome: 'waiting', left: 2 });
    expect(needsBackgroundSync(result)).toBe(true);
  });
});

// ---- the kaart: the demo kaart as the server's changes, pulled once ----
const { records } = importHsdsJson(demo);
const demoChanges: KaartChange[] = KAART_ENTITIES.flatMap((entity) =>
  records[entity].map((data) => ({ entity, id: data.id, version: 1, deleted: false, data }) as KaartChange));
const page = (items: KaartChange[], nextCursor: string) => json(200, { items, nextCursor, hasMore: false });

async function setupPulled() {
  const context = await setup();
  await pullKaart(context.db, new Network({ pull: [page(demoChanges, 'c0')] }), context.deps);
  return context;
}

describe('the kaart push and pull on a hostile network', () => {
  it.each(HOSTILE)('push, %s: every edit stays pending (none refused), no pause, the same changes again after the backoff', async (_name, answer) => {
    const { db, clock, deps } = await setupPulled();
    const service = records.service[0];
    await saveKaartEdit(db, 'service', { ...service, name: 'Nieuwe naam' });
    const applied = (request: { changes: KaartOutgoingChange[] }) =>
      json(200, { results: request.changes.map((c) => ({ id: c.id, status: 'applied', version: c.baseVersion + 1 })) });
    const network = new Network({ push: [answer, applied] });

    const first = await pushKaart(db, network, deps);

    expect(first).toMatchObject({ outcome: 'waiting' });
    expect(await db.kaartOutbox.get(`service:${service.id}`)).toMatchObject({ state: 'pending' });
    expect((await readKaartStatus(db)).lastError).toBeUndefined();
    await expectNotStopped(db);

    clock.now = Date.parse((first as { nextAttemptAt: string }).nextAttemptAt);
    expect(await pushKaart(db, network, deps)).toEqual({ outcome: 'done', count: 1 });
    expect(network.pushes[1]).toEqual(network.pushes[0]);
  });

  it.each(HOSTILE)('pull, %s: keeps the cursor, no pause', async (_name, answer) => {
    const { db, deps } = await setupPulled();
    const network = new Network({ pull: [answer] });

    expect(await pullKaart(db, network, deps)).toMatchObject({ outcome: 'waiting' });

    expect(network.pulls).toEqual(['c0']);
    expect((await db.settings.get('kaartCursor'))?.value).toMatchObject({ cursor: 'c0' });
    await expectNotStopped(db);
  });

  it('syncAll with kaart edits left after a hostile answer ends waiting with them counted', async () => {
    const { db, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...records.service[0], name: 'Nieuw' });

    const result = await syncAll(db, { transport: new Network({ push: [html(403)] }), locks: null, ...deps });

    expect(result).toMatchObject({ outcome: 'waiting', left: 1 });
    await expectNotStopped(db);
  });
});

describe('the delivery check on a hostile network', () => {
  it.each([['an HTML 403', html(403)], ['an HTML 401', html(401)], ['a JSON 403 with an unknown code', HOSTILE[6][1]]] as const)(
    '%s fails this run and changes nothing: no pause', async (_name, answer) => {
      const { db } = await setup();
      const rows = await saveMany(db, 2);
      await db.registrations.bulkPut(rows.map((r) => ({ ...r, syncState: 'sent' as const, sentRevision: r.revision })));

      expect(await checkDelivered(db, new Network({ check: [answer] }), new Date(START))).toMatchObject({ outcome: 'failed' });

      await expectNotStopped(db);
      for (const r of rows) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent' });
    },
  );
});

describe('a tablet an earlier version paused on a portal\'s answer', () => {
  it('sends again: a pause without the server\'s message never was the server\'s word', async () => {
    const { db, deps } = await setup();
    const [saved] = await saveMany(db, 1);
    // what the earlier version stored after a captive portal's HTML 401: no message from the server
    await db.settings.put({ key: 'syncStatus', value: { state: 'paused', pauseReason: 'reenroll', failures: 0 } });

    expect(await drainOutbox(db, { transport: new Network({ batch: [accepted] }), locks: null, ...deps })).toEqual({ outcome: 'done', sent: 1 });

    expect(await db.registrations.get(saved.id)).toMatchObject({ syncState: 'sent' });
    expect(await readSyncStatus(db)).toMatchObject({ state: 'idle' });
  });

  it('stays paused when the server said so, with its message', async () => {
    const { db, deps } = await setup();
    await saveMany(db, 1);
    await db.settings.put({ key: 'syncStatus', value: { state: 'paused', pauseReason: 'revoked', pauseMessage: 'Deze tablet is ontkoppeld door de coördinator.', failures: 0 } });
    const network = new Network({ batch: [] });

    expect(await drainOutbox(db, { transport: network, locks: null, ...deps })).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });
    expect(network.batches).toEqual([]);
  });
});
