import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { databaseEnv } from './cli';
import { createTestDatabase, type DatabaseKind, seedTestOrganisations, type TestDatabase } from './test-server';

/** The database an admin command of a `describe.each(DATABASE_KINDS)` block runs on, and this process's way into it. */
export interface CliDatabase {
  /** the admin command's environment (set in beforeAll) */
  env: NodeJS.ProcessEnv;
  /** runs `work` on the same database in this process (PGlite allows one process at a time: opened for `work` only) */
  withDb<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

/**
 * Registers beforeAll/afterAll for a database the admin command can open: PGlite in a temporary DATA_DIR, or a
 * PostgreSQL test database; migrated, with the test organisations (seedTestOrganisations); removed afterwards.
 */
export function cliDatabase(kind: DatabaseKind, prefix: string): CliDatabase {
  let directory = '';
  let postgres: TestDatabase | undefined;
  const cli: CliDatabase = {
    env: {},
    async withDb(work) {
      if (postgres) return work(postgres.db);
      const db = await openPglite(cli.env.DATA_DIR);
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    },
  };
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), prefix));
    if (kind === 'pglite') {
      cli.env = databaseEnv({ dataDir: path.join(directory, 'data') });
      await cli.withDb(async (db) => {
        await migrate(db);
        await seedTestOrganisations(db);
      });
    } else {
      postgres = await createTestDatabase('postgres');
      cli.env = databaseEnv({ url: postgres.url });
      await seedTestOrganisations(postgres.db);
    }
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  });
  return cli;
}
