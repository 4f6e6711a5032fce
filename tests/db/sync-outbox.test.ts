import { gunzipSync } from 'node:zlib';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { recentRegistrations } from '../../src/db/form-reads';
import { deleteRegistration, registrationsBetween, registrationsOfDay, saveRegistration, toRecord } from '../../src/db/registrations';
import type { EnrolledDevice } from '../../src/db/types';
import { DEFAULT_LIMITS, type BatchRequest, type LimitsResponse, type RecordResult } from '../../src/shared/api';
import { drainOutbox, type DrainOptions } from '../../src/sync/outbox';
import { readStoredStatus, readSyncStatus, sendingProgress, updateStatus } from '../../src/sync/status';
import { endStaleSending } from '../../src/sync/stale-sending';
import { withOutboxLock } from '../../src/sync/lock';
import type { RawResponse, Transport } from '../../src/sync/transport';
import { makeGroupSession, makeRegistration, tabletDbs } from './fixtures';
import { deleteGroupSession, discardGroupSession, groupSessionsBetween, groupSessionsOfDay, saveNewGroupSession } from '../../src/db/group-sessions';

// ---- a scripted fake transport: each postBatch takes the next scripted outcome ----

type Step = RawResponse | Error | ((batch: BatchRequest) => RawResponse | Promise<RawResponse>);

class ScriptedTransport implements Transport {
  readonly sent: BatchRequest[] = [];
  readonly tokens: string[] = [];
  /** per batch sent: whether the drain asked for it packed */
  readonly packs: boolean[] = [];
  /** per batch sent: its body as the drain packed it ahead (while the batch before it was out), if it did */
  readonly packedAhead: (Uint8Array | undefined)[] = [];
  limitsReads = 0;
  constructor(private readonly script: Step[], private readonly limits: LimitsResponse = DEFAULT_LIMITS) {}

  async postBatch(batch: BatchRequest, token: string, options?: { pack?: boolean; packed?: Uint8Array }): Promise<RawResponse> {
    this.sent.push(structuredClone(batch));
    this.tokens.push(token);
    this.packs.push(options?.pack ?? false);
    this.packedAhead.push(options?.packed);
    const step = this.script.shift();
    if (step === undefined) throw new Error('the script has no more answers');
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(batch) : step;
  }

  async getLimits(): Promise<RawResponse> {
    this.limitsReads++;
    return json(200, this.limits);
  }

  async enroll(): Promise<RawResponse> {
    throw new Error('not scripted');
  }

  get unused(): number {
    return this.script.length;
  }
}

function json(status: number, body: unknown, retryAfter?: string): RawResponse {
  return { status, contentType: 'application/json', retryAfter: retryAfter ?? null, bodyText: JSON.stringify(body) };
}

/** A 200 that answers every record of the batch: accepted unless `statuses` says otherwise. */
function answer(statuses: Record<string, Omit<RecordResult, 'id'>> = {}): (batch: BatchRequest) => RawResponse {
  return (batch) => json(200, {
    batchId: batch.batchId, serverTime: '2026-11-24T09:20:00.000Z',
    results: batch.records.map((r) => ({ id: r.id, ...(statuses[r.id] ?? { status: 'accepted' }) })),
  });
}

const errorBody = (error: string, message = 'Melding van de server.') => ({ error, message });
const networkError = () => new TypeError('Failed to fetch');
const timeout = () => Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });

// ---- a fresh database per test, with an enrolled device and a controllable clock ----

const DEVICE: EnrolledDevice = {
  deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', token: 'secret-token', organisationId: 'org', organisationName: 'Bibliotheek',
  label: 'Tablet balie 1', enrolledAt: '2026-11-01T09:00:00.000Z', codelistVersion: 'ido-2024.1',
};
const START = Date.parse('2026-11-24T09:15:00.000Z');

const newDb = tabletDbs('sync-outbox');

async function setup(options: { limits?: Partial<LimitsResponse>; enrolled?: boolean } = {}) {
  const db = newDb();
  if (options.enrolled !== false) await db.settings.put({ key: 'device', value: DEVICE });
  if (options.limits) await db.settings.put({ key: 'limits', value: { ...DEFAULT_LIMITS, ...options.limits } });
  const clock = { now: START };
  const drain = (transport: Transport, extra: DrainOptions = {}) =>
    drainOutbox(db, { transport, now: () => new Date(clock.now), random: () => 0.5, locks: null, ...extra });
  return { db, clock, drain };
}

async function saveMany(db: IdoDb, count: number) {
  const saved = [];
  for (let i = 0; i < count; i++) {
    saved.push(await saveRegistration(db, makeRegistration(), new Date(START - (count - i) * 60_000)));
  }
  return saved;
}

