import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../src/server/organisations/demo';
import { databaseEnv, runAdmin } from './cli';
import { ORGANISATION } from './fixtures';
import { DATABASE_KINDS, createTestDatabase, seedTestOrganisations, type TestDatabase } from './test-server';

describe.each(DATABASE_KINDS)('npm run admin -- list-organisations on %s', (kind) => {
  let directory = '';
  let postgres: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-admin-orgs-'));
    let db: Database;
    if (kind === 'pglite') {
      env = databaseEnv({ dataDir: path.join(directory, 'data') });
      db = await openPglite(env.DATA_DIR);
      await migrate(db);
    } else {
      postgres = await createTestDatabase('postgres');
      env = databaseEnv({ url: postgres.url });
      db = postgres.db;
    }
    // The demo first (it is only added to a database without organisations), then two libraries.
    await seedDemoOrganisation(db);
    await seedTestOrganisations(db);
    if (kind === 'pglite') await db.close();
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('lists every organisation by name as JSON, the demo organisation marked "demo": true', async () => {
    const result = await runAdmin(['list-organisations'], env);
    expect(result.code, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<{ id: string; name: string; demo: boolean; locations: number }>;
    expect(listed.map((o) => o.name)).toEqual(['Bibliotheek Elders', 'Testbibliotheek Maasland', 'Voorbeeldbibliotheek Rivierenland (demo)']);
    expect(listed.find((o) => o.id === DEMO_ORGANISATION_ID)).toMatchObject({ demo: true, locations: 3 });
    expect(listed.find((o) => o.id === ORGANISATION.id)).toEqual({ id: ORGANISATION.id, name: ORGANISATION.name, municipalityCode: 'GM0828', demo: false, locations: 2 });
  });

  it('takes no arguments', async () => {
    const result = await runAdmin(['list-organisations', 'extra'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });
});
