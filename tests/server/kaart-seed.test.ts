import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import demoKaart from '../../src/shared/kaart/demo-kaart.json';
import { DEMO_NATIONAL_CARDS } from '../../src/shared/snelwijzer/demo-cards';
import type { EnrollResponse } from '../../src/shared/api';
import { buildServer } from '../../src/server/app';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { seedDemoKaart } from '../../src/server/kaart/seed';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../src/server/organisations/demo';
import { databaseEnv, startServer } from './cli';
import { DATABASE_KINDS, createTestDatabase, seedTestOrganisations } from './test-server';

const TABLES = ['organizations', 'services', 'locations', 'service_at_locations', 'phones', 'schedules', 'taxonomy_terms', 'attributes'] as const;
// The kaart's records and the Snelwijzer's national demo cards.
const DEMO_RECORDS = TABLES.reduce((sum, table) => sum + demoKaart[table].length, 0) + DEMO_NATIONAL_CARDS.length;
const NATIONAL_ORGANIZATIONS = demoKaart.organizations.filter((o) => o.owner_organisation_id === null).map((o) => o.id);

describe.each(DATABASE_KINDS)('the demo kaart on a fresh %s database', (kind) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('is written through the apply function: the demo organisation\'s entries in its scope, the national ones as national, once', async () => {
    const { db, drop } = await createTestDatabase(kind);
    drops.push(drop);
    expect(await seedDemoOrganisation(db)).toBe(true);
    expect(await seedDemoKaart(db)).toBe(true);
    const rows = await db.query<{ entity: string; id: string; scope: string | null; version: string; updated_by: string }>(
      'SELECT entity, id::text AS id, scope::text AS scope, version::text AS version, updated_by FROM kaart_records',
    );
    expect(rows).toHaveLength(DEMO_RECORDS);
    expect(rows.every((row) => row.version === '1' && row.updated_by === 'seed')).toBe(true);
    expect(new Set(rows.map((row) => row.scope))).toEqual(new Set([DEMO_ORGANISATION_ID, null]));
    const organizations = rows.filter((row) => row.entity === 'organization');
    expect(organizations.filter((row) => row.scope === null).map((row) => row.id).sort()).toEqual([...NATIONAL_ORGANIZATIONS].sort());
    expect(rows.filter((row) => row.entity === 'taxonomy_term').every((row) => row.scope === null)).toBe(true);
    const cards = rows.filter((row) => row.entity === 'snelwijzer_card');
    expect(cards.map((row) => row.id).sort()).toEqual(DEMO_NATIONAL_CARDS.map((c) => c.id).sort());
    expect(cards.every((row) => row.scope === null)).toBe(true);

    expect(await seedDemoKaart(db)).toBe(false);
    expect(await db.query('SELECT count(*)::int AS n FROM kaart_records')).toEqual([{ n: DEMO_RECORDS }]);

    // Every tablet of the demo organisation pulls all of it.
    const app = await buildServer({ db });
    const code = await createEnrollmentCode(db, DEMO_ORGANISATION_ID);
    const tablet: EnrollResponse = (await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code } })).json();
    const page = (await app.inject({ method: 'GET', url: '/api/v1/kaart/changes?limit=1000', headers: { authorization: `Bearer ${tablet.token}` } })).json();
    await app.close();
    expect(page).toMatchObject({ hasMore: false });
    expect(page.items).toHaveLength(DEMO_RECORDS);
  });

  it('is not written into a database that holds other organisations', async () => {
    const { db, drop } = await createTestDatabase(kind);
    drops.push(drop);
    await seedTestOrganisations(db);
    expect(await seedDemoKaart(db)).toBe(false);
    expect(await db.query('SELECT count(*)::int AS n FROM kaart_records')).toEqual([{ n: 0 }]);
  });
});

describe('npm start (main.ts) on a fresh PGlite directory', () => {
  let directory = '';
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('prints a coordinator enrollment code under the staff code; it enrolls a coordinator tablet that pulls the demo kaart', async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-kaart-main-'));
    child = startServer({ ...databaseEnv({ dataDir: path.join(directory, 'data') }), PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', LOG_LEVEL: 'warn' });
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk) => {
        stdout += chunk;
        if (/^coordinator enrollment code: /m.test(stdout)) resolve();
      });
      child!.once('exit', (code) => reject(new Error(`main.ts stopped (${code})`)));
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^IDO Onderweg draait op http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^enrollment code: [A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/),
      expect.stringMatching(/^coordinator enrollment code: [A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/),
    ]);
    const address = lines[0].split(' ').at(-1)!;
    const enroll = async (code: string): Promise<EnrollResponse> => {
      const response = await fetch(`${address}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
      expect(response.status).toBe(201);
      return (await response.json()) as EnrollResponse;
    };
    const staff = await enroll(lines[1].split(': ')[1]);
    const coordinator = await enroll(lines[2].split(': ')[1]);
    expect(staff.role).toBeUndefined();
    expect(coordinator.role).toBe('coordinator');
    const pulled = await fetch(`${address}/api/v1/kaart/changes?limit=1000`, { headers: { authorization: `Bearer ${coordinator.token}` } });
    expect(((await pulled.json()) as { items: unknown[] }).items).toHaveLength(DEMO_RECORDS);
  });
});