describe('the outbox sends pending registrations in batches', () => {
  it('marks accepted and duplicate records sent with the revision the server confirmed', async () => {
    const { db, drain } = await setup();
    const [a, b] = await saveMany(db, 2);
    const transport = new ScriptedTransport([answer({ [b.id]: { status: 'duplicate' } })]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 2 });

    expect(transport.tokens).toEqual(['secret-token']);
    expect(transport.sent[0].deviceId).toBe(DEVICE.deviceId);
    for (const id of [a.id, b.id]) expect(await db.registrations.get(id)).toMatchObject({ syncState: 'sent', sentRevision: 1 });
    expect(await db.batches.count()).toBe(0);
    expect(await readStoredStatus(db)).toMatchObject({ state: 'idle', lastSentAt: new Date(START).toISOString(), failures: 0 });
  });

  it('keeps a record that the server rejected or called a conflict, and shows why', async () => {
    const { db, drain } = await setup();
    const [ok, bad, clash] = await saveMany(db, 3);
    const transport = new ScriptedTransport([answer({
      [bad.id]: { status: 'rejected', code: 'invalid_field', field: 'questions[0].topics', message: 'Onbekend onderwerp.' },
      [clash.id]: { status: 'conflict', code: 'revision_conflict', message: 'Andere inhoud.' },
    })]);

    await drain(transport);

    expect(await db.registrations.get(ok.id)).toMatchObject({ syncState: 'sent' });
    expect(await db.registrations.get(bad.id)).toMatchObject({
      syncState: 'attention', problem: { code: 'invalid_field', field: 'questions[0].topics', message: 'Onbekend onderwerp.' },
    });
    expect(await db.registrations.get(clash.id)).toMatchObject({ syncState: 'attention', problem: { code: 'revision_conflict', message: 'Andere inhoud.' } });
    expect((await db.registrations.get(bad.id))?.sentRevision).toBeUndefined();
  });

  it('stores the batch, with the exact records, before it sends it', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 2);
    let storedDuringSend: unknown;
    const transport = new ScriptedTransport([async (batch) => {
      storedDuringSend = (await db.batches.get(batch.batchId))?.request;
      return answer()(batch);
    }]);

    await drain(transport);

    expect(storedDuringSend).toEqual(transport.sent[0]);
  });

  it('cuts batches by maxBatchRecords', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    await saveMany(db, 5);
    const transport = new ScriptedTransport([answer(), answer(), answer()]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 5 });

    expect(transport.sent.map((b) => b.records.length)).toEqual([2, 2, 1]);
    expect(await db.registrations.where('syncState').equals('sent').count()).toBe(5);
  });

  it('cuts batches by maxBatchBytes of the JSON body', async () => {
    const probe = JSON.stringify({ batchId: crypto.randomUUID(), deviceId: DEVICE.deviceId, sentAt: new Date(START).toISOString(), records: [makeRegistration(), makeRegistration()] });
    const maxBatchBytes = new TextEncoder().encode(probe).length + 10; // two records fit, three do not
    const { db, drain } = await setup({ limits: { maxBatchBytes } });
    await saveMany(db, 5);
    const transport = new ScriptedTransport([answer(), answer(), answer()]);

    await drain(transport);

    expect(transport.sent.map((b) => b.records.length)).toEqual([2, 2, 1]);
    for (const batch of transport.sent) expect(new TextEncoder().encode(JSON.stringify(batch)).length).toBeLessThanOrEqual(maxBatchBytes);
  });

  it('sends the oldest registrations first', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 1 } });
    const saved = await saveMany(db, 3);
    const transport = new ScriptedTransport([answer(), answer(), answer()]);

    await drain(transport);

    expect(transport.sent.map((b) => b.records[0].id)).toEqual(saved.map((r) => r.id));
  });

  it('shows progress while a backlog goes out', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    await saveMany(db, 5);
    const seen: unknown[] = [];
    // The progress of the batches answered before this one shows while this one is out (it is written meanwhile).
    const recordProgress = async (batch: BatchRequest) => {
      await expect.poll(async () => (await readStoredStatus(db)).progress?.sent).toBe(seen.length * 2);
      seen.push((await readStoredStatus(db)).progress);
      return answer()(batch);
    };
    await drain(new ScriptedTransport([recordProgress, recordProgress, recordProgress]));

    expect(seen).toEqual([{ sent: 0, total: 5 }, { sent: 2, total: 5 }, { sent: 4, total: 5 }]);
    expect((await readStoredStatus(db)).progress).toBeUndefined();
  });

  it('sends the next batch as soon as one is answered: writing the progress does not hold the request back', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    await saveMany(db, 5);
    let secondSent!: () => void;
    const secondArrived = new Promise<void>((resolve) => (secondSent = resolve));
    let released = false;
    let secondSentWhileStatusHeld = false;
    let statusHeld: Promise<void> | undefined;
    // Once the next batch is cut, the first answer goes back while another transaction holds the status (the settings
    // table) until the second request arrives: a drain that wrote the progress before sending on would wait there
    // (released after 10 s).
    const holdStatus = async (batch: BatchRequest) => {
      await expect.poll(() => db.batches.count()).toBe(2);
      statusHeld = db.transaction('rw', db.settings, () => Dexie.waitFor(Promise.race([
        secondArrived.then(() => { secondSentWhileStatusHeld = !released; }),
        new Promise<void>((resolve) => setTimeout(resolve, 10_000)),
      ]))).finally(() => { released = true; });
      return answer()(batch);
    };
    const second = async (batch: BatchRequest) => {
      secondSent();
      return answer()(batch);
    };
    const transport = new ScriptedTransport([holdStatus, second, answer()]);

    expect(await drain(transport)).toMatchObject({ outcome: 'done', sent: 5 });
    await statusHeld;
    expect(secondSentWhileStatusHeld).toBe(true);
    expect(transport.sent).toHaveLength(3);
    expect(await db.registrations.where('syncState').equals('pending').count()).toBe(0);
  }, 30_000);

  it('asks for packed batches when the server said it takes gzip, and reads limits that do not say so again once a batch is answered', async () => {
    const GZIP_LIMITS: LimitsResponse = { ...DEFAULT_LIMITS, maxBatchRecords: 2, requestEncodings: ['gzip'] };
    // Limits from a server that takes gzip: every batch packed, the limits not read again.
    const taking = await setup({ limits: GZIP_LIMITS });
    await saveMany(taking.db, 4);
    const told = new ScriptedTransport([answer(), answer()], GZIP_LIMITS);
    expect(await taking.drain(told)).toMatchObject({ outcome: 'done', sent: 4 });
    expect(told.packs).toEqual([true, true]);
    expect(told.limitsReads).toBe(0);
    // The second batch was packed while the first was out: its body unpacks to exactly the batch sent.
    expect(told.packedAhead[0]).toBeUndefined();
    expect(JSON.parse(gunzipSync(told.packedAhead[1]!).toString('utf8'))).toEqual(told.sent[1]);

    // Limits without it (an older server's, or the defaults) and never read by this app: read again after the first
    // answer, beside the next batch; the batches after that go packed.
    const older = await setup({ limits: { maxBatchRecords: 2 } });
    await saveMany(older.db, 7);
    const updated = new ScriptedTransport([answer(), answer(), answer(), answer()], GZIP_LIMITS);
    expect(await older.drain(updated)).toMatchObject({ outcome: 'done', sent: 7 });
    expect(updated.limitsReads).toBe(1);
    expect(updated.packs[0]).toBe(false);
    expect(updated.packs.at(-1)).toBe(true);
    expect((await older.db.settings.get('limits'))?.value).toEqual(GZIP_LIMITS);

    // A server that still does not take it: read once a day at most.
    const plain = await setup({ limits: { maxBatchRecords: 2 } });
    await saveMany(plain.db, 2);
    const still = new ScriptedTransport([answer(), answer(), answer()], { ...DEFAULT_LIMITS, maxBatchRecords: 2 });
    expect(await plain.drain(still)).toMatchObject({ outcome: 'done', sent: 2 });
    await saveMany(plain.db, 2);
    plain.clock.now += 23 * 60 * 60 * 1000;
    expect(await plain.drain(still)).toMatchObject({ outcome: 'done', sent: 2 });
    expect(still.limitsReads).toBe(1);
    await saveMany(plain.db, 2);
    plain.clock.now += 2 * 60 * 60 * 1000;
    expect(await plain.drain(still)).toMatchObject({ outcome: 'done', sent: 2 });
    expect(still.limitsReads).toBe(2);
    expect(still.packs).toEqual([false, false, false]);
  });

  it('sends a packed batch again as text when the server read it as bad JSON (an older instance, during an update), and its records are sent', async () => {
    const GZIP_LIMITS: LimitsResponse = { ...DEFAULT_LIMITS, requestEncodings: ['gzip'] };
    const { db, drain } = await setup({ limits: GZIP_LIMITS });
    const saved = await saveMany(db, 3);
    const posts: { pack: boolean; batchId: string }[] = [];
    const olderInstance: Transport = {
      postBatch: async (batch, _token, options) => {
        posts.push({ pack: options?.pack ?? false, batchId: batch.batchId });
        return options?.pack ? json(400, errorBody('invalid_json', 'De inhoud is geen geldige JSON.')) : answer()(batch);
      },
      getLimits: async () => json(200, GZIP_LIMITS),
      enroll: async () => { throw new Error('not scripted'); },
    };

    expect(await drain(olderInstance)).toEqual({ outcome: 'done', sent: 3 });
    expect(posts).toEqual([{ pack: true, batchId: posts[0].batchId }, { pack: false, batchId: posts[0].batchId }]);
    for (const record of saved) expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'sent' });
  });

  it('reports not_enrolled and sends nothing before the tablet is enrolled', async () => {
    const { db, drain } = await setup({ enrolled: false });
    await saveMany(db, 1);
    const transport = new ScriptedTransport([]);

    expect(await drain(transport)).toEqual({ outcome: 'not_enrolled' });
    expect(transport.sent).toHaveLength(0);
  });
});

