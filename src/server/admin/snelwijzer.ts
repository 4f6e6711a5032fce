import { randomUUID } from 'node:crypto';
import { type AdminCard, type AdminCardList, CARD_EDIT_FIELDS, PARTNER_SEARCH_LIMIT, type PartnerChoice } from '../../shared/snelwijzer/admin';
import { copyCard, SNELWIJZER_ENTITY, type SnelwijzerCardFields } from '../../shared/snelwijzer/card';
import { ID_IN_USE } from '../../shared/ownership';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { ApiError } from '../errors';
import { applyKaartChanges, type KaartChangeInput } from '../kaart/apply';
import { findKaartRecords, type StoredKaartRecord } from '../kaart/store';
import { isUuid } from '../../shared/ids';
import { isUnstorableText } from '../../shared/storable-text';
import { SEARCH_MAX, searchedText } from '../../shared/text-length';
import { type Actor, kaartUpdatedBy, notFound, organisationInScope, requireNational } from './actor';
import { appendAudit } from './audit';
import { type Body, invalidField, readBody } from './input';

/**
 * The Snelwijzer in the browser (docs/admin-api.md, "Snelwijzer"): a coordinator writes, edits, copies
 * and removes the organisation's own cards; the national team keeps the national cards. Every write is
 * an ordinary kaart change through applyKaartChanges (the same checks as a tablet's push, the same
 * conflict rule), so every tablet gets it at its next kaart pull.
 */

/** At most this many cards per list (a Snelwijzer is a short reference, not a library). */
export const CARD_LIST_LIMIT = 1000;

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;

/** `organisation` undefined: the national cards, national team only. */
async function cardScope(db: Queryable, actor: Actor, organisation: unknown): Promise<string | null> {
  if (organisation === undefined) {
    requireNational(actor);
    return null;
  }
  return organisationInScope(db, actor, organisation);
}

function toAdminCard(row: { id: string; version: string; data: unknown; updated_at: Date | string; partner_name: string | null; partner_organisation: string | null }): AdminCard {
  const data = json(row.data) as unknown as SnelwijzerCardFields;
  const partner = data.service_id && row.partner_name !== null ? { id: data.service_id, name: row.partner_name, organisation: row.partner_organisation ?? '' } : null;
  return { ...data, version: Number(row.version), updatedAt: new Date(row.updated_at).toISOString(), partner };
}

async function readCards(db: Queryable, scope: string | null, only: string | null): Promise<AdminCard[]> {
  const rows = await db.query<{ id: string; version: string; data: unknown; updated_at: Date | string; scope: string | null; partner_name: string | null; partner_organisation: string | null }>(
    `SELECT c.id::text AS id, c.version::text AS version, c.data, c.updated_at, c.scope::text AS scope,
       s.data->>'name' AS partner_name, o.data->>'name' AS partner_organisation
     FROM kaart_records c
     LEFT JOIN kaart_records s ON s.entity = 'service' AND NOT s.deleted AND s.id = (c.data->>'service_id')::uuid
       AND (s.scope IS NULL OR s.scope = c.scope)
     LEFT JOIN kaart_records o ON o.entity = 'organization' AND o.id = (s.data->>'organization_id')::uuid
     WHERE c.entity = $1 AND NOT c.deleted AND c.scope IS NOT DISTINCT FROM $2::uuid AND ($3::uuid IS NULL OR c.id = $3::uuid)
     ORDER BY c.data->>'title', c.id LIMIT $4`,
    [SNELWIJZER_ENTITY, scope, only, CARD_LIST_LIMIT],
  );
  return rows.map(toAdminCard);
}

/** An organisation's own cards and the national ones; for the national team (no organisation) the national cards. */
export async function listCards(db: Database, actor: Actor, organisation: unknown): Promise<AdminCardList> {
  const scope = await cardScope(db, actor, organisation);
  const national = await readCards(db, null, null);
  return { own: scope === null ? national : await readCards(db, scope, null), national };
}

