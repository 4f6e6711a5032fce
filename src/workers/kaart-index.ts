// The sociale-kaart search index: MiniSearch with Dutch text handling, synonyms and filters.
// Pure and DOM-free, so it runs in the worker and in unit tests alike.
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import { label } from '../shared/codelists';
import { indexTerms, queryTerm, tokenizeDutch } from './dutch-text';
import { compileFilters, factsOf, hasFilter, type FilterFacts } from './kaart-filters';
import { parseKaartQuery } from './kaart-query';
import type { SearchDocument, SearchFilters, SearchHit } from './kaart-search-types';

/** A service's name counts most, then what it is about, then who runs it, then the description. */
export const FIELD_BOOSTS = {
  name: 4,
  alternateName: 3,
  topicLabels: 2,
  themeNames: 2,
  organizationName: 1.5,
  keywords: 1.5,
  description: 1,
} as const;

/** A hit on a synonym counts this much of a hit on a word the user typed. */
export const SYNONYM_WEIGHT = 0.3;

type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/** Words as typed: prefix search, and one typo forgiven in words of four letters or more. */
const TYPED_OPTIONS: SearchOptions = {
  prefix: true,
  fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
  maxFuzzy: 2,
  combineWith: 'OR',
};

/** Synonyms are known words: prefix search, no typos. */
const SYNONYM_OPTIONS: SearchOptions = { prefix: true, fuzzy: false, combineWith: 'OR' };

const byName = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

function extractField(doc: SearchDocument, field: string): string | undefined {
  switch (field) {
    case 'topicLabels':
      return (doc.idoTopics ?? []).map((code) => label('topic', code)).join(' ');
    case 'themeNames':
      return (doc.themeNames ?? []).join(' ');
    case 'keywords':
      return (doc.keywords ?? []).join(' ');
    default:
      return (doc as unknown as Record<string, string | undefined>)[field];
  }
}

function createMiniSearch(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'id',
    fields: FIELDS,
    storeFields: [],
    extractField,
    tokenize: tokenizeDutch,
    processTerm: indexTerms,
    searchOptions: { tokenize: tokenizeDutch, processTerm: queryTerm, boost: FIELD_BOOSTS },
    // Edits discard the old version; the index cleans up in small batches once enough piled up.
    autoVacuum: { minDirtCount: 20, minDirtFactor: 0.1, batchSize: 1000, batchWait: 10 },
  });
}

/** The last version of each id, in input order of first appearance. */
function lastPerId(docs: readonly SearchDocument[]): SearchDocument[] {
  const byId = new Map<string, SearchDocument>();
  for (const doc of docs) byId.set(doc.id, doc);
  return [...byId.values()];
}

/** An in-memory full-text index of sociale-kaart services with filters for theme, place and more. */
export class KaartIndex {
  #search = createMiniSearch();
  readonly #facts = new Map<string, FilterFacts>();

  /** Replaces the whole index with these documents; returns how many it holds. */
  build(docs: readonly SearchDocument[]): number {
    const unique = lastPerId(docs);
    this.#search = createMiniSearch();
    this.#facts.clear();
    this.#search.addAll(unique);
    for (const doc of unique) this.#facts.set(doc.id, factsOf(doc));
    return this.size;
  }

  /** Adds new documents and replaces changed ones, without rebuilding; returns the index size. */
  upsert(docs: readonly SearchDocument[]): number {
    for (const doc of lastPerId(docs)) {
      if (this.#search.has(doc.id)) this.#search.discard(doc.id);
      this.#search.add(doc);
      this.#facts.set(doc.id, factsOf(doc));
    }
    return this.size;
  }

  /** Drops documents by id (unknown ids are ignored); returns how many were dropped. */
  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of new Set(ids)) {
      if (!this.#search.has(id)) continue;
      this.#search.discard(id);
      this.#facts.delete(id);
      removed++;
    }
    return removed;
  }

  /** How many documents the index holds. */
  get size(): number {
    return this.#facts.size;
  }

  /**
   * Ranked hits for a query and filters. An empty query with no filter finds nothing; an empty
   * query with a filter (a theme, say) browses: every document that passes, sorted by name.
   */
  search(query: string, filters: SearchFilters = {}): SearchHit[] {
    const parsed = parseKaartQuery(typeof query === 'string' ? query : '');
    const browsing = parsed.terms.length === 0;
    if (browsing && !hasFilter(filters)) return [];
    const passes = compileFilters(filters);

    const hits: SearchHit[] = [];
    const candidates = browsing ? this.#browse() : this.#find(parsed.terms, parsed.synonyms);
    for (const candidate of candidates) {
      const facts = this.#facts.get(candidate.id);
      const passed = facts && passes(candidate.id, facts);
      if (!passed) continue;
      hits.push(passed.distanceKm === undefined ? candidate : { ...candidate, distanceKm: passed.distanceKm });
    }

    const natural = browsing ? 'name' : 'relevance';
    const sort = filters.sort === 'distance' && !filters.near ? natural : (filters.sort ?? natural);
    hits.sort(this.#comparator(sort));
    const limit = filters.limit;
    return limit !== undefined && Number.isFinite(limit) ? hits.slice(0, Math.max(0, Math.floor(limit))) : hits;
  }

  *#browse(): Iterable<SearchHit> {
    for (const id of this.#facts.keys()) yield { id, score: 0, terms: [] };
  }

  /** Typed words and synonyms are searched apart, so a synonym hit counts less than a typed one. */
  #find(terms: string[], synonyms: string[]): SearchHit[] {
    const hits = new Map<string, SearchHit>();
    const add = (results: SearchResult[], weight: number): void => {
      for (const result of results) {
        // MiniSearch multiplies by the number of query words matched; for synonyms count one.
        const score = weight === 1 ? result.score : (weight * result.score) / Math.max(1, result.queryTerms.length);
        const hit = hits.get(result.id as string);
        if (hit) {
          hit.score += score;
          hit.terms = [...new Set([...hit.terms, ...result.terms])];
        } else {
          hits.set(result.id as string, { id: result.id as string, score, terms: result.terms });
        }
      }
    };
    add(this.#search.search(terms.join(' '), TYPED_OPTIONS), 1);
    if (synonyms.length > 0) add(this.#search.search(synonyms.join(' '), SYNONYM_OPTIONS), SYNONYM_WEIGHT);
    return [...hits.values()];
  }

  #comparator(sort: 'relevance' | 'name' | 'distance'): (a: SearchHit, b: SearchHit) => number {
    const name = (hit: SearchHit): string => this.#facts.get(hit.id)?.name ?? '';
    const byNameThenId = (a: SearchHit, b: SearchHit): number =>
      byName.compare(name(a), name(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    if (sort === 'name') return byNameThenId;
    if (sort === 'distance') {
      const distance = (hit: SearchHit): number => hit.distanceKm ?? Number.POSITIVE_INFINITY;
      return (a, b) => distance(a) - distance(b) || b.score - a.score || byNameThenId(a, b);
    }
    return (a, b) => b.score - a.score || byNameThenId(a, b);
  }
}