describe('the tablet works while a batch is in flight', () => {
  it('cuts and stores the next batch while one is out, and still sends one request at a time', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    const saved = await saveMany(db, 5);
    let inFlight = 0;
    let most = 0;
    const storedDuringFlight: number[] = [];
    // each answer waits until the tablet has stored the batch after it (none after the last)
    const answerOnceNextIsStored = (expectStored: number) => async (batch: BatchRequest) => {
      most = Math.max(most, ++inFlight);
      await expect.poll(() => db.batches.count()).toBe(expectStored);
      storedDuringFlight.push(await db.batches.count());
      inFlight--;
      return answer()(batch);
    };
    const transport = new ScriptedTransport([answerOnceNextIsStored(2), answerOnceNextIsStored(2), answerOnceNextIsStored(1)]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 5 });

    expect(storedDuringFlight).toEqual([2, 2, 1]);
    expect(most).toBe(1);
    expect(transport.sent.map((b) => b.records.map((r) => r.id))).toEqual([[saved[0].id, saved[1].id], [saved[2].id, saved[3].id], [saved[4].id]]);
    expect(await db.batches.count()).toBe(0);
    for (const r of saved) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent', sentRevision: 1 });
  });

  it('keeps the batch cut ahead when the answer says to wait, and sends both in order next time, unchanged', async () => {
    const { db, clock, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    const saved = await saveMany(db, 4);
    const slowFailure = async () => {
      await expect.poll(() => db.batches.count()).toBe(2);
      throw networkError();
    };
    const first = await drain(new ScriptedTransport([slowFailure]));
    expect(first).toMatchObject({ outcome: 'waiting', left: 4 });
    const stored = await db.batches.orderBy('createdAt').toArray();
    expect(stored.map((b) => b.request.records.map((r) => r.id))).toEqual([[saved[0].id, saved[1].id], [saved[2].id, saved[3].id]]);

    clock.now = Date.parse((first as { nextAttemptAt: string }).nextAttemptAt);
    const transport = new ScriptedTransport([answer(), answer()]);
    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 4 });
    expect(transport.sent).toEqual(stored.map((b) => b.request));
    for (const r of saved) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent' });
  });

  it('sends an edit of a record in the batch cut ahead as the next revision', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 1 } });
    const [first, second] = await saveMany(db, 2);
    const editAheadDuringFlight = async (batch: BatchRequest) => {
      await expect.poll(() => db.batches.count()).toBe(2);
      await saveRegistration(db, { ...second, durationMinutes: 45 });
      return answer()(batch);
    };
    const transport = new ScriptedTransport([editAheadDuringFlight, answer(), answer()]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 3 });

    expect(transport.sent.map((b) => b.records[0])).toMatchObject([{ id: first.id }, { id: second.id, revision: 1 }, { id: second.id, revision: 2, durationMinutes: 45 }]);
    expect(await db.registrations.get(second.id)).toMatchObject({ syncState: 'sent', revision: 2, sentRevision: 2, durationMinutes: 45 });
  });
});

