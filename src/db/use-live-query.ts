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
  useEffect(() => {
    let subscription: { unsubscribe(): void } | undefined;
    let ended = false;
    loadDbWhenWanted().then(({ db, liveQuery }) => {
      if (ended) return;
      subscription = liveQuery(() => query(db)).subscribe({
        next: firstAnswerUnlessSame<T>(setValue, () => shown.current),
        error: (error) => console.error('liveQuery', error),
      });
    }, (error: unknown) => console.error('liveQuery', error));
    return () => {
      ended = true;
      subscription?.unsubscribe();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
