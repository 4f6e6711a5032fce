import type { Table } from 'dexie';
import type { IdoDb } from '../db/db';
import { countInSyncState, inSyncState } from '../db/sync-state';
import type { EnrolledDevice, OutboxBatch, PauseReason, SyncStatus } from '../db/types';
import type { BatchRecord, BatchResponse, LimitsResponse } from '../shared/api';
import { backoffDelayMs, browserOnline, retryAfterWaitMs, stillWaiting } from './backoff';
import { getDevice } from './device';
import { deviceContactHeaders } from './device-contact';
import { cachedLimits, cutRecords, jsonBytes, limitsWorthRereading, refreshLimits, serverTakesGzip } from './limits';
import { withOutboxLock } from './lock';
import { classifyBatchResponse, type BatchOutcome } from './outcome';
import { applyResults, isConfirmed, markAttention, type Problem, recordTables, type StoredRecord, toWire } from './records';
import { packedBatch } from './pack';
import { endSendingHeld } from './stale-sending';
import { readStoredStatus, updateStatus } from './status';
import { fetchTransport, parseJsonBody, type RawResponse, type Transport } from './transport';

/** What a trigger (page, service worker, "Nu versturen") passes to drainOutbox. */
export interface DrainOptions {
  /** defaults to fetchTransport() on this origin */
  transport?: Transport;
  /** "Nu versturen": skip the exponential backoff and try a paused sync once; Retry-After still holds */
  force?: boolean;
  /**
   * The browser says the network is back (the page's 'online' event): one try now, whatever the exponential backoff
   * says (its waits were about a dead line); a Retry-After and a pause still hold, and a failed try backs off as usual.
   */
  backOnline?: boolean;
  /** whether the browser says it is online; defaults to navigator.onLine (page and service worker alike) */
  online?: () => boolean;
  now?: () => Date;
  random?: () => number;
  /** defaults to navigator.locks; null forces the in-process lock */
  locks?: LockManager | null;
}

/**
 * How a drain ended. 'done': the outbox is empty. 'waiting': call again at nextAttemptAt (a timer
 * on the page, a failed sync event in the service worker); `left` records still wait to go, and
 * when there are any the page asks for a Background Sync, so they go with the app closed too.
 * 'paused': needs enrollment. 'busy': another tab or the service worker is sending.
 * 'not_enrolled': nothing can be sent yet.
 */
export type DrainResult =
  | { outcome: 'done'; sent: number }
  | { outcome: 'waiting'; nextAttemptAt: string; sent: number; left: number }
  | { outcome: 'paused'; reason: PauseReason; sent: number }
  | { outcome: 'busy' }
  | { outcome: 'not_enrolled' };

interface Deps {
  transport: Transport;
  force: boolean;
  backOnline: boolean;
  online: () => boolean;
  now: () => Date;
  random: () => number;
}

const QUARANTINE: Record<400 | 415, Problem> = {
  400: { code: 'batch_rejected', message: 'De server weigerde de zending waarin deze registratie zat. Dit is een fout in de app; meld het bij de beheerder. De registratie blijft bewaard.' },
  415: { code: 'batch_unsupported', message: 'De app verstuurde deze registratie in een vorm die de server niet kent. Dit is een fout in de app; meld het bij de beheerder. De registratie blijft bewaard.' },
};
const TOO_LARGE: Problem = { code: 'record_too_large', message: 'Deze registratie is te groot om te versturen. Maak de tekst korter en sla opnieuw op.' };

/**
 * Sends the outbox: persisted batches first (unchanged), then new batches cut from pending
 * registrations, until it is empty or an answer says to wait or pause. Never sleeps: a wait is
 * persisted as nextAttemptAt and the next trigger resumes.
 */
export async function drainOutbox(db: IdoDb, options: DrainOptions = {}): Promise<DrainResult> {
  const locks = options.locks === null ? undefined : options.locks ?? globalThis.navigator?.locks;
  const result = await withOutboxLock(() => drainHoldingLock(db, options), locks);
  return result === 'busy' ? { outcome: 'busy' } : result;
}

/** drainOutbox for a caller that already holds the outbox lock (syncAll, which runs the kaart after it). */
export function drainHoldingLock(db: IdoDb, options: DrainOptions = {}): Promise<DrainResult> {
  return drainLocked(db, {
    transport: options.transport ?? fetchTransport('', undefined, undefined, deviceContactHeaders(db)),
    force: options.force ?? false,
    backOnline: options.backOnline ?? false,
    online: options.online ?? browserOnline,
    now: options.now ?? (() => new Date()),
    random: options.random ?? Math.random,
  });
}