describe('a batch read by its save times (session 32)', () => {
  it('stores each batch with the save times of its oldest and newest record', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    const saved = await saveMany(db, 3);
    const stored: unknown[] = [];
    const keep = async (batch: BatchRequest) => {
      stored.push((await db.batches.get(batch.batchId))?.savedAt);
      return answer()(batch);
    };
    expect(await drain(new ScriptedTransport([keep, keep]))).toEqual({ outcome: 'done', sent: 3 });
    expect(stored).toEqual([{ first: saved[0].savedAt, last: saved[1].savedAt }, { first: saved[2].savedAt, last: saved[2].savedAt }]);
  });

  it('reads no record by key, applying answers or cutting ahead, when nothing changed in flight', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    await saveMany(db, 5);
    const byKey = vi.spyOn(db.registrations, 'bulkGet');
    expect(await drain(new ScriptedTransport([answer(), answer(), answer()]))).toEqual({ outcome: 'done', sent: 5 });
    expect(byKey).not.toHaveBeenCalled();
    expect(await db.registrations.toArray()).toEqual(expect.not.arrayContaining([expect.objectContaining({ syncState: 'pending' })]));
  });

  it('sends a record saved with a clock set back, before the batch in flight, in the same drain once nothing newer waits', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 2 } });
    const saved = await saveMany(db, 6);
    let backdated: { id: string } | undefined;
    const saveBackdatedOnceNextIsStored = async (batch: BatchRequest) => {
      await expect.poll(() => db.batches.count()).toBe(2);
      backdated = await saveRegistration(db, makeRegistration(), new Date(START - 3_600_000));
      return answer()(batch);
    };
    const transport = new ScriptedTransport([saveBackdatedOnceNextIsStored, answer(), answer(), answer()]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 7 });

    const ids = (r: { id: string }) => r.id;
    expect(transport.sent.map((b) => b.records.map(ids))).toEqual([saved.slice(0, 2).map(ids), saved.slice(2, 4).map(ids), saved.slice(4).map(ids), [backdated!.id]]);
    expect(await db.registrations.get(backdated!.id)).toMatchObject({ syncState: 'sent', sentRevision: 1 });
  });

  it('reads a batch stored by an earlier version (no save times) by key, and marks its records sent', async () => {
    const { db, drain } = await setup();
    const saved = await saveMany(db, 2);
    const request = { batchId: crypto.randomUUID(), deviceId: DEVICE.deviceId, sentAt: new Date(START).toISOString(), records: saved.map(toRecord) };
    await db.batches.add({ batchId: request.batchId, request, createdAt: new Date(START).toISOString(), attempts: 1 });
    const later = await saveRegistration(db, makeRegistration(), new Date(START));
    const transport = new ScriptedTransport([answer(), answer()]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 3 });

    expect(transport.sent.map((b) => b.records.map((r) => r.id))).toEqual([saved.map((r) => r.id), [later.id]]);
    for (const r of [...saved, later]) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent', sentRevision: 1 });
  });
});

describe('an edit or delete while a batch is in flight', () => {
  it('keeps an edit made during flight pending and sends it as the next revision', async () => {
    const { db, drain } = await setup();
    const [record] = await saveMany(db, 1);
    const editDuringFlight = async (batch: BatchRequest) => {
      await saveRegistration(db, { ...record, durationMinutes: 45 });
      return answer()(batch);
    };
    const transport = new ScriptedTransport([editDuringFlight, new Error('offline')]);

    await drain(transport);

    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'pending', durationMinutes: 45, sentRevision: 1, revision: 2 });
    expect(transport.sent[1].records[0]).toMatchObject({ id: record.id, revision: 2, durationMinutes: 45 });
  });

  it('sends a delete after the server stored a record that staff deleted during flight', async () => {
    const { db, drain } = await setup();
    const [record] = await saveMany(db, 1);
    const deleteDuringFlight = async (batch: BatchRequest) => {
      await deleteRegistration(db, record.id);
      return answer()(batch);
    };
    const transport = new ScriptedTransport([deleteDuringFlight, answer()]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 2 });

    expect(transport.sent[1].records[0]).toMatchObject({ id: record.id, revision: 2, deleted: true });
    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'sent', deleted: true, revision: 2, sentRevision: 2 });
    expect(await registrationsOfDay(db, record.day)).toEqual([]);
  });

  it('keeps a confirmed tombstone as sent and out of sight, so a delivery check after a restore can send the delete again', async () => {
    const { db, drain } = await setup();
    const [record] = await saveMany(db, 1);
    await drain(new ScriptedTransport([answer()]));
    await deleteRegistration(db, record.id);
    const transport = new ScriptedTransport([answer()]);

    await drain(transport);

    expect(transport.sent[0].records[0]).toMatchObject({ id: record.id, revision: 2, deleted: true });
    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'sent', deleted: true, revision: 2, sentRevision: 2 });
    expect(await registrationsOfDay(db, record.day)).toEqual([]);
    expect(await registrationsBetween(db, record.day, record.day)).toEqual([]);
    expect(await recentRegistrations(db, 10)).toEqual([]);
  });
});

describe('a batch left by an interrupted run', () => {
  it('is resent first, with the same batchId and records, before new records are cut', async () => {
    const { db, drain } = await setup();
    const saved = await saveMany(db, 2);
    // the tab dies while the request is out: the transport never answers, and a new page opens the database
    const alwaysGranted = { request: (_name: string, _options: unknown, callback: (lock: unknown) => unknown) => Promise.resolve(callback({})) } as unknown as LockManager;
    const dying = new ScriptedTransport([() => new Promise<RawResponse>(() => {})]);
    void drain(dying, { locks: alwaysGranted });
    await expect.poll(() => dying.sent.length).toBe(1);

    const reopened = newDb(db.name);
    const later = await saveRegistration(reopened, makeRegistration(), new Date(START));
    const transport = new ScriptedTransport([answer(), answer()]);
    expect(await drainOutbox(reopened, { transport, now: () => new Date(START), locks: alwaysGranted })).toEqual({ outcome: 'done', sent: 3 });

    expect(transport.sent[0]).toEqual(dying.sent[0]);
    expect(transport.sent[0].records.map((r) => r.id)).toEqual(saved.map((r) => r.id));
    expect(transport.sent[1].records.map((r) => r.id)).toEqual([later.id]);
  });
});

