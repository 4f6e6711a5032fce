import type { Table } from 'dexie';
import type { IdoDb } from '../db/db';
import { toRecord } from '../db/registrations';
import { canonicalJson } from '../shared/json';
import type { OutboxBatch, StoredGroupSession, StoredRegistration } from '../db/types';
import type { BatchRecord, BatchResponse, RecordResult } from '../shared/api';
import { isGroupSessionRecord } from '../shared/group-session';
import type { Registration } from '../shared/registration';
import { amsterdamDay } from '../shared/time';

/** A record of either kind as the tablet keeps it. */
type StoredRecord = StoredRegistration | StoredGroupSession;

/** The table that holds a sent record: group sessions have their own (Dexie v5). */
export function tableOf(db: IdoDb, record: BatchRecord): Table<StoredRecord, string> {
  return (isGroupSessionRecord(record) ? db.groupSessions : db.registrations) as unknown as Table<StoredRecord, string>;
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
 */
export async function applyResults(db: IdoDb, batch: OutboxBatch, response: BatchResponse, now: Date): Promise<Applied> {
  const results = new Map(response.results.map((r) => [r.id, r]));
  const applied: Applied = { confirmed: 0, attention: 0 };
  for (const sent of batch.request.records) {
    const result = results.get(sent.id) as RecordResult;
    const table = tableOf(db, sent);
    const stored = await table.get(sent.id);
    const unchanged = stored !== undefined && sameRecord(toWire(stored), sent);
    if (result.status === 'accepted' || result.status === 'duplicate') {
      applied.confirmed++;
      if (!stored) await keepLocalDelete(table, sent, now);
      else if (!unchanged) await table.put(confirmedUnderneath(stored, sent.revision));
      // a confirmed tombstone stays as sent, hidden, until purged: a delivery check after a restore can resend it
      else await table.put(withoutProblem({ ...stored, syncState: 'sent', sentRevision: sent.revision }));
    } else if (unchanged) {
      // rejected or conflict: kept, with the reason; staff fix or discard it
      applied.attention++;
      await table.put({ ...stored, syncState: 'attention', problem: problemOf(result) });
    }
    // rejected/conflict of content that has since been edited or deleted: the edit gets its own answer
  }
  return applied;
}

/** Marks every record still on the tablet as needing attention (a batch that can never go as it is). */
export async function markAttention(db: IdoDb, records: BatchRecord[], problem: Problem): Promise<void> {
  for (const sent of records) {
    const table = tableOf(db, sent);
    const stored = await table.get(sent.id);
    if (stored) await table.put({ ...stored, syncState: 'attention', problem });
  }
}

/** Whether two wire records carry the same content, whatever the order of their keys. */
export function sameRecord(a: BatchRecord, b: BatchRecord): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The server has `revision`; the tablet holds a newer edit, which must go out as a higher revision. */
function confirmedUnderneath<T extends StoredRecord>(stored: T, revision: number): T {
  return {
    ...stored,
    sentRevision: Math.max(stored.sentRevision ?? 0, revision),
    revision: Math.max(stored.revision, revision + 1),
  };
}

/** Staff deleted a record while it was in flight and the server stored it: send the delete after it. */
async function keepLocalDelete(table: Table<StoredRecord, string>, sent: BatchRecord, now: Date): Promise<void> {
  if (sent.deleted) return;
  const day = isGroupSessionRecord(sent) ? (sent as { date: string }).date : amsterdamDay(new Date((sent as Registration).startedAt));
  await table.put({
    ...sent, deleted: true, revision: sent.revision + 1,
    syncState: 'pending', day, savedAt: now.toISOString(), sentRevision: sent.revision,
  } as StoredRecord);
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
