import type { IdoDb } from '../db/db';
import { getSetting, putSetting } from '../db/settings';
import type { EnrolledDevice, PauseReason, StoredGroupSession, StoredRegistration } from '../db/types';
import { inSyncState } from '../db/sync-state';
import type { ErrorBody } from '../shared/api';
import {
  type CheckedRecord, DELIVERY_CHECK_KEY, type DayCheckResult, type DayDigest, dayDigest, type DeliveryCheckResult, MAX_CHECK_DAYS, MAX_CHECK_RECORDS,
} from '../shared/delivery-check';
import { getDevice } from './device';
import { updateStatus } from './status';
import { jsonAnswer, serverError } from './server-answer';
import type { DeliveryCheckTransport, RawResponse } from './transport';

export { DELIVERY_CHECK_KEY };
/** A check at most this often: a restore is rare, and the purge waits for a check anyway. */
export const DELIVERY_CHECK_EVERY_MS = 24 * 3_600_000;

/**
 * How a check ended. 'done': every sent registration was asked and answered; `missing` of them went
 * back to 'pending'. 'not_due': the last full check is less than 24 hours old. 'paused': 401/403, as
 * for a batch. 'failed': no (usable) answer; nothing changed for the unanswered ones, the next run tries again.
 */
export type DeliveryCheckOutcome =
  | { outcome: 'done'; checked: number; missing: number }
  | { outcome: 'not_due' }
  | { outcome: 'not_enrolled' }
  | { outcome: 'paused'; reason: PauseReason; missing: number }
  | { outcome: 'failed'; why: string; missing: number };

type ChunkAnswer =
  | { kind: 'answered'; results: DeliveryCheckResult[] }
  | { kind: 'pause'; reason: PauseReason; error?: ErrorBody }
  | { kind: 'failed'; why: string };

/**
 * Asks the server which of this tablet's sent registrations and group sessions it holds (after a restore
 * from a backup it may have lost some), at most once per 24 hours. First per Amsterdam day, a count and a digest of
 * ids and revisions (`check-days`, ≤ 400 days a request); only the registrations of a day that differs
 * are then asked per id (`check`, ≤ 1000 a request). A `missing` one goes back to 'pending' with the same
 * id and revision, so the outbox sends it again; a held one (its day the same, or `held` per id) gets
 * `heldRevision` and `heldAt`, the proof purgeSent waits for. Call it holding the outbox lock (syncAll does).
 */
export async function checkDelivered(db: IdoDb, transport: DeliveryCheckTransport, now: Date): Promise<DeliveryCheckOutcome> {
  const device = await getDevice(db);
  if (!device) return { outcome: 'not_enrolled' };
  const last = await getSetting<string | undefined>(db, DELIVERY_CHECK_KEY, undefined);
  // A check stamped ahead of now was done by a clock that has since been set right: it says nothing about the last 24 hours.
  if (last && now.getTime() - Date.parse(last) < DELIVERY_CHECK_EVERY_MS && Date.parse(last) <= now.getTime()) return { outcome: 'not_due' };

  // Registrations by their day, group sessions by their date: the server counts both per day (one id space).
  const sent: Array<{ id: string; revision: number; day: string }> = [
    ...await inSyncState(db.registrations, 'sent').toArray(),
    ...await inSyncState(db.groupSessions, 'sent').toArray(),
  ];
  const byDay = new Map<string, CheckedRecord[]>();
  for (const { id, revision, day } of sent) {
    const list = byDay.get(day);
    if (list) list.push({ id, revision });
    else byDay.set(day, [{ id, revision }]);
  }
  const pause = async (answer: { reason: PauseReason; error?: ErrorBody }, missing: number): Promise<DeliveryCheckOutcome> => {
    await updateStatus(db, { state: 'paused', pauseReason: answer.reason, pauseMessage: answer.error?.message, progress: undefined });
    return { outcome: 'paused', reason: answer.reason, missing };
  };

  // Per day: a day the server has the same is proven as a whole; the others are asked per id below
  // (so is a record whose day is not a plain date: it must not spoil the day check for the rest).
  const isDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day);
  const listed: CheckedRecord[] = [...byDay].filter(([day]) => !isDay(day)).flatMap(([, records]) => records);
  const days = [...byDay.keys()].filter(isDay).sort();
  for (let start = 0; start < days.length; start += MAX_CHECK_DAYS) {
    const chunk = await Promise.all(days.slice(start, start + MAX_CHECK_DAYS).map(async (day): Promise<DayDigest> => {
      const records = byDay.get(day)!;
      return { day, count: records.length, digest: await dayDigest(records) };
    }));
    const answer = await askDays(transport, chunk, device);
    if (answer.kind === 'pause') return pause(answer, 0);
    if (answer.kind === 'failed') return { outcome: 'failed', why: answer.why, missing: 0 };
    const same = answer.kind === 'answered' ? chunk.filter((_, i) => answer.results[i].status === 'same') : [];
    for (const { day } of chunk) if (!same.some((d) => d.day === day)) listed.push(...byDay.get(day)!);
    const proven = same.flatMap(({ day }) => byDay.get(day)!);
    await applyCheck(db, proven, proven.map(({ id }) => ({ id, status: 'held' })), now);
  }

  let missing = 0;
  for (let start = 0; start < listed.length; start += MAX_CHECK_RECORDS) {
    const chunk = listed.slice(start, start + MAX_CHECK_RECORDS);
    const answer = await ask(transport, chunk, device);
    if (answer.kind === 'pause') return pause(answer, missing);
    if (answer.kind === 'failed') return { outcome: 'failed', why: answer.why, missing };
    missing += await applyCheck(db, chunk, answer.results, now);
  }
  await putSetting(db, DELIVERY_CHECK_KEY, now.toISOString());
  return { outcome: 'done', checked: sent.length, missing };
}