describe('a status left \'sending\' by an interrupted run', () => {
  it('is not shown as sending after a start while no one holds the outbox lock; while another sender holds it, it stays', async () => {
    const { db } = await setup();
    await saveMany(db, 3);
    // the page is reloaded while its request is out: the drain's finally never runs, 'sending' and its progress stay stored
    const alwaysGranted = { request: (_name: string, _options: unknown, callback: (lock: unknown) => unknown) => Promise.resolve(callback({})) } as unknown as LockManager;
    const dying = new ScriptedTransport([() => new Promise<RawResponse>(() => {})]);
    void drainOutbox(db, { transport: dying, now: () => new Date(START), locks: alwaysGranted });
    await expect.poll(() => dying.sent.length).toBe(1);
    const reopened = newDb(db.name);
    expect(sendingProgress(await readSyncStatus(reopened))).toEqual({ sent: 0, total: 3 });

    // another tab or the service worker holds the lock at this start: it may really be sending, so its status stays
    let release!: () => void;
    const held = withOutboxLock(() => new Promise<void>((resolve) => (release = resolve)), undefined);
    await endStaleSending(reopened, undefined);
    expect(sendingProgress(await readSyncStatus(reopened))).toEqual({ sent: 0, total: 3 });
    release();
    await held;

    // no one holds it: the start puts the stored 'sending' to rest; what waits is still counted
    await endStaleSending(reopened, undefined);
    const status = await readSyncStatus(reopened);
    expect(status).toMatchObject({ state: 'idle', pending: 3 });
    expect(status.progress).toBeUndefined();
    expect(sendingProgress(status)).toBeUndefined();
    // and the next send goes as before: the stored batch first
    const transport = new ScriptedTransport([answer()]);
    expect(await drainOutbox(reopened, { transport, now: () => new Date(START), locks: null })).toEqual({ outcome: 'done', sent: 3 });
    expect(transport.sent[0]).toEqual(dying.sent[0]);
  });

  it('goes back to the pause or the wait it had, also when a drain finds it and sends nothing (a wait not passed)', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 1);
    await updateStatus(db, { state: 'sending', progress: { sent: 0, total: 1 }, pauseReason: 'reenroll', pauseMessage: 'Koppel de tablet opnieuw.' });
    await endStaleSending(db, undefined);
    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: 'reenroll' });
    expect((await readStoredStatus(db)).progress).toBeUndefined();

    const at = new Date(START + 60_000).toISOString();
    await updateStatus(db, { state: 'sending', progress: { sent: 0, total: 1 }, pauseReason: undefined, pauseMessage: undefined, failures: 3, nextAttemptAt: at });
    const transport = new ScriptedTransport([]);
    expect(await drain(transport)).toEqual({ outcome: 'waiting', nextAttemptAt: at, sent: 0, left: 1 });
    expect(transport.sent).toHaveLength(0);
    expect(await readStoredStatus(db)).toEqual({ state: 'backoff', failures: 3, nextAttemptAt: at });
  });
});

