import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { saveKaartEdit, saveKaartEdits } from '../../src/db/kaart/edits';
import { serviceView } from '../../src/db/kaart/joins';
import { saveRegistration } from '../../src/db/registrations';
import type { EnrolledDevice, KaartOutgoingChange } from '../../src/db/types';
import { DEFAULT_LIMITS, type BatchRequest } from '../../src/shared/api';
import demo from '../../src/shared/kaart/demo-kaart.json';
import { importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { KAART_ENTITIES, type KaartChange, type KaartPushResult, type ServiceFields } from '../../src/shared/kaart/types';
import { defaultApplyStep, loadDemoKaart, PAGE_APPLY_STEP } from '../../src/sync/kaart-apply';
import { buildEmergencyExport } from '../../src/sync/export';
import { discardKaartEdit, resolveKaartConflict } from '../../src/sync/kaart-conflicts';
import { pullKaart } from '../../src/sync/kaart-pull';
import { pushKaart } from '../../src/sync/kaart-push';
import { readKaartStatus, readKaartSyncStatus } from '../../src/sync/kaart-status';
import { syncAll } from '../../src/sync/kaart-sync';
import { drainOutbox } from '../../src/sync/outbox';
import { readStoredStatus } from '../../src/sync/status';
import { fetchTransport, type KaartTransport, type RawResponse, type Transport } from '../../src/sync/transport';
import { makeRegistration } from './fixtures';

// ---- a scripted fake server: each call takes the next scripted answer of its endpoint ----

type PushRequest = { changes: KaartOutgoingChange[] };
type Step<I> = RawResponse | Error | ((input: I) => RawResponse | Promise<RawResponse>);

class ScriptedKaartServer implements Transport, KaartTransport {
  readonly calls: string[] = [];
  readonly pulls: (string | undefined)[] = [];
  readonly pushes: PushRequest[] = [];
  readonly tokens: string[] = [];
  constructor(private readonly script: { pull?: Step<string | undefined>[]; push?: Step<PushRequest>[]; batch?: Step<BatchRequest>[] }) {}

  getKaartChanges(since: string | undefined, limit: number, token: string) {
    this.calls.push('pull');
    this.pulls.push(since);
    this.tokens.push(token);
    expect(limit).toBe(500);
    return take(this.script.pull, since);
  }
  postKaartChanges(request: PushRequest, token: string) {
    this.calls.push('push');
    this.pushes.push(structuredClone(request));
    this.tokens.push(token);
    return take(this.script.push, request);
  }
  postBatch(batch: BatchRequest) {
    this.calls.push('batch');
    return take(this.script.batch, batch);
  }
  async getLimits() {
    return json(200, DEFAULT_LIMITS);
  }
  async enroll(): Promise<RawResponse> {
    throw new Error('not scripted');
  }
}

async function take<I>(steps: Step<I>[] | undefined, input: I): Promise<RawResponse> {
  const step = steps?.shift();
  if (step === undefined) throw new Error('the script has no more answers');
  if (step instanceof Error) throw step;
  return typeof step === 'function' ? step(input) : step;
}

function json(status: number, body: unknown, retryAfter?: string): RawResponse {
  return { status, contentType: 'application/json', retryAfter: retryAfter ?? null, bodyText: JSON.stringify(body) };
}
const page = (items: KaartChange[], nextCursor: string, hasMore = false) => json(200, { items, nextCursor, hasMore });
/** Answers every change: applied at baseVersion + 1 unless `answers` says otherwise. */
const answer = (answers: Record<string, Omit<KaartPushResult, 'id'>> = {}) => (request: PushRequest) => json(200, {
  results: request.changes.map((c) => ({ id: c.id, ...(answers[c.id] ?? { status: 'applied', version: c.baseVersion + 1 }) })),
});

// ---- the demo kaart as server changes, an enrolled device, a fresh database per test ----

const { records } = importHsdsJson(demo);
const demoChanges: KaartChange[] = KAART_ENTITIES.flatMap((entity) =>
  records[entity].map((data) => ({ entity, id: data.id, version: 1, deleted: false, data }) as KaartChange));
const services = records.service;
const change = (service: ServiceFields, version: number, fields: Partial<ServiceFields> = {}, deleted = false): KaartChange =>
  ({ entity: 'service', id: service.id, version, deleted, data: { ...service, ...fields } });

const ORG = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const DEVICE: EnrolledDevice = {
  deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', token: 'secret-token', organisationId: ORG, organisationName: 'Bibliotheek',
  label: 'Tablet balie 1', enrolledAt: '2026-11-01T09:00:00.000Z', codelistVersion: 'ido-2024.1',
};
const START = Date.parse('2026-11-24T09:15:00.000Z');
const opened: IdoDb[] = [];

afterEach(async () => {
  vi.unstubAllGlobals();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function setup(options: { enrolled?: boolean } = {}) {
  const db = new IdoDb(`kaart-sync-${crypto.randomUUID()}`);
  opened.push(db);
  if (options.enrolled !== false) await db.settings.put({ key: 'device', value: DEVICE });
  const clock = { now: START };
  const deps = { now: () => new Date(clock.now), random: () => 0.5 };
  const sync = (server: ScriptedKaartServer, force = false) => syncAll(db, { transport: server, locks: null, force, ...deps });
  return { db, clock, deps, sync };
}

/** A database that already pulled the whole demo kaart at version 1 (cursor 'c0'). */
async function setupPulled() {
  const context = await setup();
  await pullKaart(context.db, new ScriptedKaartServer({ pull: [page(demoChanges, 'c0')] }), context.deps);
  return context;
}

const counts = async (db: IdoDb) => ({
  organization: await db.kaartOrganizations.count(), service: await db.kaartServices.count(), location: await db.kaartLocations.count(),
  service_at_location: await db.kaartServiceAtLocations.count(), phone: await db.kaartPhones.count(), schedule: await db.kaartSchedules.count(),
  taxonomy_term: await db.kaartTaxonomyTerms.count(), attribute: await db.kaartAttributes.count(),
});
const demoCounts = Object.fromEntries(KAART_ENTITIES.map((e) => [e, records[e].length]));

describe('pullKaart', () => {
  it('pages through the changes from the stored cursor, stores everything once and keeps the cursor', async () => {
    const { db, deps } = await setup();
    const cursorsSeen: unknown[] = [];
    const recordCursor = (response: RawResponse) => async () => {
      cursorsSeen.push((await db.settings.get('kaartCursor'))?.value);
      return response;
    };
    const server = new ScriptedKaartServer({ pull: [
      page(demoChanges.slice(0, 100), 'c1', true),
      recordCursor(page(demoChanges.slice(100, 200), 'c2', true)),
      recordCursor(page(demoChanges.slice(200), 'c3')),
    ] });

    expect(await pullKaart(db, server, deps)).toEqual({ outcome: 'done', count: demoChanges.length });

    expect(server.pulls).toEqual([undefined, 'c1', 'c2']);
    expect(server.tokens).toEqual(['secret-token', 'secret-token', 'secret-token']);
    expect(cursorsSeen).toEqual([{ source: ORG, cursor: 'c1' }, { source: ORG, cursor: 'c2' }]);
    expect(await counts(db)).toEqual(demoCounts);
    expect((await db.settings.get('kaartCursor'))?.value).toEqual({ source: ORG, cursor: 'c3' });
    expect(await readKaartStatus(db)).toMatchObject({ failures: 0, lastPulledAt: new Date(START).toISOString() });

    const again = new ScriptedKaartServer({ pull: [page([], 'c3')] });
    expect(await pullKaart(db, again, deps)).toEqual({ outcome: 'done', count: 0 });
    expect(again.pulls).toEqual(['c3']);
    expect(await counts(db)).toEqual(demoCounts);
  });

  it('resumes at the next page after a crash between pages, without skipping or doubling one', async () => {
    const { db, deps, clock } = await setup();
    const crashing = new ScriptedKaartServer({ pull: [page(demoChanges.slice(0, 150), 'c1', true), new TypeError('Failed to fetch')] });

    const stopped = await pullKaart(db, crashing, deps);

    expect(stopped).toMatchObject({ outcome: 'waiting', count: 150 });
    expect((await db.settings.get('kaartCursor'))?.value).toEqual({ source: ORG, cursor: 'c1' });
    expect(Object.values(await counts(db)).reduce((a, b) => a + b)).toBe(150);

    clock.now += 60 * 60_000;
    const resumed = new ScriptedKaartServer({ pull: [page(demoChanges.slice(150), 'c2')] });
    expect(await pullKaart(db, resumed, deps)).toEqual({ outcome: 'done', count: demoChanges.length - 150 });
    expect(resumed.pulls).toEqual(['c1']);
    expect(await counts(db)).toEqual(demoCounts);
  });

  it('stores nothing of an answer that is not a page, and keeps the cursor before it', async () => {
    const { db, deps } = await setup();
    const broken = { ...demoChanges[120], id: undefined };
    const server = new ScriptedKaartServer({ pull: [page(demoChanges.slice(0, 100), 'c1', true), json(200, { items: [demoChanges[110], broken], nextCursor: 'c2', hasMore: false })] });

    expect(await pullKaart(db, server, deps)).toMatchObject({ outcome: 'waiting' });

    expect((await db.settings.get('kaartCursor'))?.value).toEqual({ source: ORG, cursor: 'c1' });
    expect(Object.values(await counts(db)).reduce((a, b) => a + b)).toBe(100);
    expect(await readKaartStatus(db)).toMatchObject({ failures: 1 });
  });

  it('keeps the server\'s updatedAt and version on the record, and brings other tablets\' "Klopt niet" marks', async () => {
    const { db, deps } = await setup();
    const mark = { id: crypto.randomUUID(), service_id: services[0].id, note: 'Nummer klopt niet.', created_at: '2026-11-20T10:00:00.000Z', resolved: false };
    const server = new ScriptedKaartServer({ pull: [json(200, {
      items: [{ ...change(services[0], 7), updatedAt: '2026-11-20T10:00:00.000Z' }, { entity: 'feedback', id: mark.id, version: 1, deleted: false, data: mark, updatedAt: mark.created_at }],
      nextCursor: '42', hasMore: false,
    })] });

    await pullKaart(db, server, deps);

    expect(await db.kaartServices.get(services[0].id)).toMatchObject({ version: 7, updatedAt: '2026-11-20T10:00:00.000Z', deleted: false });
    expect(await db.kaartFeedback.get(mark.id)).toEqual({ ...mark, version: 1 });
  });

  it('starts over without a cursor after the server refused it, without clobbering local edits', async () => {
    const { db, deps, clock } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Mijn naam' });
    const server = new ScriptedKaartServer({ pull: [
      json(400, { error: 'invalid_request', message: 'De cursor (since) is ongeldig. Begin opnieuw zonder cursor.' }),
      page(demoChanges, '215'),
    ] });

    expect(await pullKaart(db, server, deps)).toMatchObject({ outcome: 'waiting' });
    expect(await readKaartStatus(db)).toMatchObject({ failures: 1, lastError: { code: 'invalid_request' } });
    clock.now += 60_000;
    expect(await pullKaart(db, server, deps)).toMatchObject({ outcome: 'done' });

    expect(server.pulls).toEqual(['c0', undefined]);
    expect(await counts(db)).toEqual(demoCounts);
    expect(await db.kaartServices.get(services[0].id)).toMatchObject({ name: 'Mijn naam' });
  });

  it('deletes a record locally when a tombstone arrives', async () => {
    const { db, deps } = await setupPulled();
    const server = new ScriptedKaartServer({ pull: [page([change(services[0], 2, {}, true)], 'c1')] });

    await pullKaart(db, server, deps);

    expect(await db.kaartServices.get(services[0].id)).toBeUndefined();
    expect(await db.kaartServices.count()).toBe(services.length - 1);
  });

  it('does not clobber a pending local edit: the server\'s copy is kept aside for the conflict', async () => {
    const { db, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Mijn naam' });
    const server = new ScriptedKaartServer({ pull: [page([change(services[0], 2, { name: 'Naam van de server' }), change(services[1], 2, { name: 'Ook nieuw' })], 'c1')] });

    await pullKaart(db, server, deps);

    expect(await db.kaartServices.get(services[0].id)).toMatchObject({ name: 'Mijn naam', version: 1 });
    expect(await db.kaartServices.get(services[1].id)).toMatchObject({ name: 'Ook nieuw', version: 2 });
    expect(await db.kaartOutbox.get(`service:${services[0].id}`)).toMatchObject({
      state: 'pending', baseVersion: 1, data: { name: 'Mijn naam' }, current: { version: 2, data: { name: 'Naam van de server' } },
    });
  });

  it('settles a pending edit that the server already holds word for word (an answer that was lost)', async () => {
    const { db, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Mijn naam' });
    const server = new ScriptedKaartServer({ pull: [page([change(services[0], 2, { name: 'Mijn naam' })], 'c1')] });

    await pullKaart(db, server, deps);

    expect(await db.kaartOutbox.count()).toBe(0);
    expect(await db.kaartServices.get(services[0].id)).toMatchObject({ name: 'Mijn naam', version: 2 });
  });

  // On the page 25 records a step (short tasks); in a worker (the service worker's sync) the whole page at once.
  it.each([['on the page, 25 records a step', false], ['in a worker, the page at once', true]] as const)('applies a page with every case at once, each record by its own rule: %s', async (_, inWorker) => {
    if (inWorker) vi.stubGlobal('WorkerGlobalScope', class { static [Symbol.hasInstance]() { return true; } });
    expect(defaultApplyStep()).toBe(inWorker ? Number.POSITIVE_INFINITY : PAGE_APPLY_STEP);
    const { db, deps } = await setupPulled();
    // services[0]: a pending edit whose kept-aside server copy (version 4) is newer than the page's (3): skipped.
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Mijn naam' });
    await pullKaart(db, new ScriptedKaartServer({ pull: [page([change(services[0], 4, { name: 'Versie 4' })], 'c1')] }), deps);
    // services[1]: a pending edit the page holds word for word: settled. services[2]: newer here (5) than the page (3).
    await saveKaartEdit(db, 'service', { ...services[1], name: 'Zelfde' });
    await db.kaartServices.update(services[2].id, { version: 5, name: 'Al nieuwer' });
    const organization = records.organization[0];
    const server = new ScriptedKaartServer({ pull: [page([
      change(services[0], 3, { name: 'Versie 3' }),
      change(services[1], 2, { name: 'Zelfde' }),
      change(services[2], 3, { name: 'Ouder' }),
      change(services[3], 2, {}, true),
      change(services[4], 2, { name: 'Eerst' }),
      change(services[4], 3, { name: 'Laatst' }),
      { entity: 'organization', id: organization.id, version: 2, deleted: false, data: { ...organization, name: 'Nieuwe naam' } },
    ], 'c2')] });

    await pullKaart(db, server, deps);

    expect(await db.kaartOutbox.get(`service:${services[0].id}`)).toMatchObject({ data: { name: 'Mijn naam' }, current: { version: 4, data: { name: 'Versie 4' } } });
    expect(await db.kaartOutbox.get(`service:${services[1].id}`)).toBeUndefined();
    expect(await db.kaartServices.get(services[1].id)).toMatchObject({ name: 'Zelfde', version: 2 });
    expect(await db.kaartServices.get(services[2].id)).toMatchObject({ name: 'Al nieuwer', version: 5 });
    expect(await db.kaartServices.get(services[3].id)).toBeUndefined();
    expect(await db.kaartServices.get(services[4].id)).toMatchObject({ name: 'Laatst', version: 3 });
    expect(await db.kaartOrganizations.get(organization.id)).toMatchObject({ name: 'Nieuwe naam', version: 2 });
    expect(await db.kaartOutbox.count()).toBe(1);
  });

  it('skips entities it does not know, for a newer server', async () => {
    const { db, deps } = await setup();
    const future = { entity: 'event', id: crypto.randomUUID(), version: 1, deleted: false, data: {} } as unknown as KaartChange;
    const server = new ScriptedKaartServer({ pull: [page([future, demoChanges[0]], 'c1')] });

    expect(await pullKaart(db, server, deps)).toEqual({ outcome: 'done', count: 1 });
  });
});

describe('pushKaart', () => {
  it('applies per-change answers: applied drops the change, conflict keeps the server\'s record, rejected keeps the reason', async () => {
    const { db, deps } = await setupPulled();
    const [ok, clash, bad] = services;
    for (const [i, service] of [ok, clash, bad].entries()) {
      await saveKaartEdit(db, 'service', { ...service, name: `${service.name} (nieuw)` }, { now: new Date(START + i) });
    }
    const current = change(clash, 5, { name: 'Andere naam' });
    const server = new ScriptedKaartServer({ push: [answer({
      [clash.id]: { status: 'conflict', version: 5, current },
      [bad.id]: { status: 'rejected', version: 1, code: 'invalid_url', field: 'url', message: 'Vul een webadres in.' },
    })] });

    expect(await pushKaart(db, server, deps)).toEqual({ outcome: 'done', count: 1 });

    expect(server.pushes[0].changes.map((c) => [c.id, c.baseVersion])).toEqual([[ok.id, 1], [clash.id, 1], [bad.id, 1]]);
    expect(await db.kaartOutbox.get(`service:${ok.id}`)).toBeUndefined();
    expect(await db.kaartServices.get(ok.id)).toMatchObject({ name: `${ok.name} (nieuw)`, version: 2 });
    expect(await db.kaartOutbox.get(`service:${clash.id}`)).toMatchObject({ state: 'conflict', current, problem: { code: 'version_conflict' } });
    expect(await db.kaartServices.get(clash.id)).toMatchObject({ name: `${clash.name} (nieuw)`, version: 1 });
    expect(await db.kaartOutbox.get(`service:${bad.id}`)).toMatchObject({ state: 'rejected', problem: { code: 'invalid_url', field: 'url', message: 'Vul een webadres in.' } });
    expect(await readKaartSyncStatus(db)).toMatchObject({ pending: 0, conflict: 1, rejected: 1, lastPushedAt: new Date(START).toISOString() });

    // nothing that needs a person goes again by itself
    expect(await pushKaart(db, new ScriptedKaartServer({}), deps)).toEqual({ outcome: 'done', count: 0 });
  });

  it('sends two edits of one record as one change with the original baseVersion', async () => {
    const { db, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Eerst' });
    await db.kaartServices.update(services[0].id, { version: 3 });
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Daarna' });
    const server = new ScriptedKaartServer({ push: [answer()] });

    await pushKaart(db, server, deps);

    expect(server.pushes[0].changes).toEqual([expect.objectContaining({ id: services[0].id, baseVersion: 1, data: expect.objectContaining({ name: 'Daarna' }) })]);
  });

  it('sends at most 500 changes per request, parents before children', async () => {
    const { db, deps } = await setup();
    const organizations = Array.from({ length: 501 }, (_, i) => ({ id: crypto.randomUUID(), name: `Organisatie ${i}`, owner_organisation_id: ORG }));
    const service = { ...services[0], id: crypto.randomUUID(), organization_id: organizations[0].id };
    await saveKaartEdit(db, 'service', service, { now: new Date(START - 60_000) });
    await saveKaartEdits(db, organizations.map((record) => ({ entity: 'organization' as const, record })), new Date(START));
    const server = new ScriptedKaartServer({ push: [answer(), answer()] });

    expect(await pushKaart(db, server, deps)).toEqual({ outcome: 'done', count: 502 });

    expect(server.pushes.map((p) => p.changes.length)).toEqual([500, 2]);
    expect(server.pushes[1].changes.map((c) => c.entity)).toEqual(['organization', 'service']);
    expect(server.pushes.flatMap((p) => p.changes).every((c) => c.baseVersion === 0)).toBe(true);
  });

  it('keeps an edit made while its change was in flight, on top of the version the server now has', async () => {
    const { db, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'In de zending' });
    const server = new ScriptedKaartServer({ push: [async (request) => {
      await saveKaartEdit(db, 'service', { ...services[0], name: 'Tijdens het versturen' });
      return answer()(request);
    }, answer()] });

    await pushKaart(db, server, deps);

    expect(server.pushes.map((p) => [p.changes[0].baseVersion, (p.changes[0].data as ServiceFields).name])).toEqual([[1, 'In de zending'], [2, 'Tijdens het versturen']]);
    expect(await db.kaartOutbox.count()).toBe(0);
    expect(await db.kaartServices.get(services[0].id)).toMatchObject({ name: 'Tijdens het versturen', version: 3 });
  });

  it('sends the delete of a new record that staff deleted while it was in flight', async () => {
    const { db, deps } = await setup();
    const fresh = { ...services[0], id: crypto.randomUUID() };
    await saveKaartEdit(db, 'service', fresh);
    const server = new ScriptedKaartServer({ push: [async (request) => {
      await saveKaartEdit(db, 'service', fresh, { deleted: true });
      return answer()(request);
    }, answer()] });

    await pushKaart(db, server, deps);

    expect(server.pushes[1].changes).toEqual([expect.objectContaining({ id: fresh.id, deleted: true, baseVersion: 1 })]);
    expect(await db.kaartOutbox.count()).toBe(0);
  });

  it('treats a conflict whose server record says the same as applied', async () => {
    const { db, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Zelfde' });
    const server = new ScriptedKaartServer({ push: [answer({ [services[0].id]: { status: 'conflict', version: 4, current: change(services[0], 4, { name: 'Zelfde' }) } })] });

    expect(await pushKaart(db, server, deps)).toEqual({ outcome: 'done', count: 1 });
    expect(await db.kaartOutbox.count()).toBe(0);
    expect(await db.kaartServices.get(services[0].id)).toMatchObject({ name: 'Zelfde', version: 4 });
  });

  it('counts an answer without a result for every change as unknown, and keeps the changes', async () => {
    const { db, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'A' });
    await saveKaartEdit(db, 'service', { ...services[1], name: 'B' });
    const server = new ScriptedKaartServer({ push: [json(200, { results: [{ id: services[0].id, status: 'applied', version: 2 }] })] });

    expect(await pushKaart(db, server, deps)).toMatchObject({ outcome: 'waiting' });
    expect(await db.kaartOutbox.where('state').equals('pending').count()).toBe(2);
  });
});

describe('resolveKaartConflict', () => {
  async function conflicted() {
    const context = await setupPulled();
    const service = services[0];
    await saveKaartEdit(context.db, 'service', { ...service, name: 'Mijn naam', fees_description: 'Gratis.' });
    const current = change(service, 5, { name: 'Hun naam' });
    await pushKaart(context.db, new ScriptedKaartServer({ push: [answer({ [service.id]: { status: 'conflict', version: 5, current } })] }), context.deps);
    return { ...context, service, key: `service:${service.id}` };
  }

  it('"theirs" writes the server\'s record and drops the change', async () => {
    const { db, service, key } = await conflicted();

    expect(await resolveKaartConflict(db, key, 'theirs')).toEqual({ ok: true });

    expect(await db.kaartOutbox.get(key)).toBeUndefined();
    expect(await db.kaartServices.get(service.id)).toMatchObject({ name: 'Hun naam', version: 5 });
  });

  it('"mine" queues the change again on top of the server\'s version', async () => {
    const { db, deps, service, key } = await conflicted();

    expect(await resolveKaartConflict(db, key, 'mine')).toEqual({ ok: true });

    expect(await db.kaartOutbox.get(key)).toMatchObject({ state: 'pending', baseVersion: 5, data: { name: 'Mijn naam' } });
    expect((await db.kaartOutbox.get(key))!.current).toBeUndefined();
    const server = new ScriptedKaartServer({ push: [answer()] });
    await pushKaart(db, server, deps);
    expect(server.pushes[0].changes[0]).toMatchObject({ baseVersion: 5, data: { name: 'Mijn naam' } });
    expect(await db.kaartServices.get(service.id)).toMatchObject({ name: 'Mijn naam', version: 6 });
  });

  it('a merge queues the merged record on top of the server\'s version, after validating it', async () => {
    const { db, service, key } = await conflicted();

    expect(await resolveKaartConflict(db, key, { merged: { ...service, name: '' } })).toMatchObject({ ok: false, errors: [{ field: 'name' }] });
    expect(await resolveKaartConflict(db, key, { merged: { ...service, name: 'Hun naam', fees_description: 'Gratis.' } })).toEqual({ ok: true });

    expect(await db.kaartOutbox.get(key)).toMatchObject({ state: 'pending', baseVersion: 5, data: { name: 'Hun naam', fees_description: 'Gratis.' } });
    expect(await db.kaartServices.get(service.id)).toMatchObject({ name: 'Hun naam', fees_description: 'Gratis.', version: 5 });
    expect(await resolveKaartConflict(db, key, 'theirs')).toMatchObject({ ok: false, errors: [{ code: 'no_conflict' }] });
  });

  it('refuses a choice made on a server version a pull has replaced since, and writes nothing (the page shows the new one)', async () => {
    const { db, deps, service, key } = await conflicted();
    await pullKaart(db, new ScriptedKaartServer({ pull: [page([change(service, 6, { name: 'Nog een naam' })], 'c1')] }), deps);
    const before = { entry: await db.kaartOutbox.get(key), service: await db.kaartServices.get(service.id) };

    for (const choice of ['theirs', 'mine', { merged: { ...service, name: 'Hun naam' } }] as const) {
      expect(await resolveKaartConflict(db, key, choice, new Date(), 5)).toMatchObject({ ok: false, errors: [{ code: 'server_changed' }] });
    }
    expect({ entry: await db.kaartOutbox.get(key), service: await db.kaartServices.get(service.id) }).toEqual(before);

    expect(await resolveKaartConflict(db, key, 'theirs', new Date(), 6)).toEqual({ ok: true });
    expect(await db.kaartServices.get(service.id)).toMatchObject({ name: 'Nog een naam', version: 6 });
  });

  it('a discard puts back what the server has', async () => {
    const { db, service, key } = await conflicted();

    await discardKaartEdit(db, key);

    expect(await db.kaartOutbox.count()).toBe(0);
    expect((await serviceView(db, service.id))!.service).toMatchObject({ name: 'Hun naam', version: 5 });
  });

  it('a version kept and then refused, thrown away, puts back the server\'s version it was kept on (not the record before the first edit)', async () => {
    const { db, deps, service, key } = await conflicted();
    await resolveKaartConflict(db, key, 'mine');
    await pushKaart(db, new ScriptedKaartServer({ push: [answer({ [service.id]: { status: 'rejected', version: 5, code: 'unknown_reference', message: 'Weg.' } })] }), deps);
    expect(await db.kaartOutbox.get(key)).toMatchObject({ state: 'rejected', baseVersion: 5 });

    await discardKaartEdit(db, key);

    expect(await db.kaartOutbox.count()).toBe(0);
    expect((await serviceView(db, service.id))!.service).toMatchObject({ name: 'Hun naam', version: 5 });
  });
});

describe('syncAll: registrations, then the kaart, under one lock', () => {
  it('sends the registrations first, then pushes and pulls the kaart', async () => {
    const { db, sync } = await setupPulled();
    await saveRegistration(db, makeRegistration(), new Date(START - 60_000));
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Nieuw' });
    const server = new ScriptedKaartServer({
      batch: [(batch) => json(200, { batchId: batch.batchId, serverTime: '', results: batch.records.map((r) => ({ id: r.id, status: 'accepted' })) })],
      push: [answer()],
      pull: [page([change(services[0], 2, { name: 'Nieuw' }), change(services[1], 2, { name: 'Ook' })], 'c1')],
    });

    expect(await sync(server)).toEqual({ outcome: 'done', sent: 1, kaart: { pushed: 1, pulled: 2 } });

    expect(server.calls).toEqual(['batch', 'push', 'pull']);
    expect(server.pulls).toEqual(['c0']);
  });

  it('401: pauses sync like the registrations outbox and keeps every kaart edit', async () => {
    const { db, sync, deps } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Nieuw' });
    const server = new ScriptedKaartServer({ push: [json(401, { error: 'unauthorized', message: 'Koppel de tablet opnieuw.' })] });

    expect(await sync(server)).toEqual({ outcome: 'paused', reason: 'reenroll', sent: 0, kaart: { pushed: 0, pulled: 0 } });

    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: 'reenroll', pauseMessage: 'Koppel de tablet opnieuw.' });
    expect(await db.kaartOutbox.get(`service:${services[0].id}`)).toMatchObject({ state: 'pending' });
    expect(await drainOutbox(db, { transport: server, locks: null, ...deps })).toEqual({ outcome: 'paused', reason: 'reenroll', sent: 0 });
    expect(await sync(server)).toEqual({ outcome: 'paused', reason: 'reenroll', sent: 0 });
    expect(server.calls).toEqual(['push']);
  });

  it('403 device_revoked: stops sending registrations and kaart edits for good (hours later too), keeps them all for the emergency export', async () => {
    const { db, sync, deps, clock } = await setupPulled();
    const saved = await saveRegistration(db, makeRegistration());
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Nieuw' });
    const revoked = json(403, { error: 'device_revoked', message: 'Deze tablet is ontkoppeld door de coördinator. Neem contact op met de coördinator.' });
    const server = new ScriptedKaartServer({ batch: [revoked] });

    expect(await sync(server)).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: 'revoked', pauseMessage: expect.stringMatching(/^Deze tablet is ontkoppeld door de coördinator/) });

    // every trigger after it (page timer, service worker sync, a new registration) sends nothing, also much later
    for (const hours of [0, 1, 24]) {
      clock.now = START + hours * 3_600_000;
      expect(await sync(server)).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });
      expect(await drainOutbox(db, { transport: server, locks: null, ...deps })).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });
    }
    expect(server.calls).toEqual(['batch']);

    expect(await db.registrations.get(saved.id)).toMatchObject({ syncState: 'pending' });
    expect(await db.kaartOutbox.get(`service:${services[0].id}`)).toMatchObject({ state: 'pending' });
    expect((await buildEmergencyExport(db)).records.map((r) => r.id)).toEqual([saved.id]);
  });

  it('429 with Retry-After: the registrations wait as well', async () => {
    const { db, sync, deps } = await setupPulled();
    const server = new ScriptedKaartServer({ pull: [json(429, { error: 'rate_limited', message: 'Te veel.' }, '120')] });
    const until = new Date(START + 120_000).toISOString();

    expect(await sync(server)).toMatchObject({ outcome: 'waiting', nextAttemptAt: until });

    expect(await readStoredStatus(db)).toMatchObject({ state: 'backoff', notBefore: until });
    await saveRegistration(db, makeRegistration());
    expect(await drainOutbox(db, { transport: server, locks: null, force: true, ...deps })).toEqual({ outcome: 'waiting', nextAttemptAt: until, sent: 0, left: 1 });
  });

  it('429 with Retry-After on a push: keeps every edit pending (none refused) and sends it again after the wait', async () => {
    const { db, sync, clock } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Nieuw' });
    const server = new ScriptedKaartServer({
      push: [json(429, { error: 'rate_limited', message: 'Te veel verzoeken in korte tijd. Wacht 30 seconden en probeer het dan opnieuw.' }, '30'), answer()],
      pull: [page([], 'c1')],
    });
    const until = new Date(START + 30_000).toISOString();

    expect(await sync(server)).toMatchObject({ outcome: 'waiting', nextAttemptAt: until });
    expect(await db.kaartOutbox.get(`service:${services[0].id}`)).toMatchObject({ state: 'pending' });
    expect(await sync(server, true)).toMatchObject({ outcome: 'waiting', nextAttemptAt: until });
    expect(server.calls).toEqual(['push']);

    clock.now = START + 30_000;
    expect(await sync(server)).toEqual({ outcome: 'done', sent: 0, kaart: { pushed: 1, pulled: 0 } });
    expect(server.pushes[1]).toEqual(server.pushes[0]);
    expect(await db.kaartOutbox.get(`service:${services[0].id}`)).toBeUndefined();
  });

  it('an unknown outcome backs off the kaart alone: registrations still go', async () => {
    const { db, sync, clock } = await setupPulled();
    const accept = (batch: BatchRequest) => json(200, { batchId: batch.batchId, serverTime: '', results: batch.records.map((r) => ({ id: r.id, status: 'accepted' })) });
    const server = new ScriptedKaartServer({ pull: [json(404, { error: 'not_found', message: 'Onbekend.' }), page([], 'c1')], batch: [accept] });

    const first = await sync(server);
    expect(first).toMatchObject({ outcome: 'waiting' });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'idle' });
    const kaartWait = (await readKaartStatus(db)).nextAttemptAt!;
    expect(first).toMatchObject({ nextAttemptAt: kaartWait });

    await saveRegistration(db, makeRegistration());
    clock.now += 1_000;
    expect(await sync(server)).toEqual({ outcome: 'waiting', nextAttemptAt: kaartWait, sent: 1, left: 0 });
    expect(server.calls).toEqual(['pull', 'batch']);

    expect(await sync(server, true)).toEqual({ outcome: 'done', sent: 0, kaart: { pushed: 0, pulled: 0 } });
    expect(await readKaartStatus(db)).toMatchObject({ failures: 0 });
  });

  it('back online, the kaart too tries at once whatever its backoff says', async () => {
    const { db, deps, clock } = await setupPulled();
    const server = new ScriptedKaartServer({ pull: [json(404, { error: 'not_found', message: 'Onbekend.' }), page([], 'c1')] });
    expect(await syncAll(db, { transport: server, locks: null, ...deps })).toMatchObject({ outcome: 'waiting' });
    clock.now += 1;
    expect(await syncAll(db, { transport: server, locks: null, ...deps })).toMatchObject({ outcome: 'waiting' });
    expect(server.calls).toEqual(['pull']);

    expect(await syncAll(db, { transport: server, locks: null, backOnline: true, ...deps })).toEqual({ outcome: 'done', sent: 0, kaart: { pushed: 0, pulled: 0 } });
    expect(server.calls).toEqual(['pull', 'pull']);
  });

  it('ends a kaart backoff that began offline at the first trigger once the browser is online (the service worker\'s sync event)', async () => {
    const { db, deps, clock } = await setupPulled();
    const server = new ScriptedKaartServer({ pull: [new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), page([], 'c1')] });
    let online = false;
    const sync = () => syncAll(db, { transport: server, locks: null, ...deps, online: () => online, random: () => 0.999 });
    const first = await sync();
    expect(first).toMatchObject({ outcome: 'waiting' });
    expect(await readKaartStatus(db)).toMatchObject({ failures: 1, waitBeganOffline: true });
    clock.now += 1_000;
    // still offline: the wait holds
    expect(await sync()).toMatchObject({ outcome: 'waiting', nextAttemptAt: (first as { nextAttemptAt: string }).nextAttemptAt });
    expect(server.calls).toEqual(['pull']);

    // online again: one try at the first trigger (no 'online' event: backOnline is not set); it fails online, so its wait holds as any other
    online = true;
    expect(await sync()).toMatchObject({ outcome: 'waiting' });
    expect(server.calls).toEqual(['pull', 'pull']);
    expect(await readKaartStatus(db)).toMatchObject({ failures: 2 });
    expect((await readKaartStatus(db)).waitBeganOffline).toBeUndefined();
    clock.now += 1_000;
    expect(await sync()).toMatchObject({ outcome: 'waiting' });
    expect(server.calls).toEqual(['pull', 'pull']);
  });

  it('does nothing before the tablet is enrolled', async () => {
    const { sync } = await setup({ enrolled: false });
    const server = new ScriptedKaartServer({});

    expect(await sync(server)).toEqual({ outcome: 'not_enrolled' });
    expect(server.calls).toEqual([]);
  });

  it('replaces the demo kaart by the organisation\'s, and never sends edits of the demo', async () => {
    const { db, sync } = await setup();
    await loadDemoKaart(db, records);
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Geoefend op de demo' });
    const own = change(services[0], 1, { name: 'Van de organisatie' });
    const server = new ScriptedKaartServer({ pull: [page([own], 'c1')] });

    expect(await sync(server)).toEqual({ outcome: 'done', sent: 0, kaart: { pushed: 0, pulled: 1 } });

    expect(server.calls).toEqual(['pull']);
    expect(await db.kaartOutbox.count()).toBe(0);
    expect(await db.kaartServices.toArray()).toEqual([expect.objectContaining({ name: 'Van de organisatie' })]);
    expect((await db.settings.get('kaartCursor'))?.value).toEqual({ source: ORG, cursor: 'c1' });
  });

  it('keeps another organisation\'s unsent edits, refused with a reason, when the tablet moves', async () => {
    const { db, sync } = await setupPulled();
    await saveKaartEdit(db, 'service', { ...services[0], name: 'Van de vorige organisatie' });
    await db.settings.put({ key: 'device', value: { ...DEVICE, organisationId: crypto.randomUUID() } });
    const server = new ScriptedKaartServer({ pull: [page([], 'x1')] });

    await sync(server);

    expect(server.calls).toEqual(['pull']);
    expect(server.pulls).toEqual([undefined]);
    expect(await db.kaartServices.count()).toBe(0);
    expect(await db.kaartOutbox.get(`service:${services[0].id}`)).toMatchObject({ state: 'rejected', problem: { code: 'other_organisation' } });
  });
});

describe('fetchTransport for the kaart', () => {
  it('pulls with the cursor and pushes the changes with the bearer token', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const transport = fetchTransport('', fakeFetch);

    await transport.getKaartChanges(undefined, 500, 'tok');
    await transport.getKaartChanges('a b&c', 500, 'tok');
    await transport.postKaartChanges({ changes: [] }, 'tok');

    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ['GET', '/api/v1/kaart/changes?limit=500'],
      ['GET', '/api/v1/kaart/changes?since=a+b%26c&limit=500'],
      ['POST', '/api/v1/kaart/changes'],
    ]);
    expect(calls[2].init.headers).toEqual({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' });
    expect(JSON.parse(calls[2].init.body as string)).toEqual({ changes: [] });
  });
});
