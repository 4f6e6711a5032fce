import type { Table } from 'dexie';
import type { IdoDb } from '../db/db';
import { toRecord } from '../db/registrations';
import { inSyncState } from '../db/sync-state';
import { sameJson } from '../shared/same-json';
import type { OutboxBatch, StoredGroupSession, StoredRegistration } from '../db/types';
import type { BatchRecord, BatchResponse, RecordResult } from '../shared/api';
import { isGroupSessionRecord } from '../shared/group-session';
import type { Registration } from '../shared/registration';
import { amsterdamDay } from '../shared/time';

/** A record of either kind as the tablet keeps it. */
export type StoredRecord = StoredRegistration | StoredGroupSession;

/** The two tables of records, registrations and group sessions (Dexie v5), as tables of either kind. */
export function recordTables(db: IdoDb): [registrations: Table<StoredRecord, string>, groupSessions: Table<StoredRecord, string>] {
  return [db.registrations, db.groupSessions] as unknown as [Table<StoredRecord, string>, Table<StoredRecord, string>];
}

/** The table that holds a sent record: group sessions have their own. */
export function tableOf(db: IdoDb, record: BatchRecord): Table<StoredRecord, string> {
  const [registrations, groupSessions] = recordTables(db);
  return isGroupSessionRecord(record) ? groupSessions : registrations;
}

/** Whether the server's answer for a record confirms it stored (accepted, or a duplicate of what it has): the record counts as sent. */
export function isConfirmed(result: RecordResult): boolean {
  return result.status === 'accepted' || result.status === 'duplicate';
}

/** The wire record of a stored one: the bookkeeping left off. */
export function toWire(stored: StoredRecord): BatchRecord {
  return toRecord(stored as StoredRegistration) as BatchRecord;
}

export type Problem = NonNullable<StoredRegistration['problem']>;

/** What happened to the records of an answered batch. */
export interface Applied {
  confirmed: number;
  attention: number;
}

/**
 * Applies the server's per-record answers, in the caller's transaction. A record is marked sent only
 * if it still is what was sent: an edit made while the batch was in flight stays pending, with the
 * revision above the one the server now has, so the next send replaces it instead of conflicting.
 * One bulkGet and one bulkPut per table: a batch of 500 is two requests, not a thousand.
 */
export async function applyResults(db: IdoDb, batch: OutboxBatch, response: BatchResponse, now: Date): Promise<Applied> {
  const results = new Map(response.results.map((r) => [r.id, r]));
  const applied: Applied = { confirmed: 0, attention: 0 };
  const records = batch.request.records;
  const storedNow = await readStored(db, records, batch.savedAt);
  const writes = new Map<Table<StoredRecord, string>, StoredRecord[]>();
  const write = (table: Table<StoredRecord, string>, row: StoredRecord) => (writes.get(table) ?? writes.set(table, []).get(table)!).push(row);
  records.forEach((sent, i) => {
    const result = results.get(sent.id) as RecordResult;
    const table = tableOf(db, sent);
    const stored = storedNow[i];
    const unchanged = stored !== undefined && sameRecord(toWire(stored), sent);
    if (isConfirmed(result)) {
      applied.confirmed++;
      if (!stored) {
        const tombstone = localDeleteAfter(sent, now);
        if (tombstone) write(table, tombstone);
      } else if (!unchanged) write(table, confirmedUnderneath(stored, sent.revision));
      // a confirmed tombstone stays as sent, hidden, until purged: a delivery check after a restore can resend it
      else write(table, withoutProblem({ ...stored, syncState: 'sent', sentRevision: sent.revision }));
    } else if (unchanged) {
      // rejected or conflict: kept, with the reason; staff fix or discard it
      applied.attention++;
      write(table, { ...stored, syncState: 'attention', problem: problemOf(result) });
    }
    // rejected/conflict of content that has since been edited or deleted: the edit gets its own answer
  });
  for (const [table, rows] of writes) await table.bulkPut(rows);
  return applied;
}

/** Marks every record still on the tablet as needing attention (a batch that can never go as it is). */
export async function markAttention(db: IdoDb, records: BatchRecord[], problem: Problem): Promise<void> {
  const storedNow = await readStored(db, records);
  const writes = new Map<Table<StoredRecord, string>, StoredRecord[]>();
  records.forEach((sent, i) => {
    const stored = storedNow[i];
    if (!stored) return;
    const table = tableOf(db, sent);
    (writes.get(table) ?? writes.set(table, []).get(table)!).push({ ...stored, syncState: 'attention', problem });
  });
  for (const [table, rows] of writes) await table.bulkPut(rows);
}

