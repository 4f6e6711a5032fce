import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { databaseEnv, runAdmin } from './cli';
import { ORGANISATION } from './fixtures';
import { DATABASE_KINDS, createTestDatabase, seedTestOrganisations, type TestDatabase } from './test-server';

describe.each(DATABASE_KINDS)('the admin command writes the audit log on %s', (kind) => {
  let directory = '';
  let postgres: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  /** The database in this process while `work` runs (PGlite allows one process at a time). */
  async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
    if (postgres) return work(postgres.db);
    const db = await openPglite(env.DATA_DIR);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-admin-audit-'));
    if (kind === 'pglite') {
      env = databaseEnv({ dataDir: path.join(directory, 'data') });
      await withDb(async (db) => {
        await migrate(db);
        await seedTestOrganisations(db);
      });
    } else {
      postgres = await createTestDatabase('postgres');
      env = databaseEnv({ url: postgres.url });
      await seedTestOrganisations(postgres.db);
    }
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('create-code, revoke-code and create-token leave cli rows without the code or token; the output is as before', async () => {
    const code = await runAdmin(['create-code', '--organisation', ORGANISATION.id, '--role', 'coordinator'], env);
    expect(code.code).toBe(0);
    expect(code.stdout.trim()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const codeId = /Code-id ([0-9a-f-]{36})/.exec(code.stderr)![1];
    expect((await runAdmin(['revoke-code', codeId], env)).stdout.trim()).toBe(codeId);
    const token = await runAdmin(['create-token', '--role', 'coordinator', '--organisation', ORGANISATION.id], env);
    expect(token.code).toBe(0);
    const rows = await withDb((db) => db.query<{ actor_kind: string; actor_id: string | null; action: string; organisation_id: string; text: string }>(
      'SELECT actor_kind, actor_id, action, organisation_id::text AS organisation_id, a::text AS text FROM audit_log a ORDER BY id',
    ));
    expect(rows.map((row) => [row.actor_kind, row.actor_id, row.action, row.organisation_id])).toEqual([
      ['cli', null, 'code.create', ORGANISATION.id], ['cli', null, 'code.revoke', ORGANISATION.id], ['cli', null, 'token.create', ORGANISATION.id],
    ]);
    for (const row of rows) {
      expect(row.text).not.toContain(code.stdout.trim());
      expect(row.text).not.toContain(token.stdout.trim());
    }
  });
});
