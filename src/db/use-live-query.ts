import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sameJson } from '../shared/same-json';

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
 * Dexie's liveQuery as a Preact hook: re-renders when the data it read changes. A first render that starts
 * from `initial` (the first screen's reads, db/first-screen.ts) is not drawn again when the query's first
 * answer is the same data: on an offline restart that was two renders of the whole form for nothing
 * (issue 15), each with a new array or object equal to the one drawn.
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[]): T | undefined;
export function useLiveQuery<T, D>(query: () => Promise<T> | T, deps: unknown[], initial: D): T | D;
export function useLiveQuery<T, D>(query: () => Promise<T> | T, deps: unknown[], initial?: D): T | D | undefined {
  const [value, setValue] = useState<T | D | undefined>(initial);
  const shown = useRef(value);
  shown.current = value;
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: firstAnswerUnlessSame<T>(setValue, () => shown.current),
      error: (error) => console.error('liveQuery', error),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