describe('unknown outcomes: the same batch goes again after backoff', () => {
  const truncated = (batch: BatchRequest): RawResponse => {
    const full = answer()(batch);
    return { ...full, bodyText: full.bodyText.slice(0, Math.floor(full.bodyText.length / 2)) };
  };
  const cases: [string, () => Step][] = [
    ['a network error', networkError],
    ['a timeout', timeout],
    ['a 500', () => json(500, errorBody('internal_error'))],
    ['a 502 from a proxy with HTML', () => ({ status: 502, contentType: 'text/html', bodyText: '<h1>Bad Gateway</h1>' })],
    ['a 503 without Retry-After', () => json(503, errorBody('database_unavailable'))],
    ['a 200 with HTML from a captive portal', () => ({ status: 200, contentType: 'text/html', bodyText: '<html><body>Log in op het gastnetwerk</body></html>' })],
    ['a body cut halfway', () => truncated],
    ['a JSON 200 that echoes another batchId', () => (batch: BatchRequest) => json(200, { batchId: crypto.randomUUID(), serverTime: '', results: batch.records.map((r) => ({ id: r.id, status: 'accepted' })) })],
    ['a JSON 200 that lacks a result for some records', () => (batch: BatchRequest) => json(200, { batchId: batch.batchId, serverTime: '', results: [{ id: batch.records[0].id, status: 'accepted' }] })],
  ];

  it.each(cases)('resends the same batchId and records after %s, and marks nothing sent before that', async (_name, step) => {
    const { db, clock, drain } = await setup();
    const saved = await saveMany(db, 2);
    const transport = new ScriptedTransport([step(), answer()]);

    const first = await drain(transport);

    expect(first).toMatchObject({ outcome: 'waiting' });
    expect(await db.registrations.where('syncState').equals('pending').count()).toBe(2);
    expect(await db.batches.count()).toBe(1);
    expect(await readStoredStatus(db)).toMatchObject({ state: 'backoff', failures: 1 });

    await saveMany(db, 1); // a newer record must not change the stored batch
    clock.now = Date.parse((first as { nextAttemptAt: string }).nextAttemptAt);
    await drain(transport);

    expect(transport.sent[1]).toEqual(transport.sent[0]);
    expect(transport.sent[1].records.map((r) => r.id)).toEqual(saved.map((r) => r.id));
    for (const r of saved) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent' });
  });

  it('waits for the backoff before it tries again, unless forced ("Nu versturen")', async () => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([networkError(), answer()]);
    const first = await drain(transport);
    clock.now += 1;

    expect(await drain(transport)).toEqual({ outcome: 'waiting', nextAttemptAt: (first as { nextAttemptAt: string }).nextAttemptAt, sent: 0, left: 1 });
    expect(transport.sent).toHaveLength(1);
    expect(await drain(transport, { force: true })).toEqual({ outcome: 'done', sent: 1 });
    expect(transport.sent).toHaveLength(2);
  });

  it('tries once at once when the browser is back online, whatever the backoff says; then keeps to the backoff again', async () => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([...Array.from({ length: 11 }, networkError), answer()]);
    // ten failures on a dead line: the next try is 0.999 of a window of 30 minutes away
    for (let n = 0; n < 9; n++) clock.now = Date.parse((await drain(transport, { random: () => 0.999 }) as { nextAttemptAt: string }).nextAttemptAt);
    const long = await drain(transport, { random: () => 0.999 });
    clock.now += 1_000;
    expect(await drain(transport)).toMatchObject({ outcome: 'waiting', nextAttemptAt: (long as { nextAttemptAt: string }).nextAttemptAt });
    expect(transport.sent).toHaveLength(10);

    // The line is back ('online'), but the server still does not answer: one try, then the next wait, grown as usual.
    const failed = await drain(transport, { backOnline: true, random: () => 0.999 });
    expect(transport.sent).toHaveLength(11);
    expect(await readStoredStatus(db)).toMatchObject({ state: 'backoff', failures: 11 });
    expect(Date.parse((failed as { nextAttemptAt: string }).nextAttemptAt) - clock.now).toBe(Math.floor(0.999 * 30 * 60_000));
    clock.now += 1_000;
    expect(await drain(transport)).toMatchObject({ outcome: 'waiting' });
    expect(transport.sent).toHaveLength(11);

    expect(await drain(transport, { backOnline: true })).toEqual({ outcome: 'done', sent: 1 });
    expect(transport.sent[11]).toEqual(transport.sent[0]);
  });

  it('ends a backoff that began offline at the first trigger once the browser is online (the service worker\'s sync event)', async () => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([networkError(), networkError(), answer()]);
    let online = false;
    const first = await drain(transport, { online: () => online, random: () => 0.999 });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'backoff', failures: 1, waitBeganOffline: true });
    clock.now += 1_000;
    // still offline: the wait holds
    expect(await drain(transport, { online: () => online })).toMatchObject({ outcome: 'waiting', nextAttemptAt: (first as { nextAttemptAt: string }).nextAttemptAt });
    expect(transport.sent).toHaveLength(1);

    // online again: one try; it fails online, so its wait holds as any other
    online = true;
    await drain(transport, { online: () => online, random: () => 0.999 });
    expect(transport.sent).toHaveLength(2);
    expect((await readStoredStatus(db)).waitBeganOffline).toBeUndefined();
    clock.now += 1_000;
    expect(await drain(transport, { online: () => online })).toMatchObject({ outcome: 'waiting' });
    expect(transport.sent).toHaveLength(2);
  });

  it('keeps a Retry-After and a pause when the browser is back online', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([json(503, errorBody('database_unavailable'), '120')]);
    const waiting = await drain(transport);
    expect(await drain(transport, { backOnline: true })).toEqual(waiting);
    expect(transport.sent).toHaveLength(1);

    await updateStatus(db, { state: 'paused', pauseReason: 'revoked', pauseMessage: 'Deze tablet is ingetrokken.', notBefore: undefined, nextAttemptAt: undefined });
    expect(await drain(transport, { backOnline: true })).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });
    expect(transport.sent).toHaveLength(1);
  });

  it('lets the backoff grow with full jitter in [0, min(30 min, 5 s * 2^n)) and resets it after an answer', async () => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 1);
    const delays: number[] = [];
    const transport = new ScriptedTransport([...Array.from({ length: 11 }, networkError), answer()]);
    for (let n = 0; n < 11; n++) {
      const result = await drain(transport, { random: () => 0.999 });
      delays.push(Date.parse((result as { nextAttemptAt: string }).nextAttemptAt) - clock.now);
      clock.now += delays[n];
    }
    expect(delays.slice(0, 4)).toEqual([4995, 9990, 19980, 39960]);
    expect(delays[10]).toBe(Math.floor(0.999 * 30 * 60_000));
    expect((await drain(transport, { random: () => 0 })).outcome).toBe('done');
    expect((await readStoredStatus(db)).failures).toBe(0);
  });

  it('draws the jitter from the injected random()', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 1);
    const result = await drain(new ScriptedTransport([networkError()]), { random: () => 0 });

    expect(result).toEqual({ outcome: 'waiting', nextAttemptAt: new Date(START).toISOString(), sent: 0, left: 1 });
  });
});