async function drainLocked(db: IdoDb, deps: Deps): Promise<DrainResult> {
  const device = await getDevice(db);
  if (!device) return { outcome: 'not_enrolled' };
  const now = deps.now().getTime();
  // This drain holds the lock: a stored 'sending' is a send that ended without its finally (a page reloaded mid-send).
  const status = await endSendingHeld(db, await liftPauseWithoutServerMessage(db, await readStoredStatus(db)), now);
  if (status.pauseReason && !deps.force) return { outcome: 'paused', reason: status.pauseReason, sent: 0 };
  if (stillWaiting(status.notBefore, now)) return { outcome: 'waiting', nextAttemptAt: status.notBefore, sent: 0, left: await remaining(db) };
  // A backoff that began offline was about the dead line: once the browser is online again, the first trigger tries
  // (the service worker's sync event, which the browser fires when the network is back, knows no 'online' event).
  const reconnected = deps.backOnline || (status.waitBeganOffline === true && deps.online());
  if (!deps.force && !reconnected && stillWaiting(status.nextAttemptAt, now)) {
    return { outcome: 'waiting', nextAttemptAt: status.nextAttemptAt, sent: 0, left: await remaining(db) };
  }

  let sent = 0;
  let pack = serverTakesGzip(await cachedLimits(db));
  // Limits that do not say the server takes packed bodies are read again once a batch was answered (the line works),
  // beside the next batch: nothing the drain writes waits for it (limitsWorthRereading).
  let rereading: Promise<void> | undefined;
  try {
    let batch = await nextBatch(db, device, await cachedLimits(db), deps.now(), sent);
    // The body of `batch` packed, when it was packed while the batch before it was out.
    let packed: Uint8Array<ArrayBuffer> | undefined;
    // The answer of the batch before this one, applied while this one is in flight.
    let applying: Promise<unknown> | undefined;
    for (;;) {
      if (!batch) return await finish(db, sent);
      const inFlight = batch;
      // While a batch is out, the tablet applies the answer before it and cuts (and packs) the one after it. One
      // request is in flight at a time, so the server gets the batches one after another, as before.
      const [outcome, ahead] = await both(attempt(inFlight, device, deps, { pack, packed }), (async () => {
        await applying;
        const next = await cutAhead(db, device, inFlight, await cachedLimits(db), deps.now());
        return next && { batch: next, packed: pack ? await packedBatch(next.request) : undefined };
      })());
      if (!rereading && outcome.kind === 'answered') {
        rereading = (async () => {
          if (await limitsWorthRereading(db, deps.now())) pack = serverTakesGzip(await refreshLimits(db, deps.transport, deps.now()));
        })().catch(() => {}); // the cached limits stay; the next drain tries again
      }
      if (outcome.kind === 'answered' && ahead) {
        sent += confirmedIn(outcome.response);
        const sentNow = sent;
        // The next batch goes out at once: the progress is counted and the answer applied while it is in flight (a
        // count of the pending records reads the whole index: it held each request back, 20 times in a drain of 10,000).
        applying = (async () => {
          // what is left: every pending record but those of the answered batch, which its answer is about to settle
          await showProgress(db, sentNow, Math.max(0, (await pendingCount(db)) - inFlight.request.records.length));
          return settle(db, inFlight, outcome, device, deps);
        })();
        // keep a failed apply for the next await (it rethrows there) without an unhandled rejection meanwhile
        applying.catch(() => {});
        batch = ahead.batch;
        packed = ahead.packed;
        continue;
      }
      const step = await settle(db, inFlight, outcome, device, deps);
      sent += step.confirmed;
      if (step.stop) return step.stop.outcome === 'waiting' ? { ...step.stop, sent, left: await remaining(db) } : { ...step.stop, sent };
      batch = await nextBatch(db, device, await cachedLimits(db), deps.now(), sent);
      packed = undefined;
    }
  } finally {
    // the limits' read ends within the drain (it holds the outbox lock)
    await rereading;
    // a drain that threw leaves no stale 'sending' behind
    await endSendingHeld(db, await readStoredStatus(db), deps.now().getTime());
  }
}

/**
 * Every pause carries the server's own message (server-answer.ts). A pause without one was set by an
 * earlier version of the app on an answer that was not the server's (a captive portal's HTML 401 or
 * 403): it never was the server's word, so sending resumes. If the server does mean it, its next
 * answer pauses again, with its message.
 */
