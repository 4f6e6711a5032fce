import type { liveQuery } from 'dexie';
import type { IdoDb } from './db';

/** The database and Dexie's live queries, once their chunk is in. */
export interface LoadedDb {
  db: IdoDb;
  liveQuery: typeof liveQuery;
}

let loading: Promise<LoadedDb> | undefined;

/**
 * The database, loaded on demand: Dexie is not in the first load (issue 15). The first screen draws from its
 * own reads (first-screen.ts, IndexedDB itself), so the page asks for Dexie's chunk only as that first render's
 * live queries start, and what needs the database (a save, a kept draft) waits for it here. One load for the
 * page; a load that failed (a chunk that did not come) is asked for again by the next caller.
 */
export function loadDb(): Promise<LoadedDb> {
  loading ??= Promise.all([import('./db'), import('dexie')]).then(([{ db }, { liveQuery }]) => ({ db, liveQuery }), (error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
