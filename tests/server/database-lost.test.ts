import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLostDatabaseConnection } from '../../src/server/db/lost-connection';
import { databaseEnv, startServer } from './cli';
import { createTestDatabase, type TestDatabase } from './test-server';

/** An error as postgres.js makes it: its own frames in the stack. */
function driverError(message: string, code: string, type: ErrorConstructor = Error): Error {
  const error = new type(message);
  error.stack = `${type.name}: ${message}\n    at Socket.closed (file:///srv/ido/node_modules/postgres/src/connection.js:453:57)`;
  return Object.assign(error, { code });
}

describe('a lost database connection', () => {
  it('is told apart from every other error nothing handled', () => {
    expect(isLostDatabaseConnection(driverError('write CONNECTION_CLOSED 127.0.0.1:5432', 'CONNECTION_CLOSED'))).toBe(true);
    expect(isLostDatabaseConnection(driverError('terminating connection due to administrator command', '57P01'))).toBe(true);
    // A socket error postgres.js rejected a query with: Node's frames only, but marked with the query.
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    reset.stack = 'Error: read ECONNRESET\n    at Pipe.onStreamRead (node:internal/stream_base_commons:218:20)';
    Object.defineProperty(reset, 'query', { value: 'SELECT 1', enumerable: false });
    expect(isLostDatabaseConnection(reset)).toBe(true);
    // The write postgres.js queued for a socket it closed before the timer ran.
    const write = new TypeError("Cannot read properties of null (reading 'write')");
    write.stack = `TypeError: ${write.message}\n    at Immediate.nextWrite (file:///srv/ido/node_modules/postgres/src/connection.js:255:22)`;
    expect(isLostDatabaseConnection(write)).toBe(true);

    // Not a lost connection: the same codes from elsewhere, the driver's other errors, our own bugs, non-errors.
    expect(isLostDatabaseConnection(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isLostDatabaseConnection(driverError('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isLostDatabaseConnection(driverError("Cannot read properties of undefined (reading 'id')", 'x', TypeError))).toBe(false);
    expect(isLostDatabaseConnection(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false);
    expect(isLostDatabaseConnection('CONNECTION_CLOSED')).toBe(false);
    expect(isLostDatabaseConnection(undefined)).toBe(false);
  });
});

// The suite's PostgreSQL only: PGlite has no connections to lose.
describe('the server when PostgreSQL ends its connections', () => {
  let database: TestDatabase;
  let dataDir = '';
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dataDir = await mkdtemp(path.join(tmpdir(), 'ido-lost-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps running, notes each loss in one line, and answers again once PostgreSQL does', async () => {
    child = startServer({ ...databaseEnv({ url: database.url, dataDir }), PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent' });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', () => /draait op http/.test(output) && resolve());
      child!.once('exit', (code) => reject(new Error(`main.js stopped (${code}): ${output}`)));
    });
    const address = /IDO Onderweg draait op (http:\/\/\S+)/.exec(output)![1];

    // For three seconds, PostgreSQL ends every connection of the server as often as it can (as a restart or a
    // failover does, once), while eight clients ask whether the database is there. Before, postgres.js's unhandled
    // rejection of a new connection's type fetch ended the server within a second.
    const killer = postgres(database.url!, { max: 1, onnotice: () => {} });
    const until = Date.now() + 3_000;
    const asking = Array.from({ length: 8 }, async () => {
      while (Date.now() < until && exited === undefined) {
        await fetch(`${address}/api/v1/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text()).catch(() => {});
      }
    });
    const ending = (async () => {
      while (Date.now() < until && exited === undefined) {
        await killer`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await Promise.all([...asking, ending]);
    await killer.end({ timeout: 5 });

    expect(exited, output).toBeUndefined();
    let healthy = false;
    const deadline = Date.now() + 30_000;
    while (!healthy && Date.now() < deadline) {
      const response = await fetch(`${address}/api/v1/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      healthy = response?.status === 200;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(healthy).toBe(true);
    // A loss nothing handled is one line with its code: nothing of the connection or its queries.
    for (const line of output.split('\n').filter((text) => text.includes('viel weg'))) {
      expect(line).toMatch(/^Een verbinding met de database viel weg \([A-Za-z0-9_]+\); de volgende vraag maakt een nieuwe\.$/);
    }
    expect(exited).toBeUndefined();
  }, 90_000);
});
