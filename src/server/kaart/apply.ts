import {
  FIELD_LABELS, KAART_FIELDS, type KaartEntity, type KaartPushResult, type KaartScope, validateKaartRecord,
} from '../../shared/kaart';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { ID_IN_USE, ID_IN_USE_MESSAGES } from '../../shared/ownership';
import { isUuid } from '../../shared/ids';
import { normaliseCard, validateCard } from '../../shared/snelwijzer/card';
import { FEEDBACK_FIXED_FIELDS, normaliseFeedback, validateFeedback } from '../../shared/kaart/feedback';
import { firstBrokenReference, referenceKeys, resolveScope } from './references';
import {
  KAART_SYNC_ENTITIES, type KaartChangeItem, type KaartSyncEntity, lockKaartWrites, type StoredKaartRecord, toChangeItem,
} from './store';
import { KaartWorkingSet, keyOf } from './working-set';
import { canonicalJson, isRecord } from '../../shared/json';

/**
 * The one way kaart records are written: `POST /kaart/changes`, the demo seed and `import-kaart` all
 * call applyKaartChanges. Each change is decided on its own (applied, conflict or rejected) before
 * anything is written, so one push is one transaction in which the valid changes apply and the others
 * are reported; nothing is half-written. The records the changes touch and point to are read in a few
 * batched statements first, and the applied ones written in batches at the end (kaart/working-set.ts):
 * a 100,000-record import is some 250 statements, not 200,000.
 */

/** Who writes, and what it may write. */
export interface KaartActor {
  /** the scope it reads and writes: its organisation, or null for the national entries */
  scope: KaartScope;
  /** may change kaart entries of its scope (coordinator tablet or token, national token, admin); any tablet may add feedback */
  editsKaart: boolean;
  /**
   * why it may not edit, when that is not its role: a deactivated organisation's coordinator tablet, whose edits are
   * each `rejected` with the code `organisation_deactivated` (the whole-request code of the admin routes) and its text
   */
  editRefusal?: { code: string; message: string };
  /**
   * a coordinator's tablet only: whether the national team deactivated its organisation (its own, never another's),
   * said in each page of `GET /kaart/changes` so the tablet knows before its first edit and after a reactivation
   */
  organisationDeactivated?: boolean;
  /** stored beside each change: `device:<id>`, `coordinator-token`, `national-token`, `admin`, `seed` */
  updatedBy: string;
}

/** The answer for one change: the contract's result plus the entity (an extension) and our item shape. */
export interface KaartChangeResult extends Omit<KaartPushResult, 'current'> {
  entity: string;
  current?: KaartChangeItem;
}

/** A result with what happened, for summaries (created/updated/unchanged count as applied). */
export interface KaartApplied {
  result: KaartChangeResult;
  outcome: 'created' | 'updated' | 'unchanged' | 'conflict' | 'rejected';
}

/** A change as sent: `{entity, id, baseVersion, deleted, data}`. */
export interface KaartChangeInput {
  entity: string;
  id: string;
  baseVersion?: number | null;
  deleted?: boolean;
  data?: unknown;
}

interface Change {
  entity: KaartSyncEntity;
  id: string;
  baseVersion: number;
  deleted: boolean;
  data: unknown;
}

const OTHER_ORGANISATION = 'Dit gegeven hoort bij een andere organisatie. U kunt het niet wijzigen.';
const NATIONAL_ONLY = 'Dit is een landelijk gegeven. Alleen de landelijke beheerder kan het wijzigen.';
const COORDINATOR_ONLY = 'Alleen een coördinator kan de sociale kaart wijzigen.';

/** Applies changes in order, in the caller's transaction (takes the kaart write lock first). */
export async function applyKaartChanges(tx: Queryable, actor: KaartActor, changes: readonly unknown[]): Promise<KaartApplied[]> {
  await lockKaartWrites(tx);
  const envelopes = changes.map(readChange);
  const set = new KaartWorkingSet(tx);
  const wanted = envelopes.flatMap((change) => ('status' in change ? [] : [{ entity: change.entity, id: change.id, data: isRecord(change.data) ? change.data : undefined }]));
  await set.preload(wanted, true, referenceKeys);
  const applied: KaartApplied[] = [];
  for (const change of envelopes) applied.push('status' in change ? { result: change, outcome: 'rejected' } : await applyKaartChange(set, actor, change));
  // A stored record of another scope is never replaced (the write lock makes this all but impossible): its answer becomes the neutral one.
  const notWritten = await set.flush(actor.updatedBy);
  if (notWritten.size === 0) return applied;
  return applied.map((item) => (item.result.status === 'applied' && item.outcome !== 'unchanged' && notWritten.has(keyOf(item.result.entity as KaartSyncEntity, item.result.id))
    ? idInUse(item.result.id, item.result.entity) : item));
}

