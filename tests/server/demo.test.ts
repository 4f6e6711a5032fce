import { afterAll, describe, expect, it } from 'vitest';
import demoKaart from '../../src/shared/kaart/demo-kaart.json';
import { DEMO_NATIONAL_CARDS } from '../../src/shared/snelwijzer/demo-cards';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../src/server/organisations/demo';
import { demoSettingFromEnv, prepareDemo, showDemoCodes } from '../../src/server/organisations/demo-start';
import { DATABASE_KINDS, countRows, createTestDatabase, seedTestOrganisations } from './test-server';

const CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;
const KAART_TABLES = ['organizations', 'services', 'locations', 'service_at_locations', 'phones', 'schedules', 'taxonomy_terms', 'attributes'] as const;
// The kaart's records and the Snelwijzer's national demo cards (kaart records of their own entity).
const DEMO_RECORDS = KAART_TABLES.reduce((sum, table) => sum + demoKaart[table].length, 0) + DEMO_NATIONAL_CARDS.length;

/** What the demo fills: organisations (and how many are marked demo), locations, kaart records and enrollment codes. */
async function demoRows(db: Database) {
  return {
    organisations: await countRows(db, 'organisations'),
    demo: await countRows(db, 'organisations', 'is_demo'),
    locations: await countRows(db, 'locations'),
    kaart: await countRows(db, 'kaart_records'),
    codes: await countRows(db, 'enrollment_codes'),
  };
}

