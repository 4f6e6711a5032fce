import type { RecordResult } from '../../shared/api';
import { type GroupSession, validateGroupSession } from '../../shared/group-session';
import type { Queryable } from '../db/database';
import { contentHash } from './canonical-json';
import { lockStoredGroupSessions, upsertGroupSessions } from './group-session-store';
import { echoedId, type RecordContext } from './record-check';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPath } from '../../shared/storable-text';
import { answerLostWrites, type Checked as RevisionChecked, planWrites, type RegistrationOwner, type RevisionMessages } from './revisions';

const MAX_INT4 = 2_147_483_647;
const MESSAGES: RevisionMessages = {
  idInUse: 'Deze groepsbijeenkomst kan niet onder deze id op de server worden opgeslagen. Ze blijft op deze tablet bewaard. Neem contact op met de coördinator.',
  sameRevision: 'Deze groepsbijeenkomst staat al op de server met hetzelfde versienummer maar met andere inhoud. Bekijk haar en sla haar opnieuw op.',
  olderRevision: 'Op de server staat al een nieuwere versie van deze groepsbijeenkomst. Deze oudere versie wordt niet opgeslagen.',
};

type Checked = RevisionChecked<GroupSession>;

/** How far a tablet's clock may run ahead: as for a registration's `startedAt`. */
const TABLET_CLOCK_SLACK_MS = 24 * 3_600_000;

/** Checks one group session with the shared validation plus what only the server knows; the first problem wins. */
export function checkGroupSession(input: unknown, context: RecordContext): Checked {
  const id = echoedId(input);
  const reject = (field: string, code: string, message: string): Checked => ({ ok: false, result: { id, status: 'rejected', code, field, message } });
  const organisationId = (input as { organisationId?: unknown }).organisationId;
  if (typeof organisationId === 'string' && organisationId.toLowerCase() !== context.organisationId.toLowerCase()) {
    return reject('organisationId', 'wrong_organisation', 'Deze groepsbijeenkomst hoort bij een andere organisatie dan deze tablet. Koppel de tablet opnieuw.');
  }
  // A tablet's clock may run ahead of the server's: its today may be the server's tomorrow (a registration's start may
  // be 24 hours ahead, validation.ts). The tablet's form itself offers nothing after its own today.
  const [first] = validateGroupSession(input, { locationIds: context.locationIds, now: context.now, clockSlackMs: TABLET_CLOCK_SLACK_MS });
  if (first) return reject(first.field, first.code, first.message);
  const record = input as GroupSession;
  if (record.revision > MAX_INT4) return reject('revision', 'invalid_revision', 'Het versienummer is te groot.');
  const badText = unstorableTextPath(record, '');
  if (badText !== undefined) return reject(badText, 'invalid_text', UNSTORABLE_TEXT_MESSAGE);
  return { ok: true, record, key: record.id.toLowerCase(), hash: contentHash(record) };
}

/**
 * The group sessions of one batch, inside the batch's transaction: checked, row-locked in id order, written
 * with "insert, or replace a lower revision of the same owner", and answered per record in the order given.
 */
export async function ingestGroupSessions(tx: Queryable, records: readonly unknown[], context: RecordContext, owner: RegistrationOwner, batchId: string): Promise<RecordResult[]> {
  if (records.length === 0) return [];
  const checked = records.map((record) => checkGroupSession(record, context));
  const stored = await lockStoredGroupSessions(tx, checked.flatMap((check) => (check.ok ? [check.key] : [])));
  const { results, toWrite } = planWrites(checked, stored, owner, MESSAGES);
  const written = await upsertGroupSessions(tx, [...toWrite.values()], batchId, owner);
  // Another batch stored one of these ids between our read and our write: answer against what it stored.
  await answerLostWrites(checked, results, toWrite, written, (keys) => lockStoredGroupSessions(tx, keys), owner, MESSAGES);
  return results;
}
