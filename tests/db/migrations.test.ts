import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { declaredVersions, IdoDb, migrations } from '../../src/db/db';
import { v1 } from '../../src/db/migrations/v1';
import { v2 } from '../../src/db/migrations/v2';
import { v3 } from '../../src/db/migrations/v3';
import { makeRegistration } from './fixtures';

/**
 * The migration pattern: build a database with only the old versions' migrations, write data the
 * way that version did, close it, open the current IdoDb on the same name, and check the data.
 */
function openAtVersion(name: string, upTo: number): Dexie {
  const old = new Dexie(name);
  for (const migrate of migrations.slice(0, upTo)) migrate(old);
  return old;
}

const names: string[] = [];
const freshName = () => {
  const name = `migration-test-${crypto.randomUUID()}`;
  names.push(name);
  return name;
};

afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => Dexie.delete(name)));
});

describe('Dexie migrations', () => {
  it('has version 1 as its first migration', () => {
    expect(migrations[0]).toBe(v1);
  });

  it('keeps every version-1 registration, with its indexes, when the current schema opens it', async () => {
    const name = freshName();
    const old = openAtVersion(name, 1);
    const record = { ...makeRegistration(), syncState: 'pending', day: '2026-11-24', savedAt: '2026-11-24T09:15:00.000Z' };
    await old.table('registrations').put(record);
    await old.table('settings').put({ key: 'deviceId', value: 'abc' });
    old.close();

    const current = new IdoDb(name);
    await current.open();
    expect(current.verno).toBe(new IdoDb('verno-probe').verno);
    expect(await current.registrations.get(record.id)).toEqual(expect.objectContaining({ id: record.id, syncState: 'pending' }));
    expect(await current.registrations.where('day').equals('2026-11-24').count()).toBe(1);
    expect(await current.registrations.where('[syncState+savedAt]').equals(['pending', '2026-11-24T09:15:00.000Z']).count()).toBe(1);
    expect((await current.settings.get('deviceId'))?.value).toBe('abc');
    current.close();
  });

  it('has version 2 (the outbox) as its second migration', () => {
    expect(migrations[1]).toBe(v2);
  });

  it('keeps version-1 registrations and settings at version 2, adds the batches table and the [syncState+savedAt] index', async () => {
    const name = freshName();
    const old = openAtVersion(name, 1);
    const pending = { ...makeRegistration(), syncState: 'pending', day: '2026-11-24', savedAt: '2026-11-24T09:15:00.000Z' };
    const sent = { ...makeRegistration(), syncState: 'sent', day: '2026-11-23', savedAt: '2026-11-23T09:15:00.000Z', sentRevision: 1 };
    await old.table('registrations').bulkPut([pending, sent]);
    await old.table('settings').put({ key: 'deviceId', value: 'abc' });
    old.close();

    const current = new IdoDb(name);
    await current.open();
    expect(current.verno).toBeGreaterThanOrEqual(2);
    expect(await current.registrations.get(sent.id)).toEqual(sent);
    expect(await current.registrations.where('[syncState+savedAt]').between(['pending', ''], ['pending', '\uffff']).primaryKeys()).toEqual([pending.id]);
    expect((await current.settings.get('deviceId'))?.value).toBe('abc');
    expect(await current.batches.count()).toBe(0);
    await current.batches.put({ batchId: 'b1', createdAt: '2026-11-24T09:16:00.000Z', attempts: 0, request: { batchId: 'b1', deviceId: 'abc', sentAt: '2026-11-24T09:16:00.000Z', records: [] } });
    expect(await current.batches.orderBy('createdAt').primaryKeys()).toEqual(['b1']);
    current.close();
  });

  it('has version 3 (the sociale kaart) as its third migration', () => {
    expect(migrations[2]).toBe(v3);
  });

  it('keeps version-2 registrations, batches and settings at version 3, and adds empty kaart tables with their indexes', async () => {
    const name = freshName();
    const old = openAtVersion(name, 2);
    const pending = { ...makeRegistration(), syncState: 'pending', day: '2026-11-24', savedAt: '2026-11-24T09:15:00.000Z' };
    const batch = { batchId: 'b1', createdAt: '2026-11-24T09:16:00.000Z', attempts: 1, request: { batchId: 'b1', deviceId: 'abc', sentAt: '2026-11-24T09:16:00.000Z', records: [pending] } };
    await old.table('registrations').put(pending);
    await old.table('batches').put(batch);
    await old.table('settings').bulkPut([{ key: 'deviceId', value: 'abc' }, { key: 'syncStatus', value: { state: 'backoff', failures: 2 } }]);
    old.close();

    const current = new IdoDb(name);
    await current.open();
    expect(current.verno).toBeGreaterThanOrEqual(3);
    expect(await current.registrations.get(pending.id)).toEqual(pending);
    expect(await current.registrations.where('[syncState+savedAt]').between(['pending', ''], ['pending', '\uffff']).primaryKeys()).toEqual([pending.id]);
    expect(await current.batches.get('b1')).toEqual(batch);
    expect((await current.settings.get('syncStatus'))?.value).toEqual({ state: 'backoff', failures: 2 });
    const kaartTables = [current.kaartOrganizations, current.kaartServices, current.kaartLocations, current.kaartServiceAtLocations, current.kaartPhones,
      current.kaartSchedules, current.kaartTaxonomyTerms, current.kaartAttributes, current.kaartFeedback, current.kaartOutbox];
    for (const table of kaartTables) expect(await table.count(), table.name).toBe(0);
    expect(await current.settings.get('kaartCursor')).toBeUndefined();
    const service = { id: 's1', organization_id: 'o1', name: 'Spreekuur', status: 'active' as const, ido_topics: ['digid', 'toeslagen'], version: 1, updatedAt: '2026-11-24T09:16:00.000Z', deleted: false };
    await current.kaartServices.put(service);
    expect(await current.kaartServices.where('ido_topics').equals('toeslagen').primaryKeys()).toEqual(['s1']);
    expect(await current.kaartServices.where('organization_id').equals('o1').primaryKeys()).toEqual(['s1']);
    current.close();
  });

  it('declares to Dexie only the versions that convert rows and the newest, each with the whole schema up to it', () => {
    const every = new Dexie('declared-every');
    for (const migrate of migrations) migrate(every);
    const declared = declaredVersions(migrations);
    expect(declared.map((entry) => entry.version)).toEqual([4, 6]);
    expect(declared[0].upgrades).toHaveLength(1);
    expect(declared[1].upgrades).toHaveLength(0);
    // The newest declared version holds what declaring every version one by one holds, table for table.
    const current = new IdoDb('declared-current');
    const schema = (db: Dexie) => Object.fromEntries(db.tables.map((table) => [table.name, [table.schema.primKey.src, ...table.schema.indexes.map((index) => index.src)].join(',')]));
    expect(schema(current)).toEqual(schema(every));
    expect(current.verno).toBe(every.verno);
  });

  it('keeps a table dropped by a later version dropped, and the order of versions as numbered', () => {
    const declared = declaredVersions([
      (db) => db.version(2).stores({ b: 'id', gone: 'id' }).upgrade(() => undefined),
      (db) => db.version(1).stores({ a: 'id, name' }),
      (db) => db.version(3).stores({ gone: null, a: 'id, name, day' }),
    ]);
    expect(declared.map((entry) => entry.version)).toEqual([2, 3]);
    expect(declared[0].stores).toEqual({ a: 'id, name', b: 'id', gone: 'id' });
    expect(declared[1].stores).toEqual({ a: 'id, name, day', b: 'id', gone: null });
  });
});