/** Kaart services a card of this scope may refer to: its own and the national ones, by name. */
export async function searchPartners(db: Database, actor: Actor, organisation: unknown, query: unknown): Promise<PartnerChoice[]> {
  const scope = await cardScope(db, actor, organisation);
  if (query !== undefined && typeof query !== 'string') throw invalidField('q', 'moet tekst zijn.');
  if (query !== undefined && isUnstorableText(query)) throw invalidField('q', 'bevat tekens waarop niet gezocht kan worden. Haal ze weg.');
  const words = searchedText((query ?? '').normalize('NFC').trim(), SEARCH_MAX.partner).toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const rows = await db.query<{ id: string; name: string; organisation: string | null }>(
    `SELECT s.id::text AS id, s.data->>'name' AS name, o.data->>'name' AS organisation
     FROM kaart_records s
     LEFT JOIN kaart_records o ON o.entity = 'organization' AND o.id = (s.data->>'organization_id')::uuid
     WHERE s.entity = 'service' AND NOT s.deleted AND (s.scope IS NULL OR s.scope IS NOT DISTINCT FROM $1::uuid)
       AND coalesce(s.data->>'status', 'active') <> 'defunct'
       AND (SELECT bool_and(position(w IN lower(coalesce(s.data->>'name', '') || ' ' || coalesce(o.data->>'name', ''))) > 0)
            FROM unnest($2::text[]) AS w) IS NOT FALSE
     ORDER BY s.data->>'name', s.id LIMIT $3`,
    [scope, words, PARTNER_SEARCH_LIMIT],
  );
  return rows.map((row) => ({ id: row.id, name: row.name ?? '', organisation: row.organisation ?? '' }));
}

/** The card fields of a create or update body; the id, owner and origin are the server's to set. */
function cardFields(body: Body): Pick<SnelwijzerCardFields, (typeof CARD_EDIT_FIELDS)[number]> {
  for (const field of ['title', 'topics', 'body', 'checked_on'] as const) if (body[field] === undefined) throw invalidField(field, 'ontbreekt.');
  return {
    title: typeof body.title === 'string' ? body.title.trim() : body.title as string,
    topics: body.topics as string[], body: body.body as string, bring: (body.bring ?? '') as string,
    links: (body.links ?? []) as SnelwijzerCardFields['links'], service_id: (body.service_id ?? null) as string | null,
    checked_on: body.checked_on as string,
  };
}

function baseVersion(body: Body): number {
  const value = body.baseVersion;
  if (value === undefined) throw invalidField('baseVersion', 'ontbreekt: stuur de versie die u bewerkte mee.');
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw invalidField('baseVersion', 'moet een geheel getal van 1 of hoger zijn.');
  return value as number;
}

/** Writes one change in the caller's transaction; a refusal becomes the API's error, nothing written. */
async function applyCard(tx: Queryable, actor: Actor, scope: string | null, change: KaartChangeInput, what: string): Promise<void> {
  const [applied] = await applyKaartChanges(tx, { scope, editsKaart: true, updatedBy: kaartUpdatedBy(actor) }, [change]);
  const { result } = applied;
  if (applied.outcome === 'conflict') throw new ApiError('edit_conflict', {}, 'Iemand anders heeft deze kaart intussen gewijzigd. Laad de kaart opnieuw en doe uw wijziging nog eens.');
  if (result.status !== 'rejected') return;
  if (result.code === ID_IN_USE || result.code === 'not_found') throw notFound(what);
  const field = result.field ? `Bij "${result.field}": ` : '';
  throw new ApiError('invalid_request', {}, `${field}${result.message ?? 'Deze kaart kan zo niet worden opgeslagen.'}`);
}

async function ownCard(tx: Queryable, scope: string | null, id: unknown): Promise<StoredKaartRecord> {
  if (!isUuid(id)) throw notFound('Deze kaart');
  const [stored] = await findKaartRecords(tx, [{ entity: SNELWIJZER_ENTITY, id: id.toLowerCase() }], true);
  if (!stored || stored.deleted || stored.scope !== scope) throw notFound('Deze kaart');
  return stored;
}

