import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { BatchRequest, BatchResponse, EnrollResponse } from '../../src/shared/api';
import { buildServer, type ServerOptions } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import type { RateLimit, RateLimits } from '../../src/server/rate-limits/request-limits';
import { batch, LOCATIONS, ORGANISATION, OTHER_LOCATION, OTHER_ORGANISATION } from './fixtures';

export const DATABASE_KINDS = ['pglite', 'postgres'] as const;

/** A database for a server whose test never reaches it (headers, app files, errors before any query). */
export const NO_DATABASE = { kind: 'pglite' as const, query: async () => [], exec: async () => {}, transaction: async () => { throw new Error('unused'); }, close: async () => {} };
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** A fresh, migrated database of one kind, and how to throw it away. */
export interface TestDatabase {
  db: Database;
  /** a URL other processes can use (PostgreSQL only) */
  url?: string;
  /** opens one more connection pool on the same database, as a second server process would (PostgreSQL only) */
  openAnother?: () => Database;
  drop: () => Promise<void>;
}

/** Makes a new database: PGlite in memory, or a new database with a random name on the suite's PostgreSQL. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const serverUrl = new URL(inject('databaseUrl'));
  const name = `ido_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const extra: Database[] = [];
  const db = openPostgres(url.toString());
  await migrate(db);
  return {
    db,
    url: url.toString(),
    openAnother: () => {
      const another = openPostgres(url.toString());
      extra.push(another);
      return another;
    },
    drop: async () => {
      await Promise.all([db, ...extra].map((d) => d.close().catch(() => {})));
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** An empty database of one kind with only the migrations in `directory` applied. */
export async function databaseWithMigrations(kind: DatabaseKind, directory: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite();
    await migrate(db, directory);
    return { db, drop: () => db.close() };
  }
  const serverUrl = inject('databaseUrl');
  const name = `ido_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  await migrate(db, directory);
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const MIGRATIONS = fileURLToPath(new URL('../../src/server/migrations/', import.meta.url));

/**
 * For a migration's own test: a database of `kind` with every migration before `migration` applied (before all the
 * tests of the block), dropped after them. `apply()` applies `migration` and answers what ran; `applyRest()` then
 * applies the ones after it.
 */
export function useDatabaseBefore(kind: DatabaseKind, migration: string) {
  let directory = '';
  let database: { db: Database; drop: () => Promise<void> } | undefined;
  const copy = async (take: (name: string) => boolean) => {
    for (const name of await readdir(MIGRATIONS)) if (take(name)) await copyFile(path.join(MIGRATIONS, name), path.join(directory, name));
  };
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-migrations-'));
    await copy((name) => name < migration);
    database = await databaseWithMigrations(kind, directory);
  });
  afterAll(async () => {
    await database?.drop();
    await rm(directory, { recursive: true, force: true });
  });
  return {
    get db(): Database {
      return database!.db;
    },
    apply: async () => {
      await copy((name) => name === migration);
      return migrate(database!.db, directory);
    },
    applyRest: async () => {
      await copy((name) => name > migration);
      return migrate(database!.db, directory);
    },
  };
}

/** Adds the test organisations and locations of fixtures.ts. */
export async function seedTestOrganisations(db: Database): Promise<void> {
  await createOrganisation(db, ORGANISATION);
  await createOrganisation(db, OTHER_ORGANISATION);
  for (const location of [...LOCATIONS, OTHER_LOCATION]) await createLocation(db, location);
}

/** A server on a fresh seeded database of one kind, for one describe block (created once: PGlite takes seconds). */
export interface TestServer {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly database: TestDatabase;
}

const NO_LIMIT: RateLimit = { windowSeconds: 60, perToken: 1_000_000_000, perAddress: 1_000_000_000 };
/** Limits no test reaches: every test file sends from 127.0.0.1, so only rate-limit tests pass real ones. */
export const UNREACHED_RATE_LIMITS: RateLimits = { batches: NO_LIMIT, kaart: NO_LIMIT, reports: NO_LIMIT, export: NO_LIMIT, admin: NO_LIMIT };

/** Registers beforeAll/afterAll that build a server on a fresh database; read the fields inside tests. */
export function useTestServer(kind: DatabaseKind, options: Pick<ServerOptions, 'rateLimits' | 'trustProxy' | 'foldDelayMs' | 'reportTimeoutMs' | 'metricsToken'> = {}): TestServer {
  const context = {} as { app: FastifyInstance; db: Database; database: TestDatabase };
  beforeAll(async () => {
    context.database = await createTestDatabase(kind);
    context.db = context.database.db;
    await seedTestOrganisations(context.db);
    context.app = await buildServer({ db: context.db, version: 'test', rateLimits: UNREACHED_RATE_LIMITS, ...options });
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.drop();
  });
  return context;
}

/** Enrolls a new tablet of the test organisation through the API. */
export async function enrollTablet(server: TestServer, organisationId = ORGANISATION.id): Promise<EnrollResponse> {
  const code = await createEnrollmentCode(server.db, organisationId);
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Tablet test' } });
  if (response.statusCode !== 201) throw new Error(`enroll failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** POSTs a batch the way the app does; `headers` override or (with undefined) drop the defaults. */
export function postBatch(server: TestServer, token: string, body: BatchRequest | string, headers: Record<string, string | undefined> = {}, extra: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> {
  const batchId = typeof body === 'string' ? 'none' : body.batchId;
  const merged: Record<string, string | undefined> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': batchId, ...headers };
  const defined = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as Record<string, string>;
  return server.app.inject({ method: 'POST', url: '/api/v1/batches', headers: defined, payload: typeof body === 'string' ? body : JSON.stringify(body), ...extra });
}

/** POSTs JSON (or a raw string) to `url` with a bearer token; `headers` add to or override the JSON content type. */
export function postJson(server: TestServer, url: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'POST', url, payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
  });
}

/** Stores registrations as this tablet's batch and expects every one accepted. */
export async function storeAccepted(server: TestServer, tablet: EnrollResponse, records: unknown[]): Promise<void> {
  const response = await postBatch(server, tablet.token, batch(tablet.deviceId, records));
  expect(response.statusCode, response.body).toBe(200);
  for (const result of (response.json() as BatchResponse).results) expect(result.status).toBe('accepted');
}

/** An API error answer: this status, `{error, message}` with this code, and (when given) a message like this. */
export function expectApiError(response: LightMyRequestResponse, status: number, error: string, message?: RegExp): void {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json() as { error: string; message: string };
  expect(body).toEqual({ error, message: expect.any(String) });
  if (message) expect(body.message).toMatch(message);
}

/** Counts rows of a table (optionally with a WHERE clause on $1). */
export async function countRows(db: Database, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return row.n;
}