describe.each(DATABASE_KINDS)('the demo on the first start of a %s database (prepareDemo)', (kind) => {
  const drops: (() => Promise<void>)[] = [];
  const fresh = async () => {
    const database = await createTestDatabase(kind);
    drops.push(database.drop);
    return database;
  };
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('makes the demo organisation (marked demo) and its kaart on an empty database, its two codes when asked to show them, and nothing on any later start', async () => {
    const { db } = await fresh();
    expect(await prepareDemo(db, {})).toBe(true);
    expect(await demoRows(db)).toEqual({ organisations: 1, demo: 1, locations: 3, kaart: DEMO_RECORDS, codes: 0 });
    expect(await db.query('SELECT id::text AS id FROM organisations WHERE is_demo')).toEqual([{ id: DEMO_ORGANISATION_ID }]);
    const codes = await showDemoCodes(db);
    expect(codes).toEqual({ staff: expect.stringMatching(CODE), coordinator: expect.stringMatching(CODE) });
    expect(await demoRows(db)).toEqual({ organisations: 1, demo: 1, locations: 3, kaart: DEMO_RECORDS, codes: 2 });
    for (const env of [{}, { IDO_DEMO: 'on' }, { IDO_DEMO: 'off' }]) {
      expect(await prepareDemo(db, env)).toBe(false);
      expect(await showDemoCodes(db)).toBeUndefined();
    }
    expect(await demoRows(db)).toEqual({ organisations: 1, demo: 1, locations: 3, kaart: DEMO_RECORDS, codes: 2 });
  });

  it('makes the demo\'s codes on the next start when the first was stopped before it showed them, and never when an operator made one', async () => {
    const { db } = await fresh();
    // The first start seeded the demo and stopped (a signal, a port in use) before it listened: no code was made.
    expect(await prepareDemo(db, {})).toBe(true);
    expect(await prepareDemo(db, {})).toBe(false);
    // Before, the codes were made with the demo and lost with that start: stored hashed, never shown, and no later start made any.
    expect(await showDemoCodes(db)).toEqual({ staff: expect.stringMatching(CODE), coordinator: expect.stringMatching(CODE) });
    expect(await showDemoCodes(db)).toBeUndefined();

    const other = (await fresh()).db;
    expect(await prepareDemo(other, {})).toBe(true);
    await createEnrollmentCode(other, DEMO_ORGANISATION_ID);
    expect(await showDemoCodes(other)).toBeUndefined();
    expect(await countRows(other, 'enrollment_codes')).toBe(1);
  });

  it('makes nothing with IDO_DEMO=off, and the decision holds when a later start leaves IDO_DEMO out', async () => {
    const { db } = await fresh();
    expect(await prepareDemo(db, { IDO_DEMO: 'off' })).toBe(false);
    expect(await prepareDemo(db, {})).toBe(false);
    expect(await prepareDemo(db, { IDO_DEMO: 'on' })).toBe(false);
    expect(await showDemoCodes(db)).toBeUndefined();
    expect(await demoRows(db)).toEqual({ organisations: 0, demo: 0, locations: 0, kaart: 0, codes: 0 });
  });

  it('makes no demo in a database that already has organisations (made with the admin CLI before the first start)', async () => {
    const { db } = await fresh();
    await seedTestOrganisations(db);
    expect(await prepareDemo(db, {})).toBe(false);
    expect(await showDemoCodes(db)).toBeUndefined();
    expect(await demoRows(db)).toMatchObject({ organisations: 2, demo: 0, kaart: 0, codes: 0 });
  });

  it.runIf(kind === 'postgres')('seeds once when two processes start at once on one empty database', async () => {
    const { db, openAnother } = await fresh();
    const [second, third] = [openAnother!(), openAnother!()];
    const answers = await Promise.all([prepareDemo(db, {}), prepareDemo(second, {}), prepareDemo(third, {})]);
    expect(answers.filter((seeded) => seeded)).toHaveLength(1);
    // and one of them prints the codes
    const codes = await Promise.all([showDemoCodes(db), showDemoCodes(second), showDemoCodes(third)]);
    expect(codes.filter((shown) => shown !== undefined)).toHaveLength(1);
    expect(await demoRows(db)).toEqual({ organisations: 1, demo: 1, locations: 3, kaart: DEMO_RECORDS, codes: 2 });
  });

  it.each([
    ['that holds the demo organisation', true],
    ['of a library without the demo', false],
  ])('migration 006 marks the demo in a database %s and counts its first start as done', async (_name, withDemo) => {
    const { db } = await fresh();
    // The database as it was before 006: the demo organisation (or another) and no mark, no decision.
    await db.exec(`ALTER TABLE organisations DROP COLUMN is_demo; DROP TABLE demo_decision;
      DELETE FROM schema_migrations WHERE version = '006_demo_organisations.sql'`);
    if (withDemo) await db.query(`INSERT INTO organisations (id, name) VALUES ($1, 'Voorbeeldbibliotheek (demo)')`, [DEMO_ORGANISATION_ID]);
    else await seedTestOrganisations(db);
    expect(await migrate(db)).toEqual(['006_demo_organisations.sql']);
    expect(await countRows(db, 'organisations', 'is_demo')).toBe(withDemo ? 1 : 0);
    expect(await db.query('SELECT seeded FROM demo_decision')).toEqual([{ seeded: withDemo }]);
    // Before this change a restart printed new codes for the demo organisation; now it prints none.
    expect(await prepareDemo(db, {})).toBe(false);
    expect(await countRows(db, 'enrollment_codes')).toBe(0);
  });

  it('marks the demo organisation that tests and the bench seed', async () => {
    const { db } = await fresh();
    expect(await seedDemoOrganisation(db)).toBe(true);
    expect(await countRows(db, 'organisations', 'is_demo')).toBe(1);
  });
});

describe('IDO_DEMO', () => {
  it.each([[undefined, 'on'], ['', 'on'], ['on', 'on'], [' ON ', 'on'], ['off', 'off'], ['Off', 'off']] as const)('reads %j as %s', (value, setting) => {
    expect(demoSettingFromEnv(value)).toBe(setting);
  });

  it.each(['of', 'false', '0', 'no', 'uit'])('refuses %j in Dutch, before anything is made', async (value) => {
    expect(() => demoSettingFromEnv(value)).toThrow(/IDO_DEMO moet on of off zijn/);
  });
});