const summary = (card: { title?: unknown }, version: number) => ({ title: card.title, version });

/** A new card of the organisation (or, for the national team without organisation, a national card). */
export async function createCard(db: Database, actor: Actor, organisation: unknown, raw: unknown): Promise<AdminCard> {
  const scope = await cardScope(db, actor, organisation);
  const fields = cardFields(readBody(raw, CARD_EDIT_FIELDS));
  const id = randomUUID();
  await writeTransaction(db, async (tx) => {
    await applyCard(tx, actor, scope, { entity: SNELWIJZER_ENTITY, id, baseVersion: 0, data: { ...fields, id, owner_organisation_id: scope, copied_from: null } }, 'Deze kaart');
    await appendAudit(tx, actor, { organisationId: scope, action: 'snelwijzer.create', target: id, after: summary(fields, 1) });
  });
  return (await readCards(db, scope, id))[0];
}

/** Changes a card of the scope; `baseVersion` is the version the editor read (409 when it changed since). */
export async function updateCard(db: Database, actor: Actor, organisation: unknown, id: unknown, raw: unknown): Promise<AdminCard> {
  const scope = await cardScope(db, actor, organisation);
  const cardId = await writeTransaction(db, async (tx) => {
    const stored = await ownCard(tx, scope, id); // the scope (404) before the body (400)
    const body = readBody(raw, [...CARD_EDIT_FIELDS, 'baseVersion']);
    const base = baseVersion(body);
    const fields = cardFields(body);
    const data = { ...stored.data, ...fields };
    await applyCard(tx, actor, scope, { entity: SNELWIJZER_ENTITY, id: stored.id, baseVersion: base, data }, 'Deze kaart');
    await appendAudit(tx, actor, { organisationId: scope, action: 'snelwijzer.update', target: stored.id, before: summary(stored.data, stored.version), after: summary(fields, base + 1) });
    return stored.id;
  });
  return (await readCards(db, scope, cardId))[0];
}

/** A copy of a national card in the organisation's own set, to adapt (checked today); the body (none or `{}`) is read after the scope. */
export async function copyNationalCard(db: Database, actor: Actor, organisation: unknown, id: unknown, today: string, raw?: unknown): Promise<AdminCard> {
  const scope = await organisationInScope(db, actor, organisation);
  const newId = randomUUID();
  await writeTransaction(db, async (tx) => {
    const national = await ownCard(tx, null, id).catch(() => { throw notFound('Deze landelijke kaart'); });
    readBody(raw, []);
    const copy = { ...copyCard(national.data as unknown as SnelwijzerCardFields, scope, newId), checked_on: today };
    await applyCard(tx, actor, scope, { entity: SNELWIJZER_ENTITY, id: newId, baseVersion: 0, data: copy }, 'Deze landelijke kaart');
    await appendAudit(tx, actor, { organisationId: scope, action: 'snelwijzer.copy', target: newId, before: { copiedFrom: national.id }, after: summary(copy, 1) });
  });
  return (await readCards(db, scope, newId))[0];
}

/** Removes a card of the scope (a kaart tombstone: tablets drop it at their next pull). */
export async function deleteCard(db: Database, actor: Actor, organisation: unknown, id: unknown, raw: unknown): Promise<{ id: string; deleted: true }> {
  const scope = await cardScope(db, actor, organisation);
  return writeTransaction(db, async (tx) => {
    const stored = await ownCard(tx, scope, id); // the scope (404) before the body (400)
    const base = baseVersion(readBody(raw, ['baseVersion']));
    await applyCard(tx, actor, scope, { entity: SNELWIJZER_ENTITY, id: stored.id, baseVersion: base, deleted: true }, 'Deze kaart');
    await appendAudit(tx, actor, { organisationId: scope, action: 'snelwijzer.delete', target: stored.id, before: summary(stored.data, stored.version) });
    return { id: stored.id, deleted: true as const };
  });
}
