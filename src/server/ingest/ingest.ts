import type { BatchResponse } from '../../shared/api';
import { type Database, preparedSql, type Queryable } from '../db/database';
import { isNewerSchema, LOCK_SCHEMA_SHARED, NEWEST_MIGRATION } from '../db/migrate';
import { ApiError, RETRY_AFTER_SECONDS } from '../errors';
import { appendRollupDeltas, appendWrittenDeltas, type FoldLog, foldSoon } from '../reports/pending-rollups';
import { ID_IN_USE_MESSAGES } from '../../shared/ownership';
import { isGroupSessionRecord } from '../../shared/group-session';
import { markGroupSessionIds } from './group-session-store';
import { ingestGroupSessions } from './group-sessions';
import { checkRecord } from './record-check';
import { deleteQuestions, insertQuestions, lockStoredRevisions, type RegistrationOwner, upsertRegistrations } from './registration-store';
import { answerLostWrites, planWrites, type RevisionMessages } from './revisions';

/** The device a batch comes from, as the token says. */
export interface SendingDevice {
  id: string;
  organisationId: string;
}

export interface BatchInput {
  batchId: string;
  device: SendingDevice;
  /** whatever arrived: each record is checked on its own */
  records: readonly unknown[];
  now?: Date;
  /** from a tablet's noodexport (`admin import-file`), not sent by the tablet: not its last send (migration 029) */
  imported?: boolean;
}

/** `stored`: a new answer; `replayed`: the answer stored for this batchId earlier; `batch_id_taken`: another device used it. */
export type BatchOutcome =
  | { kind: 'stored'; body: string; response: BatchResponse }
  | { kind: 'replayed'; body: string }
  | { kind: 'batch_id_taken' };

// The statements of every batch (prepared once per connection: database.ts).
const CLAIM_BATCH = preparedSql(
  `INSERT INTO batches (batch_id, device_id, record_count, response, imported) VALUES ($1, $2, $3, '', $4)
   ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
);
const ORGANISATION_LOCATIONS = preparedSql(
  `SELECT ARRAY(SELECT id FROM locations WHERE organisation_id = $1) AS ids, (${NEWEST_MIGRATION}) AS newest`,
);
// record_count ends as the records the batch stored (accepted): the Tablets page's "Registraties verstuurd" sums it, and a
// duplicate (the same records again in a new batch, an emergency export imported twice) or a refused record is no registration sent.
const STORE_ANSWER = preparedSql('UPDATE batches SET response = $2, record_count = $3 WHERE batch_id = $1');

const MESSAGES: RevisionMessages = {
  idInUse: ID_IN_USE_MESSAGES.registration,
  sameRevision: 'Deze registratie staat al op de server met hetzelfde versienummer maar met andere inhoud. Bekijk haar en sla haar opnieuw op.',
  olderRevision: 'Op de server staat al een nieuwere versie van deze registratie. Deze oudere versie wordt niet opgeslagen.',
};

/**
 * Stores one batch exactly once, in one transaction, and answers per record
 * (docs/ingest-api.md, "Batches"). The same batchId again returns the stored answer byte for byte.
 * Used by POST /api/v1/batches and by `admin import-file`.
 */
export async function ingestBatch(db: Database, input: BatchInput, options: { foldDelayMs?: number; foldLog?: FoldLog } = {}): Promise<BatchOutcome> {
  const outcome = await storeBatch(db, input);
  // The rollups take this batch's deltas in the background, with those of the batches answered in the fold's delay;
  // a report folds what is still pending before it reads.
  // A failed fold is logged (the server's logger; else stderr).
  if (outcome.kind === 'stored') foldSoon(db, options.foldDelayMs, options.foldLog);
  return outcome;
}

function storeBatch(db: Database, input: BatchInput): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    // The migrations' lock shared first, holding nothing yet (so a migration that alters a table this batch writes
    // cannot wait for us while we wait for it), and the newest migration read beside the locations below (migrate.ts:
    // a rolling upgrade). Sent together with the claim, so no round trip of its own; the database runs them in order.
    // Claim the batchId: a concurrent transaction with the same id waits here until this one ends.
    const [, claimed] = await Promise.all([
      tx.query(LOCK_SCHEMA_SHARED),
      tx.query(CLAIM_BATCH, [input.batchId, input.device.id, input.records.length, input.imported ?? false]),
    ]);
    if (claimed.length === 0) return replay(tx, input);

    const now = input.now ?? new Date();
    const [{ ids: locationIds, newest }] = await tx.query<{ ids: string[]; newest: string | null }>(ORGANISATION_LOCATIONS, [input.device.organisationId]);
    // A newer version's migration may change what a batch owes the reports (migration 034 added a dimension that
    // this version's deltas would lack): such a database takes no batch from this process. The tablet sends it again.
    if (isNewerSchema(newest)) throw new ApiError('server_outdated', { 'retry-after': String(RETRY_AFTER_SECONDS) });
    // Group sessions (recordType "groupSession") take their own path; registrations carry no recordType.
    const isGroup = input.records.map(isGroupSessionRecord);
    const context = { organisationId: input.device.organisationId, locationIds, now };
    const checked = input.records.filter((_, i) => !isGroup[i]).map((record) => checkRecord(record, context));
    const valid = checked.flatMap((check) => (check.ok ? [check] : []));

    const owner: RegistrationOwner = { organisationId: input.device.organisationId, deviceId: input.device.id };
    const stored = await lockStoredRevisions(tx, valid.map((check) => check.key));
    await markGroupSessionIds(tx, stored, valid.map((check) => check.key));
    const { results, toWrite } = planWrites(checked, stored, owner, MESSAGES);

    const written = await upsertRegistrations(tx, [...toWrite.values()], input.batchId, owner);
    // Another batch stored one of these ids between our read and our write: answer against what it stored.
    await answerLostWrites(checked, results, toWrite, written, (keys) => lockStoredRevisions(tx, keys), owner, MESSAGES);
    const writtenRecords = [...toWrite.values()].map((entry) => entry.record);
    // Only a replaced row can have questions (also one new at our read: a concurrent batch may have stored a lower
    // revision with questions since). The report rollups follow the question rows: this transaction appends what
    // the replaced rows counted (negated) and what all written rows count now; a fold adds it after the answer.
    const replacedIds = [...toWrite.keys()].filter((key) => written.get(key) === 'replaced');
    await appendRollupDeltas(tx, replacedIds, -1);
    await deleteQuestions(tx, replacedIds);
    const live = writtenRecords.filter((record) => !record.deleted);
    await insertQuestions(tx, live);
    await appendWrittenDeltas(tx, live);

    const groupResults = await ingestGroupSessions(tx, input.records.filter((_, i) => isGroup[i]), context, owner, input.batchId);
    const inOrder = isGroup.map((group) => (group ? groupResults : results).shift()!);
    const response: BatchResponse = { batchId: input.batchId, serverTime: new Date().toISOString(), results: inOrder };
    const body = JSON.stringify(response);
    await tx.query(STORE_ANSWER, [input.batchId, body, inOrder.filter((result) => result.status === 'accepted').length]);
    return { kind: 'stored', body, response };
  });
}

async function replay(tx: Queryable, input: BatchInput): Promise<BatchOutcome> {
  const [row] = await tx.query<{ response: string; device_id: string }>('SELECT response, device_id::text AS device_id FROM batches WHERE batch_id = $1', [input.batchId]);
  if (!row || row.device_id !== input.device.id.toLowerCase()) return { kind: 'batch_id_taken' };
  return { kind: 'replayed', body: row.response };
}
