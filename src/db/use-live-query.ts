import { useEffect, useRef, useState } from 'preact/hooks';
import { sameJson } from '../shared/same-json';
import type { IdoDb } from './db';
import { loadDbWhenWanted } from './load-db';

/**
 * The setter of one subscription: its first answer is left out when it holds the same data as what is shown
 * (`shown`, compared by `sameJson`), so the page is not drawn again for nothing; every later answer is a change,
 * and is set.
 */
export function firstAnswerUnlessSame<T>(set: (value: T) => void, shown: () => unknown): (value: T) => void {
  let first = true;
  return (value) => {
    const same = first && sameJson(value, shown());
    first = false;
    if (!same) set(value);
  };
}

/**
 * Dexie's liveQuery as a Preact hook: re-renders when the data it read changes. The query gets the database
 * (loaded on demand, load-db.ts: the first screen draws before Dexie is in; on a fresh tablet's koppelen screen
 * once staff want it, `holdDatabase`). A first render that starts from `initial` (the first screen's reads,
 * db/first-screen.ts) is not drawn again when the query's first answer is the same data: on an offline restart
 * that was two renders of the whole form for nothing (issue 15), each with a new array or object equal to the one
 * drawn.
 */
export function useLiveQuery<T>(query: (db: IdoDb) => Promise<T> | T, deps: unknown[]): T | undefined;
export function useLiveQuery<T, D>(query: (db: IdoDb) => Promise<T> | T, deps: unknown[], initial: D): T | D;
export function useLiveQuery<T, D>(query: (db: IdoDb) => Promise<T> | T, deps: unknown[], initial?: D): T | D | undefined {
  const [value, setValue] = useState<T | D | undefined>(initial);
  const shown = useRef(value);
  shown.current = value;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => subscribeOnceLoaded(query, firstAnswerUnlessSame<T>(setValue, () => shown.current)), deps);
  return value;
}

/** Subscribes `next` to the query's live answers once the database is in (load-db.ts); returns the unsubscribe. */
function subscribeOnceLoaded<T>(query: (db: IdoDb) => Promise<T> | T, next: (value: T) => void): () => void {
  let subscription: { unsubscribe(): void } | undefined;
  let ended = false;
  loadDbWhenWanted().then(({ db, liveQuery }) => {
    if (ended) return;
    subscription = liveQuery(() => query(db)).subscribe({ next, error: (error) => console.error('liveQuery', error) });
  }, (error: unknown) => console.error('liveQuery', error));
  return () => {
    ended = true;
    subscription?.unsubscribe();
  };
}

/** Numbers the reads of useShownLiveQuery, live or its own, in the order they were asked (the newer answer wins). */
let reads = 0;

/**
 * useLiveQuery for a page that shows the outcome of its own write in one render with what it says about it.
 * `showAfter(write, then)`: from the tap on, the query's answers are kept aside; once `write` is in, the page reads
 * the query itself, shows the newest of that read and the kept answers, and runs `then` (its notice) in the same
 * moment. The live query alone answered a moment after the write (a read of its own after the commit: 50 ms at 6×
 * slower CPU), so the page said "is verwijderd" above the old list and its old count. Reads are numbered when they
 * are asked: IndexedDB runs a transaction after every write made before it, so the higher number saw at least as much.
 */
export function useShownLiveQuery<T>(query: (db: IdoDb) => Promise<T>, deps: unknown[]): [T | undefined, <R>(write: () => Promise<R>, then: (result: R) => void) => Promise<void>] {
  const [value, setValue] = useState<T | undefined>(undefined);
  const state = useRef<{ order: number; held: number; kept?: { order: number; value: T } }>({ order: 0, held: 0 });
  const current = useRef(query);
  current.current = query;
  useEffect(() => {
    state.current = { order: 0, held: 0 };
    const numbered = (db: IdoDb) => {
      const order = ++reads;
      return query(db).then((answer) => ({ order, value: answer }));
    };
    return subscribeOnceLoaded(numbered, (answer) => {
      const s = state.current;
      if (answer.order <= s.order) return;
      if (s.held > 0) {
        if (!s.kept || answer.order > s.kept.order) s.kept = answer;
        return;
      }
      s.order = answer.order;
      setValue(answer.value);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const showAfter = async <R>(write: () => Promise<R>, then: (result: R) => void): Promise<void> => {
    const s = state.current;
    s.held++;
    let shown: { order: number; value: T } | undefined;
    try {
      const result = await write();
      const { db } = await loadDbWhenWanted();
      const order = ++reads;
      const own = { order, value: await current.current(db) };
      shown = s.kept && s.kept.order > own.order ? s.kept : own;
      s.kept = undefined;
      s.held--;
      if (shown.order > s.order) {
        s.order = shown.order;
        setValue(shown.value);
      }
      then(result);
    } finally {
      if (!shown) {
        // The write failed: what the query answered meanwhile is shown after all.
        s.held--;
        const kept = s.kept;
        s.kept = undefined;
        if (kept && kept.order > s.order) {
          s.order = kept.order;
          setValue(kept.value);
        }
      }
    }
  };
  return [value, showAfter];
}