async function liftPauseWithoutServerMessage(db: IdoDb, status: SyncStatus): Promise<SyncStatus> {
  if (!status.pauseReason || status.pauseMessage !== undefined) return status;
  return updateStatus(db, { state: 'idle', pauseReason: undefined });
}

/** The outbox is empty. A pause stays unless a batch was answered in this drain (a forced try proves nothing without one). */
async function finish(db: IdoDb, sent: number): Promise<DrainResult> {
  const status = await readStoredStatus(db);
  if (status.pauseReason) {
    await updateStatus(db, { state: 'paused', progress: undefined });
    return { outcome: 'paused', reason: status.pauseReason, sent };
  }
  await updateStatus(db, { state: 'idle', progress: undefined, nextAttemptAt: undefined, notBefore: undefined, failures: 0 });
  return { outcome: 'done', sent };
}

/**
 * The batch to send now: the oldest persisted one, or a new one cut from the oldest pending records and
 * stored before it is sent. In the same transaction it is counted as attempted (it goes out right after;
 * a crash in between errs on the safe side, as one during the request would) and the progress is shown.
 */
async function nextBatch(db: IdoDb, device: EnrolledDevice, limits: LimitsResponse, now: Date, sent: number): Promise<OutboxBatch | undefined> {
  return db.transaction('rw', [db.registrations, db.groupSessions, db.batches, db.settings], async () => {
    const waiting = await db.batches.orderBy('createdAt').first();
    if (waiting) {
      const batch = { ...waiting, lastAttemptAt: now.toISOString(), attempts: waiting.attempts + 1 };
      await db.batches.put(batch);
      await showProgress(db, sent, await remaining(db));
      return batch;
    }
    const batch = await cutBatch(db, device, limits, now, new Set(), now);
    // no other batch is stored and this one's records are all still pending: the pending count is what is left
    if (batch) await showProgress(db, sent, await pendingCount(db));
    return batch;
  });
}

/**
 * The batch after the one in flight, cut and stored while it is out, from pending records that are not in it.
 * It is counted as attempted as it is stored (it goes out as soon as the answer comes; should the answer say to
 * wait, it stays stored and goes after the one in flight). None when another stored batch waits (that one goes
 * next, by nextBatch) or nothing else is pending.
 */
async function cutAhead(db: IdoDb, device: EnrolledDevice, inFlight: OutboxBatch, limits: LimitsResponse, now: Date): Promise<OutboxBatch | undefined> {
  return db.transaction('rw', [db.registrations, db.groupSessions, db.batches], async () => {
    if ((await db.batches.count()) > 1) return undefined;
    const skip = new Set(inFlight.request.records.map((record) => record.id));
    // after the one in flight in the outbox's order, also when both are cut in the same millisecond
    const createdAt = new Date(Math.max(now.getTime(), Date.parse(inFlight.createdAt) + 1));
    return cutBatch(db, device, limits, now, skip, createdAt, inFlight.savedAt?.last);
  });
}

/**
 * Cuts a new batch from the oldest pending records not in `skip` (saved from `from` on, when given), marks the ones
 * too large for any batch, and stores it as attempted, with the save times of its oldest and newest record.
 */
async function cutBatch(db: IdoDb, device: EnrolledDevice, limits: LimitsResponse, now: Date, skip: ReadonlySet<string>, createdAt: Date, from?: string): Promise<OutboxBatch | undefined> {
  for (;;) {
    const pending = await oldestPending(db, limits.maxBatchRecords, skip, from);
    if (pending.length === 0) return undefined;
    const batchId = crypto.randomUUID();
    const envelope = { batchId, deviceId: device.deviceId, sentAt: now.toISOString(), records: [] as BatchRecord[] };
    const { parts, oversize } = cutRecords(pending.map(toWire), limits, jsonBytes(envelope));
    await markAttention(db, oversize, TOO_LARGE);
    if (parts.length === 0) continue;
    // the records are in the order they were saved: the part's first and last hold its oldest and newest save time
    const savedAt = new Map(pending.map((record) => [record.id, record.savedAt]));
    const first = savedAt.get(parts[0][0].id)!;
    const last = savedAt.get(parts[0][parts[0].length - 1].id)!;
    const batch: OutboxBatch = { batchId, request: { ...envelope, records: parts[0] }, createdAt: createdAt.toISOString(), lastAttemptAt: now.toISOString(), attempts: 1, savedAt: { first, last } };
    await db.batches.add(batch);
    return batch;
  }
}

function showProgress(db: IdoDb, sent: number, left: number): Promise<SyncStatus> {
  return updateStatus(db, { state: 'sending', progress: { sent, total: sent + left } });
}

