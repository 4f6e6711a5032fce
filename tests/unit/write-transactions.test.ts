import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * A rolling upgrade (README, "Upgrading"): every write a user makes runs in writeTransaction (src/server/db/migrate.ts),
 * which holds the migrations' lock shared and refuses a database a newer version has migrated. A new write that opened
 * `db.transaction` itself would slip past it without a word; this test names the few that may, and why.
 */
const SERVER = join(import.meta.dirname, '../../src/server');

/** The files that open a transaction of their own, each with the reason it is not a user's unguarded write. */
const OWN_TRANSACTIONS: Record<string, { why: string; guard?: RegExp }> = {
  'db/migrate.ts': { why: 'migrate() takes the lock exclusively; writeTransaction is the guard itself' },
  'db/pglite.ts': { why: 'the Database implementation (PGlite)' },
  'db/postgres.ts': { why: 'the Database implementation (PostgreSQL)' },
  'ingest/ingest.ts': { why: 'a batch takes the guard pipelined with its claim', guard: /LOCK_SCHEMA_SHARED/ },
  'reports/pending-rollups.ts': { why: 'the rollups\' fold takes the guard before its own lock', guard: /schemaCurrent\(tx\)/ },
  'reports/time-limit.ts': { why: 'a report\'s reads under a statement timeout: no write' },
};

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the server\'s writes during a rolling upgrade', () => {
  const opening = sources(SERVER)
    .map((path) => ({ file: relative(SERVER, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }))
    .filter(({ text }) => /\.transaction\(|^\s*transaction: *[(<]/m.test(text));

  it('go through writeTransaction; only the files named here open a transaction of their own', () => {
    expect(opening.map(({ file }) => file).sort()).toEqual(Object.keys(OWN_TRANSACTIONS).sort());
  });

  it('keep their own guard where they write', () => {
    for (const { file, text } of opening) {
      const guard = OWN_TRANSACTIONS[file]?.guard;
      if (guard) expect(text, file).toMatch(guard);
    }
  });
});