describe('whole-batch errors, as the contract table says', () => {
  it('400: quarantines the batch, marks its records for attention with a Dutch message, and goes on', async () => {
    const { db, drain } = await setup({ limits: { maxBatchRecords: 1 } });
    const [first, second] = await saveMany(db, 2);
    const transport = new ScriptedTransport([json(400, errorBody('invalid_request', 'Ongeldige zending.')), answer()]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 1 });

    expect(await db.registrations.get(first.id)).toMatchObject({ syncState: 'attention', problem: { code: 'batch_rejected', message: expect.stringContaining('fout in de app') } });
    expect(await db.registrations.get(second.id)).toMatchObject({ syncState: 'sent' });
    expect(await db.batches.count()).toBe(0);
    expect((await readStoredStatus(db)).lastError).toMatchObject({ code: 'invalid_request', message: 'Ongeldige zending.' });
  });

  it('400 batch_id_in_use: sends the same records again under a new batchId, without marking them', async () => {
    const { db, drain } = await setup();
    const saved = await saveMany(db, 2);
    const transport = new ScriptedTransport([json(400, errorBody('batch_id_in_use')), answer()]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 2 });

    expect(transport.sent[1].batchId).not.toBe(transport.sent[0].batchId);
    expect(transport.sent[1].records).toEqual(transport.sent[0].records);
    for (const r of saved) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent' });
  });

  it('401: pauses sync until the tablet is enrolled again and keeps every record and the batch', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 2);
    const transport = new ScriptedTransport([json(401, errorBody('unauthorized'))]);

    expect(await drain(transport)).toEqual({ outcome: 'paused', reason: 'reenroll', sent: 0 });

    expect(await db.registrations.where('syncState').equals('pending').count()).toBe(2);
    expect(await db.batches.count()).toBe(1);
    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: 'reenroll' });
    expect(await drain(transport)).toEqual({ outcome: 'paused', reason: 'reenroll', sent: 0 });
    expect(transport.sent).toHaveLength(1);
  });

  it('403: pauses sync as revoked, shows the server message, and keeps every record', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([json(403, errorBody('device_revoked', 'Deze tablet is ingetrokken.'))]);

    expect(await drain(transport)).toEqual({ outcome: 'paused', reason: 'revoked', sent: 0 });

    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: 'revoked', pauseMessage: 'Deze tablet is ingetrokken.' });
    expect(await db.registrations.where('syncState').equals('pending').count()).toBe(1);
    expect(await db.batches.count()).toBe(1);
  });

  it('a forced try while paused resumes when the server answers, and stays paused when it refuses again', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([json(401, errorBody('unauthorized')), json(401, errorBody('unauthorized')), answer()]);
    await drain(transport);

    expect(await drain(transport, { force: true })).toMatchObject({ outcome: 'paused' });
    expect(await drain(transport, { force: true })).toEqual({ outcome: 'done', sent: 1 });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'idle' });
    expect((await readStoredStatus(db)).pauseReason).toBeUndefined();
  });

  it('a forced try while paused that gets no answer leaves the pause standing', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([json(401, errorBody('unauthorized')), networkError()]);
    await drain(transport);

    expect(await drain(transport, { force: true })).toMatchObject({ outcome: 'waiting' });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'paused', pauseReason: 'reenroll' });
    expect(await drain(transport)).toEqual({ outcome: 'paused', reason: 'reenroll', sent: 0 });
    expect(transport.sent).toHaveLength(2);
  });

  it('413: re-reads the limits and sends the same records in smaller new batches', async () => {
    const { db, drain } = await setup();
    const saved = await saveMany(db, 4);
    const transport = new ScriptedTransport([json(413, errorBody('payload_too_large')), answer(), answer()], { ...DEFAULT_LIMITS, maxBatchRecords: 2 });

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 4 });

    expect(transport.limitsReads).toBe(1);
    expect(transport.sent.map((b) => b.records.length)).toEqual([4, 2, 2]);
    expect(new Set(transport.sent.map((b) => b.batchId)).size).toBe(3);
    expect(transport.sent.slice(1).flatMap((b) => b.records)).toEqual(transport.sent[0].records);
    expect(await db.registrations.where('syncState').equals('sent').primaryKeys()).toEqual(expect.arrayContaining(saved.map((r) => r.id)));
    expect((await db.settings.get('limits'))?.value).toMatchObject({ maxBatchRecords: 2 });
  });

  it('a link too slow for a whole batch: after it timed out twice, the batch goes in halves (new batchIds, same records) until they fit', async () => {
    // Each try of a large batch on a slow uplink runs into the 30 s timeout before the answer comes: the same batch,
    // byte for byte, timed out again and again, and nothing was ever marked sent (the server may well have stored it).
    const { db, clock, drain } = await setup();
    const saved = await saveMany(db, 8);
    const sent: BatchRequest[] = [];
    const slowLink: Transport = {
      postBatch: async (batch) => {
        sent.push(structuredClone(batch));
        if (batch.records.length > 2) throw timeout();
        return answer()(batch);
      },
      getLimits: async () => json(200, DEFAULT_LIMITS),
      enroll: async () => { throw new Error('not scripted'); },
    };

    let result = await drain(slowLink);
    for (let i = 0; i < 20 && result.outcome !== 'done'; i++) {
      clock.now += 31 * 60_000;
      result = await drain(slowLink);
    }

    expect(result.outcome).toBe('done');
    expect(sent.slice(0, 2).map((b) => b.records.length)).toEqual([8, 8]);
    expect(sent[1]).toEqual(sent[0]);
    const answered = sent.filter((b) => b.records.length <= 2);
    expect(answered.flatMap((b) => b.records.map((r) => r.id)).sort()).toEqual(saved.map((r) => r.id).sort());
    for (const r of saved) expect(await db.registrations.get(r.id)).toMatchObject({ syncState: 'sent', sentRevision: 1 });
    expect(await db.batches.count()).toBe(0);
  });

  it('413 with unchanged limits: halves the batch', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 5);
    const transport = new ScriptedTransport([json(413, errorBody('payload_too_large')), answer(), answer()]);

    await drain(transport);

    expect(transport.sent.map((b) => b.records.length)).toEqual([5, 3, 2]);
  });

  it('413 for a single record: marks it for attention instead of splitting forever', async () => {
    const { db, drain } = await setup();
    const [record] = await saveMany(db, 1);
    const transport = new ScriptedTransport([json(413, errorBody('payload_too_large'))]);

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 0 });

    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'attention', problem: { code: 'record_too_large' } });
    expect(await db.batches.count()).toBe(0);
  });

  it('415: reports the batch as a bug (attention) and drops it', async () => {
    const { db, drain } = await setup();
    const [record] = await saveMany(db, 1);
    const transport = new ScriptedTransport([json(415, errorBody('unsupported_media_type'))]);

    await drain(transport);

    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'attention', problem: { code: 'batch_unsupported' } });
    expect(await db.batches.count()).toBe(0);
    expect((await readStoredStatus(db)).lastError).toMatchObject({ code: 'unsupported_media_type' });
  });

  it.each([
    ['429 with Retry-After in seconds', () => json(429, errorBody('rate_limited'), '120'), 120_000],
    ['503 with Retry-After in seconds', () => json(503, errorBody('database_unavailable'), '30'), 30_000],
    ['503 with Retry-After as an HTTP-date', () => json(503, errorBody('database_unavailable'), new Date(START + 90_000).toUTCString()), 90_000],
  ] as const)('%s: waits at least that long, even when forced, then resends the same batch', async (_name, step, waitMs) => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 2);
    const transport = new ScriptedTransport([step(), answer()]);
    const notBefore = new Date(START + waitMs).toISOString();

    expect(await drain(transport)).toEqual({ outcome: 'waiting', nextAttemptAt: notBefore, sent: 0, left: 2 });
    expect(await readStoredStatus(db)).toMatchObject({ state: 'backoff', nextAttemptAt: notBefore, notBefore });

    clock.now = START + waitMs - 1_000;
    expect(await drain(transport, { force: true })).toEqual({ outcome: 'waiting', nextAttemptAt: notBefore, sent: 0, left: 2 });
    expect(transport.sent).toHaveLength(1);

    clock.now = START + waitMs;
    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 2 });
    expect(transport.sent[1]).toEqual(transport.sent[0]);
  });

  it('never waits less than the server\'s minRetryAfterSeconds', async () => {
    const { db, drain } = await setup({ limits: { minRetryAfterSeconds: 10 } });
    await saveMany(db, 1);

    const result = await drain(new ScriptedTransport([json(429, errorBody('rate_limited'), '0')]));

    expect(result).toEqual({ outcome: 'waiting', nextAttemptAt: new Date(START + 10_000).toISOString(), sent: 0, left: 1 });
  });
});