/** One push in one transaction. */
export function pushKaartChanges(db: Database, actor: KaartActor, changes: readonly unknown[]): Promise<KaartApplied[]> {
  return writeTransaction(db, (tx) => applyKaartChanges(tx, actor, changes));
}

async function applyKaartChange(parents: KaartWorkingSet, actor: KaartActor, change: Change): Promise<KaartApplied> {
  const { entity, id, baseVersion } = change;
  const stored = await parents.find(entity, id);
  const ownsStored = stored !== undefined && stored.scope === actor.scope;
  const reject = (code: string, message: string, field = ''): KaartApplied => ({
    outcome: 'rejected',
    result: { id, entity, status: 'rejected', version: ownsStored ? stored.version : 0, code, field, message },
  });
  const applied = (version: number, outcome: KaartApplied['outcome']): KaartApplied => ({ outcome, result: { id, entity, status: 'applied', version } });

  // What the actor may never write is refused first, the same whether or not the id is stored anywhere.
  const neverAllowed = roleRefusal(actor, entity, undefined);
  if (neverAllowed) return reject(...neverAllowed);
  // Another scope's record (another organisation's, or a national one) is never changed, nor shown in a conflict:
  // one neutral answer that says nothing about it, whatever its version, content or tombstone.
  if (stored && !ownsStored) return idInUse(id, entity);
  const data = !change.deleted && isRecord(change.data) ? normalise(entity, change.data) : undefined;
  // A change that changes nothing (e.g. a resend after a lost answer) is applied without a new version.
  if (stored && (change.deleted ? stored.deleted : !stored.deleted && data !== undefined && canonicalJson(stored.data) === canonicalJson(data))) {
    return applied(stored.version, 'unchanged');
  }
  // A "Klopt niet" mark sent again (the tablet never heard the first answer) after the coordinator closed it: the same
  // mark, not a staff member closing it nor a conflict that could reopen it.
  if (entity === 'feedback' && stored && !stored.deleted && data !== undefined && isMarkAgain(stored, baseVersion, data)) return applied(stored.version, 'unchanged');
  const refusal = roleRefusal(actor, entity, stored);
  if (refusal) return reject(...refusal);
  if ((stored?.version ?? 0) !== baseVersion) {
    if (!stored) return reject('not_found', 'Dit gegeven staat niet op de server. Maak het opnieuw aan.', 'baseVersion');
    return { outcome: 'conflict', result: { id, entity, status: 'conflict', version: stored.version, current: toChangeItem(stored) } };
  }
  if (change.deleted) {
    if (!stored) return reject('not_found', 'Dit gegeven staat niet op de server en hoeft niet verwijderd te worden.', 'id');
    parents.stage({ ...stored, version: stored.version + 1, deleted: true });
    return applied(stored.version + 1, 'updated');
  }

  const [error] = entity === 'feedback' ? validateFeedback(change.data) : entity === 'snelwijzer_card' ? validateCard(change.data) : validateKaartRecord(entity, change.data);
  if (error) return reject(error.code, error.message, error.field);
  if (data!.id !== id) return reject('id_mismatch', 'De id in de gegevens verschilt van de id van de wijziging.', 'id');
  // A card says its scope itself (owner_organisation_id), like a kaart organization.
  const scope = entity === 'feedback' ? actor.scope : entity === 'snelwijzer_card' ? data!.owner_organisation_id as KaartScope : await resolveScope(parents, entity, data!);
  if (scope === undefined) return reject(...brokenReference(await firstBrokenReference(parents, entity, data!, undefined)));
  // A parent of another organisation is answered like a missing one: whether it exists is not ours to know.
  if (entity !== 'organization' && entity !== 'snelwijzer_card' && scope !== null && scope !== actor.scope) {
    return reject(...brokenReference(await firstBrokenReference(parents, entity, data!, actor.scope)));
  }
  if (scope !== actor.scope) {
    return reject('forbidden_scope', scope === null ? NATIONAL_ONLY : OTHER_ORGANISATION, entity === 'organization' || entity === 'snelwijzer_card' ? 'owner_organisation_id' : '');
  }
  const broken = await firstBrokenReference(parents, entity, data!, scope);
  if (broken) return reject(...brokenReference(broken));
  if (entity === 'feedback' && stored) {
    const fixed = FEEDBACK_FIXED_FIELDS.find((field) => canonicalJson(stored.data[field]) !== canonicalJson(data![field]));
    if (fixed) return reject('read_only', 'Bij een melding kan alleen "afgehandeld" veranderen. De tekst blijft zoals de medewerker hem schreef.', fixed);
  }
  const version = (stored?.version ?? 0) + 1;
  parents.stage({ entity, id, scope, version, deleted: false, data: data! });
  return applied(version, stored ? 'updated' : 'created');
}

