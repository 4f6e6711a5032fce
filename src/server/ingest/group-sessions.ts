import type { RecordResult } from '../../shared/api';
import { type GroupSession, validateGroupSession } from '../../shared/group-session';
import { ID_IN_USE } from '../../shared/ownership';
import type { Queryable } from '../db/database';
import { contentHash } from './canonical-json';
import { lockStoredGroupSessions, upsertGroupSessions } from './group-session-store';
import { echoedId, type RecordContext, unstorableTextPath } from './record-check';
import { ownsRegistration, type RegistrationOwner, type StoredRevision } from './registration-store';

const MAX_INT4 = 2_147_483_647;
const CONFLICT_SAME_REVISION = 'Deze groepsbijeenkomst staat al op de server met hetzelfde versienummer maar met andere inhoud. Bekijk haar en sla haar opnieuw op.';
const CONFLICT_OLDER_REVISION = 'Op de server staat al een nieuwere versie van deze groepsbijeenkomst. Deze oudere versie wordt niet opgeslagen.';
const ID_IN_USE_MESSAGE = 'Deze groepsbijeenkomst kan niet onder deze id op de server worden opgeslagen. Ze blijft op deze tablet bewaard. Neem contact op met de coördinator.';

type Checked = { ok: true; record: GroupSession; key: string; hash: string } | { ok: false; result: RecordResult };

/** Checks one group session with the shared validation plus what only the server knows; the first problem wins. */
export function checkGroupSession(input: unknown, context: RecordContext): Checked {
  const id = echoedId(input);
  const reject = (field: string, code: string, message: string): Checked => ({ ok: false, result: { id, status: 'rejected', code, field, message } });
  const organisationId = (input as { organisationId?: unknown }).organisationId;
  if (typeof organisationId === 'string' && organisationId.toLowerCase() !== context.organisationId.toLowerCase()) {
    return reject('organisationId', 'wrong_organisation', 'Deze groepsbijeenkomst hoort bij een andere organisatie dan deze tablet. Koppel de tablet opnieuw.');
  }
  const [first] = validateGroupSession(input, { locationIds: context.locationIds, now: context.now });
  if (first) return reject(first.field, first.code, first.message);
  const record = input as GroupSession;
  if (record.revision > MAX_INT4) return reject('revision', 'invalid_revision', 'Het versienummer is te groot.');
  const badText = unstorableTextPath(record, '');
  if (badText !== undefined) return reject(badText, 'invalid_text', 'Dit veld bevat tekens die niet opgeslagen kunnen worden. Haal ze weg.');
  return { ok: true, record, key: record.id.toLowerCase(), hash: contentHash(record) };
}

/** The answer for one valid group session given what is stored for its id; another owner's id gets the neutral `id_in_use`. */
function decide(record: GroupSession, hash: string, stored: StoredRevision | undefined, owner: RegistrationOwner): RecordResult {
  if (stored && !ownsRegistration(stored, owner)) return { id: record.id, status: 'rejected', code: ID_IN_USE, field: 'id', message: ID_IN_USE_MESSAGE };
  if (!stored || stored.revision < record.revision) return { id: record.id, status: 'accepted' };
  if (stored.revision === record.revision && stored.hash === hash) return { id: record.id, status: 'duplicate' };
  const message = stored.revision === record.revision ? CONFLICT_SAME_REVISION : CONFLICT_OLDER_REVISION;
  return { id: record.id, status: 'conflict', code: 'revision_conflict', message };
}

/**
 * The group sessions of one batch, inside the batch's transaction: checked, row-locked in id order, written
 * with "insert, or replace a lower revision of the same owner", and answered per record in the order given.
 */
export async function ingestGroupSessions(tx: Queryable, records: readonly unknown[], context: RecordContext, owner: RegistrationOwner, batchId: string): Promise<RecordResult[]> {
  if (records.length === 0) return [];
  const checked = records.map((record) => checkGroupSession(record, context));
  const stored = await lockStoredGroupSessions(tx, checked.flatMap((check) => (check.ok ? [check.key] : [])));
  const results: RecordResult[] = [];
  const toWrite = new Map<string, { record: GroupSession; hash: string; resultIndexes: number[] }>();
  for (const check of checked) {
    if (!check.ok) {
      results.push(check.result);
      continue;
    }
    const result = decide(check.record, check.hash, stored.get(check.key), owner);
    results.push(result);
    if (result.status !== 'accepted') continue;
    const earlier = toWrite.get(check.key);
    toWrite.set(check.key, { record: check.record, hash: check.hash, resultIndexes: [...(earlier?.resultIndexes ?? []), results.length - 1] });
    stored.set(check.key, { revision: check.record.revision, hash: check.hash, organisationId: owner.organisationId.toLowerCase(), deviceId: owner.deviceId.toLowerCase(), deviceRevoked: false });
  }
  const written = await upsertGroupSessions(tx, [...toWrite.values()], batchId, owner);
  const lost = [...toWrite.keys()].filter((key) => !written.has(key));
  if (lost.length > 0) {
    // Another batch stored one of these ids between our read and our write: answer against what it stored.
    const current = await lockStoredGroupSessions(tx, lost);
    for (const key of lost) {
      for (const index of toWrite.get(key)!.resultIndexes) {
        const check = checked[index] as Extract<Checked, { ok: true }>;
        results[index] = decide(check.record, check.hash, current.get(key), owner);
      }
    }
  }
  return results;
}
