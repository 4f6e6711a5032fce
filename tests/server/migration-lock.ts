import type { Database } from '../../src/server/db/database';
import { MIGRATION_LOCK } from '../../src/server/db/migrate';

/**
 * Holds the migrations' advisory lock from `db`, as another instance migrating would, until `release()`: a server
 * started meanwhile waits in its migrations (its first signals arrive there). `waiting()` counts the sessions that wait
 * for the lock: 1 once that server's start is there.
 */
export async function holdMigrationLock(db: Database): Promise<{ release: () => Promise<void>; waiting: () => Promise<number> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockedYet = new Promise<void>((resolve) => (locked = resolve));
  const holding = db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    locked();
    await held;
  }).catch(() => {}); // its connection may end with the cluster
  await lockedYet;
  return {
    release: async () => {
      release();
      await holding;
    },
    waiting: async () => (await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted", [MIGRATION_LOCK],
    ))[0].n,
  };
}
