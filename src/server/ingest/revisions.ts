import type { RecordResult } from '../../shared/api';
import { ID_IN_USE } from '../../shared/ownership';
import { preparedSql, type Queryable } from '../db/database';

/*
 * What registrations and group sessions share on the way in: a checked record is answered against the stored
 * revision of its id (owner first, then revision and content hash), the accepted ones are written once per id,
 * and an id another transaction stored between the read and the write is answered again against what it stored.
 */

/** What the server keeps to judge a resend: the revision, content hash and owner (organisation and sending tablet) of a record. */
export interface StoredRevision {
  revision: number;
  hash: string;
  organisationId: string;
  deviceId: string;
  /** the storing tablet was revoked: a re-enrolled tablet of the same organisation may carry its records on */
  deviceRevoked: boolean;
}

/** The tablet that writes: a record belongs to the organisation and the device that first stored it. */
export interface RegistrationOwner {
  organisationId: string;
  deviceId: string;
}

/**
 * Whether a stored record belongs to this writer: same organisation and same tablet, or a tablet of
 * the same organisation taking over from a revoked one (a tablet re-enrolled after it was revoked keeps its
 * records and their ids; see src/sync/enroll.ts).
 */
export function ownsRegistration(stored: StoredRevision, owner: RegistrationOwner): boolean {
  if (stored.organisationId !== owner.organisationId.toLowerCase()) return false;
  return stored.deviceId === owner.deviceId.toLowerCase() || stored.deviceRevoked;
}

/** A record after its checks: valid (with its lower-case key and content hash) or already answered. */
export type Checked<R> = { ok: true; record: R; key: string; hash: string } | { ok: false; result: RecordResult };

/** The Dutch answers of one record kind. */
export interface RevisionMessages {
  idInUse: string;
  sameRevision: string;
  olderRevision: string;
}

/** The answer for one valid record given what is stored for its id: another owner's id gets one neutral answer, whatever it holds. */
export function decideRevision(record: { id: string; revision: number }, hash: string, stored: StoredRevision | undefined, owner: RegistrationOwner, messages: RevisionMessages): RecordResult {
  if (stored && !ownsRegistration(stored, owner)) return { id: record.id, status: 'rejected', code: ID_IN_USE, field: 'id', message: messages.idInUse };
  if (!stored || stored.revision < record.revision) return { id: record.id, status: 'accepted' };
  if (stored.revision === record.revision && stored.hash === hash) return { id: record.id, status: 'duplicate' };
  const message = stored.revision === record.revision ? messages.sameRevision : messages.olderRevision;
  return { id: record.id, status: 'conflict', code: 'revision_conflict', message };
}

/** An accepted record to write, and the places of its answers (the same id twice in a batch: the later revision is written). */
export interface PlannedWrite<R> {
  record: R;
  hash: string;
  resultIndexes: number[];
}

/** The answers in order, and what to write per id. `stored` is updated as if each accepted record were already written. */
export function planWrites<R extends { id: string; revision: number }>(
  checked: readonly Checked<R>[], stored: Map<string, StoredRevision>, owner: RegistrationOwner, messages: RevisionMessages,
): { results: RecordResult[]; toWrite: Map<string, PlannedWrite<R>> } {
  const results: RecordResult[] = [];
  const toWrite = new Map<string, PlannedWrite<R>>();
  const writer = { organisationId: owner.organisationId.toLowerCase(), deviceId: owner.deviceId.toLowerCase(), deviceRevoked: false };
  for (const check of checked) {
    if (!check.ok) {
      results.push(check.result);
      continue;
    }
    const result = decideRevision(check.record, check.hash, stored.get(check.key), owner, messages);
    results.push(result);
    if (result.status !== 'accepted') continue;
    // A later revision of the same id in this batch replaces the earlier one before anything is written.
    const earlier = toWrite.get(check.key);
    toWrite.set(check.key, { record: check.record, hash: check.hash, resultIndexes: [...(earlier?.resultIndexes ?? []), results.length - 1] });
    stored.set(check.key, { revision: check.record.revision, hash: check.hash, ...writer });
  }
  return { results, toWrite };
}

/**
 * After the write: an id missing from `written` was stored meanwhile by another batch; its answers are given
 * again against what that batch stored (read with `relock`), and it leaves `toWrite`.
 */
export async function answerLostWrites<R extends { id: string; revision: number }>(
  checked: readonly Checked<R>[], results: RecordResult[], toWrite: Map<string, PlannedWrite<R>>, written: { has(key: string): boolean },
  relock: (keys: string[]) => Promise<Map<string, StoredRevision>>, owner: RegistrationOwner, messages: RevisionMessages,
): Promise<void> {
  const lost = [...toWrite.keys()].filter((key) => !written.has(key));
  if (lost.length === 0) return;
  const current = await relock(lost);
  for (const key of lost) {
    for (const index of toWrite.get(key)!.resultIndexes) {
      const check = checked[index] as Extract<Checked<R>, { ok: true }>;
      results[index] = decideRevision(check.record, check.hash, current.get(key), owner, messages);
    }
    toWrite.delete(key);
  }
}

const LOCK_REVISIONS_SQL = (table: 'registrations' | 'group_sessions') => preparedSql(
  `SELECT s.id::text AS id, s.revision, s.content_hash, s.organisation_id::text AS organisation_id, s.device_id::text AS device_id,
          EXISTS (SELECT 1 FROM devices d WHERE d.id = s.device_id AND d.revoked_at IS NOT NULL) AS device_revoked
   FROM ${table} s
   WHERE s.id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid) ORDER BY s.id FOR UPDATE OF s`,
);
const LOCK_REVISIONS = { registrations: LOCK_REVISIONS_SQL('registrations'), group_sessions: LOCK_REVISIONS_SQL('group_sessions') };

/** Reads and row-locks the stored revisions of these ids in `table` (lower-case uuid → revision), in id order to avoid deadlocks. */
export async function lockRevisions(tx: Queryable, table: 'registrations' | 'group_sessions', ids: readonly string[]): Promise<Map<string, StoredRevision>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<{ id: string; revision: number; content_hash: string; organisation_id: string; device_id: string; device_revoked: boolean }>(
    LOCK_REVISIONS[table], [JSON.stringify(ids)],
  );
  return new Map(rows.map((row) => [row.id, {
    revision: row.revision, hash: row.content_hash, organisationId: row.organisation_id, deviceId: row.device_id, deviceRevoked: row.device_revoked,
  }]));
}

/**
 * A stored record's row: the columns every record of a tablet starts with (id, revision, hash and owner, and its
 * location), then its own `columns`. One literal with `columns` spread at its end: rows made the other way round
 * (these columns spread first, fields added after) were objects V8 builds and serialises slowly: 9.3 against 2.0 ms
 * for 500 registrations with their JSON (bench/README.md, ingest, session 17).
 */
export function ownedRow<T extends object>(record: { id: string; revision: number; organisationId: string; locationId: string }, hash: string, owner: RegistrationOwner, columns: T) {
  return {
    id: record.id,
    revision: record.revision,
    content_hash: hash,
    organisation_id: record.organisationId,
    device_id: owner.deviceId,
    location_id: record.locationId,
    ...columns,
  };
}
