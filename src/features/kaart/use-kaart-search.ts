import { useEffect, useState } from 'preact/hooks';
import { allServiceViews, type ServiceView } from '../../db/kaart/joins';
import { allCards } from '../../db/snelwijzer';
import type { SnelwijzerCard } from '../../shared/snelwijzer/card';
import { useLiveQuery } from '../../db/use-live-query';
import { getKaartSearch } from '../../workers/kaart-search-client';
import { cardSearchDocument, searchDocumentFor } from './search-documents';
import type { SearchFilters, SearchHit } from '../../workers/kaart-search-types';

// What the worker holds, by id, as the JSON it was given: the diff says what to upsert or remove.
const indexed = new Map<string, string>();
let indexing: Promise<void> = Promise.resolve();

/** Brings the worker's index in line with the tablet's services and Snelwijzer cards: only changed entries travel. */
function syncIndex(views: ServiceView[], cards: SnelwijzerCard[]): Promise<void> {
  indexing = indexing.then(async () => {
    const search = getKaartSearch();
    const documents = [...views.map(searchDocumentFor), ...cards.map(cardSearchDocument)];
    const changed = documents.filter((d) => indexed.get(d.id) !== JSON.stringify(d));
    const present = new Set(documents.map((d) => d.id));
    const gone = [...indexed.keys()].filter((id) => !present.has(id));
    if (indexed.size === 0) await search.build(documents);
    else if (changed.length) await search.upsert(changed);
    if (gone.length) await search.remove(gone);
    for (const d of changed) indexed.set(d.id, JSON.stringify(d));
    for (const id of gone) indexed.delete(id);
  });
  return indexing;
}

/** The services and cards on this tablet, kept in the worker's index as they change (loaded on first use). */
export function useServiceViews() {
  const views = useLiveQuery((db) => allServiceViews(db), []);
  const cards = useLiveQuery((db) => allCards(db), []);
  const [indexedViews, setIndexedViews] = useState<ServiceView[] | undefined>(undefined);
  useEffect(() => {
    // A new array each time: a changed card alone searches again too.
    if (views && cards) void syncIndex(views, cards).then(() => setIndexedViews([...views]));
  }, [views, cards]);
  const byId = new Map(views?.map((v) => [v.service.id, v]) ?? []);
  const cardsById = new Map(cards?.map((card) => [cardSearchDocument(card).id, card]) ?? []);
  return { views, byId, cardsById, indexedViews };
}

/**
 * Hits for a query and filters, once the index holds `indexedViews`: the last answer (kept while the worker searches
 * the next question), and `answered`, whether that answer is this question's.
 */
export function useSearchHits(query: string, filters: SearchFilters, indexedViews: ServiceView[] | undefined, browsing = false): { hits: SearchHit[] | undefined; answered: boolean } {
  const [answer, setAnswer] = useState<{ key: string; hits: SearchHit[] } | undefined>(undefined);
  const key = JSON.stringify({ query, filters: { ...filters, onlyIds: filters.onlyIds ? [...filters.onlyIds] : undefined } });
  useEffect(() => {
    // Nothing asked (the page says "Typ wat u zoekt"): no search, and no answer kept. The empty search's answer was
    // kept and shown as "0 resultaten" for a theme chosen next, until the worker answered it (a flaky e2e saw it).
    if (browsing) return setAnswer(undefined);
    if (!indexedViews) return;
    let current = true;
    void indexing.then(() => getKaartSearch().search(query, filters)).then((hits) => current && setAnswer({ key, hits }));
    return () => { current = false; };
  }, [indexedViews, key, browsing]);
  return { hits: answer?.hits, answered: !browsing && answer?.key === key };
}
