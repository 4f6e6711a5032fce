import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { IdoDb, migrations } from '../../src/db/db';
import * as v1 from './fixtures/schemas/v1';
import * as v2 from './fixtures/schemas/v2';
import * as v3 from './fixtures/schemas/v3';
import * as v4 from './fixtures/schemas/v4';
import * as v5 from './fixtures/schemas/v5';
import * as v6 from './fixtures/schemas/v6';
import { rawSchema } from './raw-schema';

/**
 * Upgrades tested from FROZEN copies of every earlier schema (tests/db/fixtures/schemas/vN.ts):
 * the store definitions and rows exactly as version N shipped, never edited and never importing
 * src/db/migrations. So an old migration edited in place cannot pass: the database it describes
 * would no longer match what tablets in the field hold.
 */
interface FrozenSchema { version: number; stores: Record<string, string>; rows: Record<string, object[]> }
const FROZEN: FrozenSchema[] = [v1, v2, v3, v4, v5, v6];
const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/schemas/', import.meta.url));
/** The versions db.ts declares (they may skip a number: version 4 belongs to another branch), and the newest. */
const probe = new Dexie('frozen-schema-probe');
const DECLARED = migrations.map((migrate) => {
  migrate(probe);
  return probe.verno;
});
const CURRENT = DECLARED[DECLARED.length - 1];

/**
 * What each row looks like after the upgrade to the current version. Most migrations only add
 * stores and indexes, so rows arrive unchanged; a migration that converts rows writes the
 * conversion here (never in a fixture). Version 4 drops the kaart pull cursor (the organisation
 * stays), so the pull brings the Snelwijzer's cards that earlier builds skipped.
 */
const afterUpgrade = (fromVersion: number, table: string, row: object): object => {
  if (fromVersion < 4 && table === 'settings' && (row as { key: string }).key === 'kaartCursor') {
    const { cursor: _dropped, ...value } = (row as { value: { cursor?: string } }).value;
    return { ...row, value };
  }
  return row;
};

const names: string[] = [];
const freshName = () => {
  const name = `frozen-schema-test-${crypto.randomUUID()}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => Dexie.delete(name)));
});

/** The database as a tablet at that version holds it: plain Dexie with only the frozen stores. */
async function writeFrozen(name: string, fixture: FrozenSchema): Promise<void> {
  const old = new Dexie(name);
  old.version(fixture.version).stores(fixture.stores);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const [table, rows] of Object.entries(fixture.rows)) await old.table(table).bulkAdd(rows);
  });
  old.close();
}

/** Every index of the current schema finds every row under the row's own value. */
async function expectIndexesFind(db: IdoDb, table: string, row: object): Promise<void> {
  const t = db.table(table);
  const primaryKey = Dexie.getByKeyPath(row, t.schema.primKey.keyPath as string);
  for (const index of t.schema.indexes) {
    const keyPath = index.keyPath!;
    const value = Array.isArray(keyPath) ? keyPath.map((p) => Dexie.getByKeyPath(row, p)) : Dexie.getByKeyPath(row, keyPath);
    if (value === undefined || (Array.isArray(value) && value.includes(undefined))) continue;
    for (const key of index.multi ? (value as unknown[]) : [value]) {
      expect(await t.where(index.name).equals(key as string).primaryKeys(), `${table}.${index.name} = ${JSON.stringify(key)}`).toContain(primaryKey);
    }
  }
}

describe('upgrades from frozen copies of every earlier schema', () => {
  it('has a frozen fixture for every version up to the current one, and uses each fixture file', () => {
    const files = readdirSync(FIXTURE_DIR).filter((f) => /^v\d+\.ts$/.test(f)).sort((a, b) => parseInt(a.slice(1)) - parseInt(b.slice(1)));
    const versions = files.map((f) => parseInt(f.slice(1)));
    // A new version in db.ts needs its frozen fixture (and so does every version before it): the
    // schema and rows as that version ships, in tests/db/fixtures/schemas/v<N>.ts.
    for (const v of DECLARED) expect(versions, `tests/db/fixtures/schemas/v${v}.ts is missing`).toContain(v);
    expect(FROZEN.map((f) => f.version), 'every fixture file is imported into FROZEN').toEqual(versions);
    for (const fixture of FROZEN) expect(fixture.version).toBeLessThanOrEqual(CURRENT);
  });

  it('keeps every fixture frozen: marked so, and importing nothing (least of all the migrations it checks)', () => {
    for (const file of readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(FIXTURE_DIR + file, 'utf8');
      expect(text.startsWith('// FROZEN: never edit.'), file).toBe(true);
      expect(text, file).not.toMatch(/^\s*import\b|\bimport\(|\brequire\(/m);
    }
  });

  it('holds real data in every fixture: each of its stores has rows', () => {
    for (const fixture of FROZEN) {
      for (const store of Object.keys(fixture.stores)) expect(fixture.rows[store]?.length ?? 0, `v${fixture.version} ${store}`).toBeGreaterThan(0);
    }
  });

  it('matches the shipped schema of the current version when its fixture is the current one (an in-place edit shows here)', async () => {
    const latest = FROZEN.find((f) => f.version === CURRENT);
    if (!latest) return;
    const frozen = freshName();
    await writeFrozen(frozen, latest);
    const fresh = freshName();
    const current = new IdoDb(fresh);
    await current.open();
    current.close();
    expect((await rawSchema(frozen)).stores).toEqual((await rawSchema(fresh)).stores);
  });

  for (const fixture of FROZEN) {
    it(`brings every version-${fixture.version} row to the current version intact, findable by every index`, async () => {
      const name = freshName();
      await writeFrozen(name, fixture);

      const db = new IdoDb(name);
      await db.open();
      expect(db.verno).toBe(CURRENT);
      for (const [table, rows] of Object.entries(fixture.rows)) {
        const t = db.table(table);
        expect(await t.count(), `${table} row count`).toBe(rows.length);
        for (const row of rows) {
          const key = Dexie.getByKeyPath(row, t.schema.primKey.keyPath as string);
          expect(await t.get(key), `${table} ${key}`).toEqual(afterUpgrade(fixture.version, table, row));
          await expectIndexesFind(db, table, row);
        }
      }
      db.close();
    });

    it(`gives a version-${fixture.version} tablet after the upgrade exactly the schema of a fresh install`, async () => {
      const upgraded = freshName();
      await writeFrozen(upgraded, fixture);
      const db = new IdoDb(upgraded);
      await db.open();
      db.close();
      const fresh = freshName();
      const clean = new IdoDb(fresh);
      await clean.open();
      clean.close();
      const [a, b] = [await rawSchema(upgraded), await rawSchema(fresh)];
      expect(a.version).toBe(b.version);
      expect(a.stores).toEqual(b.stores);
    });
  }
});