describe('a group session whose delete the server refuses', () => {
  it('is listed on its day with the reason, and can be thrown away', async () => {
    // A registration's refused delete shows in the day list ("verwijderd, maar de server weigerde"); a group session's
    // was left out of it, while the status bar said "1 heeft aandacht nodig": nothing to find, nothing to tap.
    const { db, drain } = await setup();
    const session = (await saveNewGroupSession(db, makeGroupSession(DEVICE, { date: '2026-11-24' }))).stored;
    expect(await drain(new ScriptedTransport([answer()]))).toEqual({ outcome: 'done', sent: 1 });
    await deleteGroupSession(db, session.id, new Date(START));
    const refused = { status: 'rejected' as const, code: 'id_in_use', message: 'Deze bijeenkomst hoort bij een andere tablet.' };
    expect(await drain(new ScriptedTransport([answer({ [session.id]: refused })]))).toEqual({ outcome: 'done', sent: 0 });
    expect(await readSyncStatus(db)).toMatchObject({ pending: 0, attention: 1 });

    const listed = await groupSessionsOfDay(db, '2026-11-24');
    expect(listed).toEqual([expect.objectContaining({ id: session.id, deleted: true, syncState: 'attention', problem: expect.objectContaining({ code: 'id_in_use' }) })]);
    // the live ones alone count in the day's summary and the overview
    expect(await groupSessionsBetween(db, '2026-11-24', '2026-11-24')).toEqual([]);

    await discardGroupSession(db, session.id);
    expect(await groupSessionsOfDay(db, '2026-11-24')).toEqual([]);
    expect(await readSyncStatus(db)).toMatchObject({ pending: 0, attention: 0 });
  });
});

describe('a clock set back after a wait was stored', () => {
  // A tablet whose clock ran a year ahead stored its waits in that year; the clock is then put right (by hand or
  // the network's time). The longest wait the engine sets is the backoff's 30 min or a Retry-After of an hour: a
  // stored wait further ahead than that says nothing about now.
  const YEAR = 365 * 24 * 3_600_000;

  it('sends at the next trigger, not a year later, after a backoff stored by a clock a year ahead', async () => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 2);
    const transport = new ScriptedTransport([networkError(), answer()]);
    clock.now = START + YEAR;
    expect(await drain(transport)).toMatchObject({ outcome: 'waiting', left: 2 });
    clock.now = START + 60_000;

    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 2 });
    expect(transport.sent[1]).toEqual(transport.sent[0]);
  });

  it('sends after a Retry-After stored by a clock a year ahead, also at a forced try, which no wait from the server may skip', async () => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 2);
    const transport = new ScriptedTransport([json(503, errorBody('database_unavailable'), '120'), answer()]);
    clock.now = START + YEAR;
    expect(await drain(transport)).toMatchObject({ outcome: 'waiting', nextAttemptAt: new Date(START + YEAR + 120_000).toISOString() });
    clock.now = START + 60_000;

    expect(await drain(transport, { force: true })).toEqual({ outcome: 'done', sent: 2 });
  });

  it('honours a Retry-After of at most an hour: a longer one would hold even "Nu versturen" back', async () => {
    const { db, clock, drain } = await setup();
    await saveMany(db, 1);
    const transport = new ScriptedTransport([json(429, errorBody('rate_limited'), String(7 * 24 * 3600)), answer()]);
    expect(await drain(transport)).toEqual({ outcome: 'waiting', nextAttemptAt: new Date(START + 3_600_000).toISOString(), sent: 0, left: 1 });
    clock.now = START + 3_600_000;
    expect(await drain(transport)).toEqual({ outcome: 'done', sent: 1 });
  });
});

describe('single flight', () => {
  it('lets one of two concurrent drains send; the other answers busy', async () => {
    const { db, drain } = await setup();
    await saveMany(db, 2);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const transport = new ScriptedTransport([async (batch) => { await gate; return answer()(batch); }]);

    const first = drain(transport);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await drain(transport);
    release();

    expect(second).toEqual({ outcome: 'busy' });
    expect(await first).toEqual({ outcome: 'done', sent: 2 });
    expect(transport.sent).toHaveLength(1);
  });
});
