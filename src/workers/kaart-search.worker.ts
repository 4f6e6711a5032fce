// The sociale-kaart search in its own thread, so indexing and typing never block the page.
// The page loads it through kaart-search-client.ts and imports nothing from here but the type.
import { expose } from 'comlink';
import { KaartIndex } from './kaart-index';
import type { SearchDocument, SearchFilters, SearchHit } from './kaart-search-types';

const index = new KaartIndex();

const api = {
  /** Replaces the index with these services; resolves to the index size. */
  build(docs: SearchDocument[]): number {
    return index.build(docs);
  },
  /** Adds or replaces services without a rebuild; resolves to the index size. */
  upsert(docs: SearchDocument[]): number {
    return index.upsert(docs);
  },
  /** Drops services by id; resolves to how many were dropped. */
  remove(ids: string[]): number {
    return index.remove(ids);
  },
  /** Ranked hits; an empty query with a filter browses by name. */
  search(query: string, filters: SearchFilters = {}): SearchHit[] {
    return index.search(query, filters);
  },
  /** How many services the index holds. */
  size(): number {
    return index.size;
  },
};

export type KaartSearch = typeof api;

expose(api);
