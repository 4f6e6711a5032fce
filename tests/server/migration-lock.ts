import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'vitest';
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

/**
 * The operator's two SIGTERMs to `child`, a server waiting in its migrations for `lock` (called right after it was
 * spawned): the first one waits for the step, the second stops at once. It must say that it stopped at request, not
 * that it could not start, and exit 1 (the fast stop's code). Returns what it printed.
 */
export async function stopTwiceWhileMigrating(child: ChildProcess, lock: { waiting: () => Promise<number> }): Promise<string> {
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  await expect.poll(lock.waiting, { timeout: 60_000, interval: 50 }).toBe(1);
  child.kill('SIGTERM');
  await expect.poll(() => output, { timeout: 10_000, interval: 20 }).toContain('SIGTERM tijdens het starten: de server stopt.');
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  expect({ code, signal }, output).toEqual({ code: 1, signal: null });
  expect(output).toContain('SIGTERM opnieuw: de server stopt nu');
  // Before, the migration cut short by the fast stop ended the start as a failure: "De server kon niet starten: …".
  expect(output).not.toContain('kon niet starten');
  expect(output.trim().split('\n').at(-1)).toBe('De server is op verzoek gestopt tijdens het starten.');
  expect(output).not.toContain('draait op');
  return output;
}
