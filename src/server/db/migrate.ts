import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

// Beside the compiled server (build/server/migrations) or, from the sources, src/server/migrations.
const BUNDLED_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATIONS_DIR = existsSync(BUNDLED_DIR) ? BUNDLED_DIR : fileURLToPath(new URL('../migrations/', import.meta.url));
// Any fixed number: every server process takes this lock before it looks at the schema.
export const MIGRATION_LOCK = 4_242_001;

/** Applies the numbered SQL files in src/server/migrations that this database has not seen yet; returns their names. */
export async function migrate(db: Database, directory = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(directory)).filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name)).sort();
  const scripts = await Promise.all(files.map(async (name) => ({ name, sql: await readFile(`${directory}/${name}`, 'utf8') })));
  return db.transaction(async (tx) => {
    // Two processes starting at once: the second waits here and then finds the work done.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((row) => row.version));
    const pending = scripts.filter((script) => !applied.has(script.name));
    for (const script of pending) {
      await tx.exec(script.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [script.name]);
    }
    return pending.map((script) => script.name);
  });
}
