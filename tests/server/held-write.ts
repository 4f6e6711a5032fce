import { expect } from 'vitest';
import type { Database, Queryable } from '../../src/server/db/database';

/**
 * A race made certain (PostgreSQL only: PGlite has one connection). `write` runs in a transaction on `other` that
 * stays open; then `work` starts on the server's own connections and, once it waits on a lock that transaction holds
 * (its unique key, say: it read no row, for none was committed), the transaction commits. Returns `work`'s outcome.
 * Fails when `work` ended without waiting: then it did not meet the race.
 */
export async function whileWriteHeld<T>(other: Database, write: (tx: Queryable) => Promise<void>, work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let written!: () => void;
  const writtenYet = new Promise<void>((resolve) => { written = resolve; });
  const committed = other.transaction(async (tx) => { await write(tx); written(); await held; });
  await Promise.race([writtenYet, committed]);
  let settled = false;
  const outcome = work().finally(() => { settled = true; });
  outcome.catch(() => {}); // looked at below, after the commit
  for (let waiting = 0; waiting === 0 && !settled;) {
    [{ waiting }] = await other.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  }
  expect(settled, 'the work ended without waiting on the held write').toBe(false);
  release();
  await committed;
  return outcome;
}