/**
 * What the tablet holds now for each sent record (undefined where it is gone), per table: with the batch's save
 * times, one read of that stretch of the outbox's index (the records still pending as they were cut) and the rest by
 * key (edited or deleted since); without them, all by key. In Chromium a read of 500 by key costs the page 500
 * requests, the stretch one (bench drain, session 32).
 */
async function readStored(db: IdoDb, records: BatchRecord[], span?: OutboxBatch['savedAt']): Promise<(StoredRecord | undefined)[]> {
  const found: (StoredRecord | undefined)[] = new Array(records.length);
  const byTable = new Map<Table<StoredRecord, string>, number[]>();
  records.forEach((sent, i) => {
    const table = tableOf(db, sent);
    (byTable.get(table) ?? byTable.set(table, []).get(table)!).push(i);
  });
  for (const [table, indexes] of byTable) {
    const ids = indexes.map((i) => records[i].id);
    const rows = span ? await readSpan(table, ids, span) : await table.bulkGet(ids);
    indexes.forEach((i, k) => { found[i] = rows[k]; });
  }
  return found;
}

/** The rows of `ids`: those pending and saved within `span` from one read of it, the others by key. */
async function readSpan(table: Table<StoredRecord, string>, ids: string[], span: NonNullable<OutboxBatch['savedAt']>): Promise<(StoredRecord | undefined)[]> {
  const wanted = new Set(ids);
  const read = new Map<string, StoredRecord | undefined>();
  for (const row of await inSyncState(table, 'pending', { from: span.first, to: span.last }).toArray()) if (wanted.has(row.id)) read.set(row.id, row);
  const missing = ids.filter((id) => !read.has(id));
  if (missing.length > 0) (await table.bulkGet(missing)).forEach((row, k) => read.set(missing[k], row));
  return ids.map((id) => read.get(id));
}

/** Whether two wire records carry the same content, whatever the order of their keys (a key set to undefined counts as absent). */
export function sameRecord(a: BatchRecord, b: BatchRecord): boolean {
  return sameJson(a, b);
}

/** The server has `revision`; the tablet holds a newer edit, which must go out as a higher revision. */
function confirmedUnderneath<T extends StoredRecord>(stored: T, revision: number): T {
  return {
    ...stored,
    sentRevision: Math.max(stored.sentRevision ?? 0, revision),
    revision: Math.max(stored.revision, revision + 1),
  };
}

/** Staff deleted a record while it was in flight and the server stored it: the delete to send after it (none for a tombstone). */
export function localDeleteAfter(sent: BatchRecord, now: Date): StoredRecord | undefined {
  if (sent.deleted) return undefined;
  const day = isGroupSessionRecord(sent) ? (sent as { date: string }).date : amsterdamDay(new Date((sent as Registration).startedAt));
  return {
    ...sent, deleted: true, revision: sent.revision + 1,
    syncState: 'pending', day, savedAt: now.toISOString(), sentRevision: sent.revision,
  } as StoredRecord;
}

/** What the attempted batches sent, by record id: the highest revision of each (a batch never attempted never left the tablet). */
export function attemptedRecords(batches: readonly OutboxBatch[]): Map<string, BatchRecord> {
  const latest = new Map<string, BatchRecord>();
  for (const batch of batches) {
    if (batch.attempts === 0) continue;
    for (const record of batch.request.records) if ((latest.get(record.id)?.revision ?? 0) < record.revision) latest.set(record.id, record);
  }
  return latest;
}

/**
 * The deletes still owed for records that went out in an attempted batch (`attemptedRecords`) and were deleted on the
 * tablet since (gone from it: the server never confirmed them). The resend of that batch would bring each delete
 * (applyResults); where the batch cannot be resent (enrolling again dissolves it, an emergency export carries the
 * outbox away by hand), these take its place, or a copy the server did store stays there, counted, for good. Reads only.
 */
export async function deletesInFlight(db: IdoDb, attempted: ReadonlyMap<string, BatchRecord>, now: Date): Promise<StoredRecord[]> {
  const owed: StoredRecord[] = [];
  for (const record of attempted.values()) {
    if (await tableOf(db, record).get(record.id)) continue;
    const tombstone = localDeleteAfter(record, now);
    if (tombstone) owed.push(tombstone);
  }
  return owed;
}

function withoutProblem<T extends StoredRecord>(stored: T): T {
  const { problem: _p, ...rest } = stored;
  return rest as T;
}

function problemOf(result: RecordResult): Problem {
  const fallback = result.status === 'conflict'
    ? 'De server heeft al een andere versie van deze registratie. Controleer de gegevens en sla opnieuw op.'
    : 'De server kan deze registratie niet opslaan. Controleer de gegevens en sla opnieuw op.';
  return {
    code: result.code ?? result.status,
    ...(result.field !== undefined ? { field: result.field } : {}),
    message: result.message ?? fallback,
  };
}
