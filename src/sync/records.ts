import type { IdoDb } from '../db/db';
import { toRecord } from '../db/registrations';
import type { OutboxBatch, StoredRegistration } from '../db/types';
import type { BatchResponse, RecordResult } from '../shared/api';
import type { Registration } from '../shared/registration';
import { amsterdamDay } from '../shared/time';

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
    const stored = await db.registrations.get(sent.id);
    const unchanged = stored !== undefined && sameRecord(toRecord(stored), sent);
    if (result.status === 'accepted' || result.status === 'duplicate') {
      applied.confirmed++;
      if (!stored) await keepLocalDelete(db, sent, now);
      else if (!unchanged) await db.registrations.put(confirmedUnderneath(stored, sent.revision));
      // a confirmed tombstone stays as sent, hidden, until purged: a delivery check after a restore can resend it
      else await db.registrations.put(withoutProblem({ ...stored, syncState: 'sent', sentRevision: sent.revision }));
    } else if (unchanged) {
      // rejected or conflict: kept, with the reason; staff fix or discard it
      applied.attention++;
      await db.registrations.put({ ...stored, syncState: 'attention', problem: problemOf(result) });
    }
    // rejected/conflict of content that has since been edited or deleted: the edit gets its own answer
  }
  return applied;
}

/** Marks every record still on the tablet as needing attention (a batch that can never go as it is). */
export async function markAttention(db: IdoDb, records: Registration[], problem: Problem): Promise<void> {
  for (const sent of records) {
    const stored = await db.registrations.get(sent.id);
    if (stored) await db.registrations.put({ ...stored, syncState: 'attention', problem });
  }
}

/** Whether two wire records carry the same content, whatever the order of their keys. */
export function sameRecord(a: Registration, b: Registration): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** The server has `revision`; the tablet holds a newer edit, which must go out as a higher revision. */
function confirmedUnderneath(stored: StoredRegistration, revision: number): StoredRegistration {
  return {
    ...stored,
    sentRevision: Math.max(stored.sentRevision ?? 0, revision),
    revision: Math.max(stored.revision, revision + 1),
  };
}

/** Staff deleted a record while it was in flight and the server stored it: send the delete after it. */
async function keepLocalDelete(db: IdoDb, sent: Registration, now: Date): Promise<void> {
  if (sent.deleted) return;
  await db.registrations.put({
    ...sent, deleted: true, revision: sent.revision + 1,
    syncState: 'pending', day: amsterdamDay(new Date(sent.startedAt)), savedAt: now.toISOString(), sentRevision: sent.revision,
  });
}

function withoutProblem(stored: StoredRegistration): StoredRegistration {
  const { problem: _p, ...rest } = stored;
  return rest;
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
