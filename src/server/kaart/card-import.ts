import { readFile } from 'node:fs/promises';
import type { KaartScope } from '../../shared/kaart';
import type { Database } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { applyKaartChanges } from './apply';
import { KaartFileError, type KaartImportSummary } from './file-import';
import { storedVersions } from './store';
import { isRecord } from '../../shared/json';

/**
 * `npm run admin -- import-cards BESTAND --national | --organisation ID`: the national team (or an
 * organisation) writes Snelwijzer cards from a JSON file (an array of cards, or `{"cards": [...]}`),
 * through the same apply as the tablets. A card without `owner_organisation_id` takes the chosen scope;
 * a stored card is updated on top of its stored version. All cards are written, or none.
 */
export async function importCardsFile(db: Database, file: string, scope: KaartScope, report: (line: string) => void): Promise<KaartImportSummary> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new KaartFileError(`Kan het bestand ${file} niet lezen.`);
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KaartFileError('Het bestand is geen geldige JSON. Verwacht: een lijst kaarten, of {"cards": [...]}.');
  }
  const cards = Array.isArray(parsed) ? parsed : (parsed as { cards?: unknown } | null)?.cards;
  if (!Array.isArray(cards)) throw new KaartFileError('Verwacht: een lijst kaarten, of {"cards": [...]}.');
  const records = cards.map((card) => (isRecord(card) ? { owner_organisation_id: scope, ...card } : card)) as Array<Record<string, unknown>>;
  return importCards(db, records, scope, report);
}

/** Writes cards in one transaction; refused cards are reported and nothing is written. */
export async function importCards(db: Database, cards: readonly Record<string, unknown>[], scope: KaartScope, report: (line: string) => void): Promise<KaartImportSummary> {
  return writeTransaction(db, async (tx) => {
    const ids = cards.map((card) => (typeof card?.id === 'string' ? card.id.toLowerCase() : ''));
    const versions = await storedVersions(tx, ids.map((id) => ({ entity: 'snelwijzer_card', id })));
    const changes = cards.map((card, i) => ({ entity: 'snelwijzer_card', id: ids[i], baseVersion: versions.get(`snelwijzer_card:${ids[i]}`) ?? 0, deleted: false, data: card }));
    const results = await applyKaartChanges(tx, { scope, editsKaart: true, updatedBy: 'admin' }, changes);
    const refused = results.filter((r) => r.result.status !== 'applied');
    for (const { result } of refused) report(`kaart ${result.id || '(zonder id)'}: ${result.field ? `${result.field}: ` : ''}${result.message ?? 'conflict'}`);
    if (refused.length > 0) throw new KaartFileError(`Niets ingelezen: ${refused.length} ${refused.length === 1 ? 'kaart' : 'kaarten'} geweigerd. Verbeter het bestand en probeer het opnieuw.`);
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: 0 };
  });
}