/** A new mark (`baseVersion` 0, not closed) that says what the stored one says, but for `resolved`. */
function isMarkAgain(stored: StoredKaartRecord, baseVersion: number, data: Record<string, unknown>): boolean {
  return baseVersion === 0 && data.resolved === false && FEEDBACK_FIXED_FIELDS.every((field) => canonicalJson(stored.data[field]) === canonicalJson(data[field]));
}

/** The neutral answer for an id stored in another scope: the same as for any such record (docs/api-extensions.md). */
function idInUse(id: string, entity: string): KaartApplied {
  return { outcome: 'rejected', result: { id, entity, status: 'rejected', version: 0, code: ID_IN_USE, field: 'id', message: ID_IN_USE_MESSAGES.kaart } };
}

/** Why this actor may not write this entity (the scope itself is checked apart): its code and message, or undefined. */
function roleRefusal(actor: KaartActor, entity: KaartSyncEntity, stored: StoredKaartRecord | undefined): [string, string] | undefined {
  const refused = (message: string): [string, string] => (actor.editRefusal ? [actor.editRefusal.code, actor.editRefusal.message] : ['forbidden_scope', message]);
  if (entity === 'snelwijzer_card') return actor.editsKaart ? undefined : refused('Alleen een coördinator kan kaarten van de Snelwijzer schrijven.');
  if (entity !== 'feedback') return actor.editsKaart ? undefined : refused(COORDINATOR_ONLY);
  if (actor.scope === null) return ['forbidden_scope', 'Een melding "klopt niet" hoort bij een organisatie; landelijk kan er geen worden gemaakt.'];
  if (stored && !actor.editsKaart) return refused('Alleen een coördinator kan een melding afhandelen.');
  return undefined;
}

function brokenReference(reference: { name: string } | undefined): [string, string, string] {
  const label = reference ? FIELD_LABELS[reference.name] ?? reference.name : 'gegeven';
  return ['unknown_reference', `De ${label} waar dit bij hoort, staat niet (meer) op de sociale kaart.`, reference?.name ?? ''];
}

/** Checks the envelope of one change; a result (rejected) when it is not one. */
function readChange(raw: unknown): Change | KaartChangeResult {
  const rejected = (id: string, entity: string, field: string, code: string, message: string): KaartChangeResult =>
    ({ id, entity, status: 'rejected', version: 0, code, field, message });
  if (!isRecord(raw)) return rejected('', '', '', 'invalid_change', 'Deze wijziging heeft niet de verwachte vorm.');
  const id = typeof raw.id === 'string' ? raw.id.slice(0, 64) : '';
  const entity = typeof raw.entity === 'string' ? raw.entity.slice(0, 40) : '';
  if (!(KAART_SYNC_ENTITIES as readonly string[]).includes(entity)) return rejected(id, entity, 'entity', 'unknown_entity', 'Dit soort gegeven kent de sociale kaart niet.');
  if (!isUuid(raw.id)) return rejected(id, entity, 'id', 'invalid_id', 'Deze wijziging heeft geen geldige id.');
  const base = raw.baseVersion ?? 0;
  if (!Number.isSafeInteger(base) || (base as number) < 0) return rejected(id, entity, 'baseVersion', 'invalid_base_version', 'Het versienummer moet 0 of hoger zijn.');
  const deleted = raw.deleted ?? false;
  if (typeof deleted !== 'boolean') return rejected(id, entity, 'deleted', 'invalid_flag', 'Het veld "verwijderd" moet waar of onwaar zijn.');
  return { entity: entity as KaartSyncEntity, id: raw.id.toLowerCase(), baseVersion: base as number, deleted, data: raw.data };
}

/**
 * The stored form of a record: only the model's fields (no version/updatedAt/deleted), ids in lower
 * case, and absent nullable references as null, as the file imports make them, so equal records compare equal.
 */
function normalise(entity: KaartSyncEntity, data: Record<string, unknown>): Record<string, unknown> {
  if (entity === 'feedback') return normaliseFeedback(data);
  if (entity === 'snelwijzer_card') return normaliseCard(data);
  const record: Record<string, unknown> = {};
  for (const spec of KAART_FIELDS[entity as KaartEntity]) {
    let value = data[spec.name];
    if (value === undefined && spec.nullable && spec.kind !== 'owner') value = null;
    if (typeof value === 'string' && (spec.kind === 'id' || spec.kind === 'ref' || spec.kind === 'owner') && isUuid(value)) value = value.toLowerCase();
    if (value !== undefined) record[spec.name] = value;
  }
  return record;
}

