import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Database, preparedSql, type Queryable } from './database';

// Beside the compiled server (build/server/migrations) or, from the sources, src/server/migrations.
const BUNDLED_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATIONS_DIR = existsSync(BUNDLED_DIR) ? BUNDLED_DIR : fileURLToPath(new URL('../migrations/', import.meta.url));
// Any fixed number: every server process takes this lock before it looks at the schema.
export const MIGRATION_LOCK = 4_242_001;

const MIGRATION_FILE = /^\d{3}_[a-z0-9_]+\.sql$/;
let newestOwn: string | undefined;
/** The newest migration of this version's own files: what the batches and GET /health check the database against. */
function newestKnown(): string {
  return (newestOwn ??= readdirSync(MIGRATIONS_DIR).filter((name) => MIGRATION_FILE.test(name)).sort().at(-1) ?? '');
}

/**
 * A database that a newer version of the server has migrated: this version does not know what those migrations made
 * the batches owe (a new report dimension, say), and would count short without a word.
 */
export class DatabaseAheadError extends Error {
  constructor(readonly unknown: readonly string[]) {
    super(`De database is bijgewerkt door een nieuwere versie van IDO Onderweg (${unknown.join(', ')}). Start die nieuwere versie; deze versie zou de cijfers onvolledig bijhouden.`);
    this.name = 'DatabaseAheadError';
  }
}

/**
 * Applies the numbered SQL files in src/server/migrations that this database has not seen yet; returns their names.
 * Refuses a database that holds migrations this version does not have (DatabaseAheadError).
 */
export async function migrate(db: Database, directory = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(directory)).filter((name) => MIGRATION_FILE.test(name)).sort();
  const scripts = await Promise.all(files.map(async (name) => ({ name, sql: await readFile(`${directory}/${name}`, 'utf8') })));
  const known = new Set(files);
  return db.transaction(async (tx) => {
    // Two processes starting at once: the second waits here and then finds the work done. It also waits for every
    // batch in flight (each holds this lock shared: schemaCurrent), and batches after it wait for the migration.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = (await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((row) => row.version);
    const ahead = applied.filter((version) => !known.has(version)).sort();
    if (ahead.length > 0) throw new DatabaseAheadError(ahead);
    const pending = scripts.filter((script) => !applied.includes(script.name));
    for (const script of pending) {
      await tx.exec(script.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [script.name]);
    }
    return pending.map((script) => script.name);
  });
}

/*
 * A rolling upgrade: the new version's first process migrates while processes of this one still answer. A write that
 * a migration may change the meaning of (a batch, a fold of the rollups) holds the migrations' lock shared until it
 * commits, so a migration waits for it and it waits for a migration; then, in a LATER statement (under READ COMMITTED
 * each statement sees what was committed when it began, so not in the statement that waited), it reads the newest
 * migration. A database a newer version has migrated takes no such write from this process.
 */
/** SQL for the newest migration the database holds, as a scalar subquery. */
export const NEWEST_MIGRATION = 'SELECT max(version) FROM schema_migrations';

/** Whether `newest` (NEWEST_MIGRATION's answer) is a migration of a newer version than this one. */
export function isNewerSchema(newest: string | null | undefined): boolean {
  return newest != null && newest > newestKnown();
}

/**
 * Takes the migrations' lock shared: the first statement of such a transaction, while it holds no other lock (a
 * migration that alters a table the transaction has touched would wait for it while it waits for the migration).
 */
export const LOCK_SCHEMA_SHARED = preparedSql(`SELECT pg_advisory_xact_lock_shared(${MIGRATION_LOCK})`);
const READ_NEWEST_MIGRATION = preparedSql(`SELECT (${NEWEST_MIGRATION}) AS newest`);

/** Whether a newer version than this one has migrated the database (GET /health says so). */
export async function isDatabaseAhead(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ newest: string | null }>(READ_NEWEST_MIGRATION);
  return isNewerSchema(row?.newest);
}

/**
 * Takes the lock and then reads the newest migration: sent together (postgres.js pipelines them, one round trip), and
 * the read, a statement of its own, begins only once the lock is held. Answers the newest migration when a newer
 * version than this one made it, else undefined.
 */
async function schemaAhead(tx: Queryable): Promise<string | undefined> {
  const [, [row]] = await Promise.all([tx.query(LOCK_SCHEMA_SHARED), tx.query<{ newest: string | null }>(READ_NEWEST_MIGRATION)]);
  return isNewerSchema(row?.newest) ? (row?.newest ?? undefined) : undefined;
}

/** Whether no newer version has migrated the database, holding the lock shared from here on (the rollups' fold). */
export async function schemaCurrent(tx: Queryable): Promise<boolean> {
  return (await schemaAhead(tx)) === undefined;
}

/**
 * Runs `work` in a transaction that a newer version's migration cannot overtake: every write a user makes (Beheer,
 * kaart edits and imports, enrolling a tablet, the jaarverslag's text) goes through here, so that an older process
 * behind the same load balancer writes nothing into tables whose meaning a newer version has changed. Throws
 * DatabaseAheadError (the error handler answers 503 server_outdated) and leaves `work` unrun. A batch (ingest.ts) and the
 * rollups' fold take the same guard in their own way; the bookkeeping of a request (rate-limit counters, a device's
 * last contact, a token's last use) does not.
 */
export function writeTransaction<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const ahead = await schemaAhead(tx);
    if (ahead !== undefined) throw new DatabaseAheadError([ahead]);
    return work(tx);
  });
}