type DaysAnswer =
  | { kind: 'answered'; results: DayCheckResult[] }
  /** a transport or server without the day check: every day is asked per id */
  | { kind: 'unsupported' }
  | { kind: 'pause'; reason: PauseReason; error?: ErrorBody }
  | { kind: 'failed'; why: string };

/** One day-check request; only an answer with a result for every asked day, in order, counts. */
async function askDays(transport: DeliveryCheckTransport, chunk: DayDigest[], device: EnrolledDevice): Promise<DaysAnswer> {
  if (!transport.checkDays) return { kind: 'unsupported' };
  let raw: RawResponse;
  try {
    raw = await transport.checkDays({ days: chunk }, device.token);
  } catch {
    return { kind: 'failed', why: 'network' };
  }
  // a server from before the day check: the per-id check alone
  if (raw.status === 404 && serverError(raw)?.error === 'not_found') return { kind: 'unsupported' };
  const refused = refusal(raw);
  if (refused) return refused;
  const results = (jsonAnswer(raw) as { days?: unknown } | undefined)?.days;
  if (!Array.isArray(results) || results.length !== chunk.length) return { kind: 'failed', why: 'malformed' };
  const wellFormed = results.every((r: Partial<DayCheckResult> | null, i) =>
    typeof r === 'object' && r !== null && r.day === chunk[i].day && (r.status === 'same' || r.status === 'differs'));
  return wellFormed ? { kind: 'answered', results: results as DayCheckResult[] } : { kind: 'failed', why: 'malformed' };
}

/** One request; only an answer with a result for every asked record, in order, counts. */
async function ask(transport: DeliveryCheckTransport, chunk: CheckedRecord[], device: EnrolledDevice): Promise<ChunkAnswer> {
  let raw: RawResponse;
  try {
    raw = await transport.checkRegistrations({ records: chunk }, device.token);
  } catch {
    return { kind: 'failed', why: 'network' };
  }
  const refused = refusal(raw);
  if (refused) return refused;
  const results = (jsonAnswer(raw) as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results) || results.length !== chunk.length) return { kind: 'failed', why: 'malformed' };
  const wellFormed = results.every((r: Partial<DeliveryCheckResult> | null, i) =>
    typeof r === 'object' && r !== null && r.id === chunk[i].id && (r.status === 'held' || r.status === 'missing'));
  return wellFormed ? { kind: 'answered', results: results as DeliveryCheckResult[] } : { kind: 'failed', why: 'malformed' };
}

/**
 * Applies one chunk's answers in one transaction, only to records still sent at the asked revision (an
 * edit made meanwhile is pending and goes out anyway). Returns how many went back to 'pending'.
 */
async function applyCheck(db: IdoDb, chunk: CheckedRecord[], results: DeliveryCheckResult[], now: Date): Promise<number> {
  return db.transaction('rw', db.registrations, db.groupSessions, async () => {
    const ids = chunk.map((record) => record.id);
    const registrations = await db.registrations.bulkGet(ids);
    const sessions = await db.groupSessions.bulkGet(ids);
    const changedRegistrations: StoredRegistration[] = [];
    const changedSessions: StoredGroupSession[] = [];
    let missing = 0;
    results.forEach((result, i) => {
      const record = registrations[i] ?? sessions[i];
      if (!record || record.syncState !== 'sent' || record.revision !== chunk[i].revision) return;
      const changed = (next: StoredRegistration | StoredGroupSession) => {
        if (registrations[i]) changedRegistrations.push(next as StoredRegistration);
        else changedSessions.push(next as StoredGroupSession);
      };
      if (result.status === 'held') {
        // the first proof at this revision starts the purge clock; later checks leave it
        if (record.heldRevision !== record.revision) changed({ ...record, heldRevision: record.revision, heldAt: now.toISOString() });
        return;
      }
      const { heldRevision: _h, heldAt: _t, ...rest } = record;
      changed({ ...rest, syncState: 'pending' });
      missing++;
    });
    await db.registrations.bulkPut(changedRegistrations);
    await db.groupSessions.bulkPut(changedSessions);
    return missing;
  });
}

/**
 * What a non-2xx answer to either check means (undefined: a 2xx, to be read). 401/403 pause only when the
 * server says so: a captive portal's HTML 403 is a failed try (server-answer.ts).
 */
function refusal(raw: RawResponse): Extract<ChunkAnswer, { kind: 'pause' | 'failed' }> | undefined {
  const error = serverError(raw);
  if (raw.status === 401 && error) return { kind: 'pause', reason: 'reenroll', error };
  if (raw.status === 403 && error) return { kind: 'pause', reason: 'revoked', error };
  // 429, 5xx, 404 (a server without the check), 400/413, anything not the server's: try again next run, change nothing
  if (raw.status < 200 || raw.status >= 300) return { kind: 'failed', why: `http_${raw.status}` };
  return undefined;
}
