import type { KaartEditResult } from './kaart/edits';
import { kaartOutboxId } from './kaart/outbox';
import { fieldsOf } from './kaart/tables';
import type { IdoDb } from './db';
import { copyCard, type SnelwijzerCard, type SnelwijzerCardFields, validateCard } from '../shared/snelwijzer/card';

/**
 * The Snelwijzer on the tablet: cards as the kaart pull brings them (national and the organisation's
 * own), and a coordinator's edits, written at once and queued in the kaart outbox as entity
 * `snelwijzer_card`, so they travel with the same push, conflict handling and status line as kaart edits.
 */

const byTitle = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
const sortCards = (cards: SnelwijzerCard[]) => cards.sort((a, b) => Number(a.owner_organisation_id === null) - Number(b.owner_organisation_id === null) || byTitle.compare(a.title, b.title));

/** A national card the organisation copied into its own set is shown as that copy only. */
function withoutCopiedOriginals(cards: SnelwijzerCard[]): SnelwijzerCard[] {
  const copied = new Set(cards.map((card) => card.copied_from).filter((id): id is string => id !== null));
  return cards.filter((card) => !copied.has(card.id));
}

/** Every card on the tablet: the organisation's own first, then the national ones, each by title. */
export async function allCards(db: IdoDb): Promise<SnelwijzerCard[]> {
  return sortCards(withoutCopiedOriginals(await db.snelwijzerCards.toArray()));
}

/** "Hulp bij dit onderwerp": the cards of any of these registration topics. */
export async function cardsForTopics(db: IdoDb, topics: readonly string[]): Promise<SnelwijzerCard[]> {
  if (topics.length === 0) return [];
  const all = await db.snelwijzerCards.toArray();
  const copied = new Set(all.map((card) => card.copied_from).filter((id): id is string => id !== null));
  const found = await db.snelwijzerCards.where('topics').anyOf([...topics]).distinct().toArray();
  return sortCards(found.filter((card) => !copied.has(card.id)));
}

/** One card, or undefined when it is not (or no longer) on the tablet. */
export function cardById(db: IdoDb, id: string): Promise<SnelwijzerCard | undefined> {
  return db.snelwijzerCards.get(id);
}

/**
 * Saves a coordinator's card (new or edited): validated as the server validates it, written locally
 * and queued. Edits of one card coalesce into one change that keeps the ORIGINAL baseVersion; a card in
 * conflict stays in conflict until someone chooses.
 */
export async function saveCard(db: IdoDb, card: SnelwijzerCardFields, now = new Date()): Promise<KaartEditResult> {
  const fields = fieldsOf(card) as SnelwijzerCardFields;
  const errors = validateCard(fields);
  if (errors.length > 0) return { ok: false, errors };
  await db.transaction('rw', db.snelwijzerCards, db.kaartOutbox, async () => {
    const key = kaartOutboxId('snelwijzer_card', fields.id);
    const [local, entry] = [await db.snelwijzerCards.get(fields.id), await db.kaartOutbox.get(key)];
    if (local && local.owner_organisation_id === null && !entry) throw new Error('Een landelijke kaart kan op de tablet niet worden gewijzigd.');
    const baseVersion = entry?.baseVersion ?? local?.version ?? 0;
    const conflict = entry?.state === 'conflict';
    await db.snelwijzerCards.put({ ...fields, version: local?.version ?? baseVersion, updatedAt: now.toISOString() });
    await db.kaartOutbox.put({
      id: key, entity: 'snelwijzer_card', recordId: fields.id, baseVersion, deleted: false, data: fields,
      ...(entry?.before ? { before: entry.before } : !entry && local ? { before: fieldsOf(local) as SnelwijzerCardFields } : {}),
      savedAt: now.toISOString(), state: conflict ? 'conflict' : 'pending',
      ...(conflict && entry.problem ? { problem: entry.problem } : {}),
      ...(entry?.current ? { current: entry.current } : {}),
      ...(entry?.serverVersion !== undefined ? { serverVersion: entry.serverVersion } : {}),
    });
  });
  return { ok: true };
}

/** Deletes an own card: at once here, and on the server with the next push (a card the server never had just goes). */
export async function deleteCard(db: IdoDb, id: string, now = new Date()): Promise<void> {
  await db.transaction('rw', db.snelwijzerCards, db.kaartOutbox, async () => {
    const key = kaartOutboxId('snelwijzer_card', id);
    const [local, entry] = [await db.snelwijzerCards.get(id), await db.kaartOutbox.get(key)];
    if (!local || local.owner_organisation_id === null) return;
    await db.snelwijzerCards.delete(id);
    const baseVersion = entry?.baseVersion ?? local.version;
    if (baseVersion === 0 && !entry?.current) return db.kaartOutbox.delete(key);
    await db.kaartOutbox.put({
      id: key, entity: 'snelwijzer_card', recordId: id, baseVersion, deleted: true, data: fieldsOf(local) as SnelwijzerCardFields,
      ...(entry?.before ? { before: entry.before } : { before: fieldsOf(local) as SnelwijzerCardFields }),
      savedAt: now.toISOString(), state: entry?.state === 'conflict' ? 'conflict' : 'pending',
    });
  });
}

/** Copies a national card into the organisation's own set (a new card, queued); returns the copy's id. */
export async function copyNationalCard(db: IdoDb, card: SnelwijzerCardFields, organisationId: string, now = new Date()): Promise<{ ok: true; id: string } | Extract<KaartEditResult, { ok: false }>> {
  const copy = copyCard(fieldsOf(card) as SnelwijzerCardFields, organisationId, crypto.randomUUID());
  const saved = await saveCard(db, { ...copy, checked_on: now.toISOString().slice(0, 10) }, now);
  return saved.ok ? { ok: true, id: copy.id } : saved;
}
