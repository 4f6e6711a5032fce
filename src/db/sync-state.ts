import type { Collection, Table } from 'dexie';
import type { SyncState } from './types';

// The questions by sync state, asked of the one index that holds it (Dexie version 6): `[syncState+savedAt]`.
// Imports no value, so a module of the first load may use it.

/** Which save times to read: from `from` (left out itself when `fromOpen`) up to `to`, both ISO times; open where absent. */
export interface SavedSpan {
  from?: string;
  fromOpen?: boolean;
  to?: string;
}

/** A record table's rows in one sync state, oldest saved first; with a span, only those saved in it. */
export function inSyncState<T, I>(table: Table<T, string, I>, state: SyncState, span: SavedSpan = {}): Collection<T, string, I> {
  // every savedAt (an ISO string) lies between the lowest key (a number) and the highest (an array)
  return table.where('[syncState+savedAt]').between([state, span.from ?? -Infinity], [state, span.to ?? [[]]], !span.fromOpen, true);
}

/** How many rows of a record table are in one of the states: one count over the index per state. */
export async function countInSyncState<T, I>(table: Table<T, string, I>, ...states: SyncState[]): Promise<number> {
  const counts = await Promise.all(states.map((state) => inSyncState(table, state).count()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** A record table's rows in one of the states, each state's oldest saved first, in the order of `states`. */
export async function rowsInSyncState<T, I>(table: Table<T, string, I>, ...states: SyncState[]): Promise<T[]> {
  return (await Promise.all(states.map((state) => inSyncState(table, state).toArray()))).flat();
}
