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
  wantDatabase();
  loading ??= Promise.all([import('./db'), import('dexie')]).then(([{ db }, { liveQuery }]) => ({ db, liveQuery }), (error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

let held: { wanted: Promise<void>; release: () => void } | undefined;

/**
 * A fresh tablet (no database yet) on its koppelen screen: the database is made only once staff want it (issue 15).
 * Until then the live queries wait (`loadDbWhenWanted`): nothing is stored, so they have nothing to show. Making the
 * database (twenty tables in one upgrade), the example organisation, the live queries and the sync engine were
 * most of a first visit's blocking time on the main thread. Wanted: any `loadDb` (a code sent, "Nu niet"),
 * `wantDatabase` (a page other than the koppelen screen, app/App.tsx), or the page shown again after it was hidden
 * (another tab may have made the database meanwhile, and linked the tablet). No hold once the database is loading.
 */
export function holdDatabase(): void {
  if (loading || held) return;
  let resolve!: () => void;
  const wanted = new Promise<void>((r) => (resolve = r));
  const shown = () => {
    if (document.visibilityState === 'visible') wantDatabase();
  };
  globalThis.document?.addEventListener('visibilitychange', shown);
  held = {
    wanted,
    release: () => {
      held = undefined;
      globalThis.document?.removeEventListener('visibilitychange', shown);
      resolve();
    },
  };
}

/** Ends `holdDatabase`'s wait, if any: something needs the database now. */
export function wantDatabase(): void {
  held?.release();
}

/** Resolves once the database is wanted, while `holdDatabase` holds it; undefined when it is not held. */
export function whenDatabaseWanted(): Promise<void> | undefined {
  return held?.wanted;
}

/** The database for a live query: at once, or once it is wanted while `holdDatabase` holds it. */
export function loadDbWhenWanted(): Promise<LoadedDb> {
  const wanted = whenDatabaseWanted();
  return wanted ? wanted.then(loadDb) : loadDb();
}