/** Pending records of both kinds, counted through the sync state's index (no keys read). */
async function pendingCount(db: IdoDb): Promise<number> {
  const [registrations, groups] = await Promise.all([
    countInSyncState(db.registrations, 'pending'),
    countInSyncState(db.groupSessions, 'pending'),
  ]);
  return registrations + groups;
}

/** The oldest pending records of both kinds (registrations and group sessions) not in `skip` (saved from `from` on, when given), oldest saved first. */
async function oldestPending(db: IdoDb, limit: number, skip: ReadonlySet<string>, from?: string): Promise<StoredRecord[]> {
  const [registrations, groups] = await Promise.all(recordTables(db).map((table) => oldestOf(table, limit, skip, from)));
  return [...registrations, ...groups].sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0)).slice(0, limit);
}

/**
 * A table's oldest pending records not in `skip`. From the newest save time of the batch in flight (`from`): those
 * saved in that very millisecond, then one read of `limit` after it; the batch holds every pending record saved
 * before it (it was cut from the oldest). One pending before it all the same (a clock set back; an edit made while its
 * batch was in flight, when the batch after that holds later saves) goes when nothing newer waits: the drain's next cut
 * without a batch in flight starts at the oldest, and so does the next drain. Without `from`: with a skip,
 * their keys first (no record read twice over), then the records.
 */
async function oldestOf(table: Table<StoredRecord, string>, limit: number, skip: ReadonlySet<string>, from?: string): Promise<StoredRecord[]> {
  const unskipped = (records: StoredRecord[]) => records.filter((record) => !skip.has(record.id));
  if (from !== undefined) {
    const [same, after] = await Promise.all([
      inSyncState(table, 'pending', { from, to: from }).toArray(),
      inSyncState(table, 'pending', { from, fromOpen: true }).limit(limit).toArray(),
    ]);
    return [...unskipped(same), ...unskipped(after)].slice(0, limit);
  }
  const pending = inSyncState(table, 'pending');
  if (skip.size === 0) return pending.limit(limit).toArray();
  const ids = (await pending.limit(limit + skip.size).primaryKeys()).filter((id) => !skip.has(id)).slice(0, limit);
  return (await table.bulkGet(ids)).filter((record) => record !== undefined);
}

/** Records still to go: pending ones plus those inside stored batches (counted once). */
export async function remaining(db: IdoDb): Promise<number> {
  const ids = new Set(await inSyncState(db.registrations, 'pending').primaryKeys());
  for (const id of await inSyncState(db.groupSessions, 'pending').primaryKeys()) ids.add(id);
  await db.batches.each((b) => b.request.records.forEach((r) => ids.add(r.id)));
  return ids.size;
}

/** Sends a batch (nextBatch already counted the attempt) and says what the answer means. */
async function attempt(batch: OutboxBatch, device: EnrolledDevice, deps: Deps, body: { pack: boolean; packed?: Uint8Array<ArrayBuffer> }): Promise<BatchOutcome> {
  let raw: RawResponse | { thrown: unknown };
  try {
    raw = await deps.transport.postBatch(batch.request, device.token, body);
    // A server that cannot unpack reads a packed body as bad JSON: an older instance behind the same address, during an
    // update. The same batch goes again at once as text, instead of its records waiting for staff.
    if (body.pack && raw.status === 400 && (parseJsonBody(raw) as { error?: unknown } | undefined)?.error === 'invalid_json') {
      raw = await deps.transport.postBatch(batch.request, device.token, { pack: false });
    }
  } catch (thrown) {
    raw = { thrown };
  }
  return classifyBatchResponse(batch.request, raw, deps.now());
}

type Stop = Omit<Extract<DrainResult, { outcome: 'waiting' }>, 'sent' | 'left'> | Omit<Extract<DrainResult, { outcome: 'paused' }>, 'sent'>;

/** Does what the contract's table says for one outcome; `stop` ends this drain. */
async function settle(db: IdoDb, batch: OutboxBatch, outcome: BatchOutcome, device: EnrolledDevice, deps: Deps): Promise<{ confirmed: number; stop?: Stop }> {
  const now = deps.now();
  switch (outcome.kind) {
    case 'answered':
      return db.transaction('rw', db.registrations, db.groupSessions, db.batches, db.settings, async () => {
        const applied = await applyResults(db, batch, outcome.response, now);
        await db.batches.delete(batch.batchId);
        await updateStatus(db, { lastSentAt: now.toISOString(), failures: 0, nextAttemptAt: undefined, notBefore: undefined, pauseReason: undefined, pauseMessage: undefined });
        return { confirmed: applied.confirmed };
      });
    case 'quarantine':
      await db.transaction('rw', db.registrations, db.groupSessions, db.batches, db.settings, async () => {
        await markAttention(db, batch.request.records, QUARANTINE[outcome.status]);
        await db.batches.delete(batch.batchId);
        await updateStatus(db, { failures: 0, lastError: { code: outcome.error?.error ?? `http_${outcome.status}`, message: outcome.error?.message ?? QUARANTINE[outcome.status].message, at: now.toISOString() } });
      });
      return { confirmed: 0 };
    case 'pause':
      await updateStatus(db, { state: 'paused', pauseReason: outcome.reason, pauseMessage: outcome.error?.message, progress: undefined });
      return { confirmed: 0, stop: { outcome: 'paused', reason: outcome.reason } };
    case 'recut':
      await db.batches.delete(batch.batchId); // its records are still pending; the next cut takes them
      return { confirmed: 0 };
    case 'too_large':
      await split(db, batch, device, await refreshLimits(db, deps.transport, now), now);
      return { confirmed: 0 };
    case 'retry_after': {
      const limits = await cachedLimits(db);
      const at = new Date(now.getTime() + retryAfterWaitMs(outcome.retryAfterMs, limits.minRetryAfterSeconds)).toISOString();
      await updateStatus(db, { state: await waitingState(db), nextAttemptAt: at, notBefore: at, waitBeganOffline: undefined, progress: undefined });
      return { confirmed: 0, stop: { outcome: 'waiting', nextAttemptAt: at } };
    }
    case 'unknown': {
      // The same batch timed out again: on a link too slow to carry it within the timeout it would time out for good,
      // byte for byte. Its records go on in halves under new batchIds (as after a 413: what the server did store is
      // answered `duplicate`), until a part fits the link.
      if (outcome.why === 'timeout' && batch.attempts >= 2 && batch.request.records.length > 1) await split(db, batch, device, undefined, now);
      const failures = (await readStoredStatus(db)).failures + 1;
      const at = new Date(now.getTime() + backoffDelayMs(failures, deps.random)).toISOString();
      await updateStatus(db, { state: await waitingState(db), failures, nextAttemptAt: at, waitBeganOffline: deps.online() ? undefined : true, progress: undefined });
      return { confirmed: 0, stop: { outcome: 'waiting', nextAttemptAt: at } };
    }
  }
}

/** The records an answer confirms: what applying it counts as sent. */
function confirmedIn(response: BatchResponse): number {
  return response.results.filter(isConfirmed).length;
}

/** Both results once both have ended; the first failure, if any, after that (a request is never left running). */
async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/** A forced try during a pause that got no answer leaves the pause standing. */
async function waitingState(db: IdoDb): Promise<'paused' | 'backoff'> {
  return (await readStoredStatus(db)).pauseReason ? 'paused' : 'backoff';
}

/**
 * After a 413: the same records, in smaller new batches that fit the re-read limits, or halves when
 * the limits say it should have fitted (or, without limits, after timeouts). The old batch goes only in the same
 * transaction as its parts.
 */
async function split(db: IdoDb, batch: OutboxBatch, device: EnrolledDevice, limits: LimitsResponse | undefined, now: Date): Promise<void> {
  const records = batch.request.records;
  const envelopeFor = (batchId: string) => ({ batchId, deviceId: device.deviceId, sentAt: now.toISOString(), records: [] as BatchRecord[] });
  const { parts: cut, oversize } = limits ? cutRecords(records, limits, jsonBytes(envelopeFor(crypto.randomUUID()))) : { parts: [], oversize: [] };
  const parts = cut.length > 1 || oversize.length > 0 ? cut : halves(records);
  await db.transaction('rw', db.registrations, db.groupSessions, db.batches, async () => {
    // one record the server calls too large can never go as it is
    await markAttention(db, records.length === 1 ? records : oversize, TOO_LARGE);
    await db.batches.delete(batch.batchId);
    if (records.length === 1) return;
    // createdAt a millisecond apart keeps the parts in the order of the original batch
    const createdAt = Date.parse(batch.createdAt);
    await db.batches.bulkAdd(parts.map((part, i) => {
      const envelope = envelopeFor(crypto.randomUUID());
      return { batchId: envelope.batchId, request: { ...envelope, records: part }, createdAt: new Date(createdAt + i).toISOString(), attempts: 0 };
    }));
  });
}

function halves(records: BatchRecord[]): BatchRecord[][] {
  const middle = Math.ceil(records.length / 2);
  return [records.slice(0, middle), records.slice(middle)];
}
