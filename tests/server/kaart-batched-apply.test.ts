import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/server/db/database';
import { applyKaartChanges, type KaartActor } from '../../src/server/kaart/apply';
import { KAART_BATCH_ROWS } from '../../src/server/kaart/store';
import { OTHER_ORGANISATION, ORGANISATION } from './fixtures';
import { createTestDatabase, DATABASE_KINDS, seedTestOrganisations, type TestDatabase } from './test-server';

type Data = Record<string, unknown> & { id: string };
const ours: KaartActor = { scope: ORGANISATION.id, editsKaart: true, updatedBy: 'test' };
const theirs: KaartActor = { scope: OTHER_ORGANISATION.id, editsKaart: true, updatedBy: 'test' };
const organization = (owner: string, name = 'Buurtpunt'): Data => ({ id: randomUUID(), name, owner_organisation_id: owner });
const service = (organizationId: string, name = 'Spreekuur'): Data => ({ id: randomUUID(), organization_id: organizationId, name, status: 'active' });
const phone = (serviceId: string): Data => ({ id: randomUUID(), service_id: serviceId, number: '030 123 45 67' });
const create = (entity: string, data: Data, baseVersion = 0) => ({ entity, id: data.id, baseVersion, deleted: false, data });

/** The transaction's statements, counted. */
function counting(tx: Queryable, count: { n: number }): Queryable {
  return {
    query: (sql, params) => {
      count.n++;
      return tx.query(sql, params);
    },
    exec: (script) => {
      count.n++;
      return tx.exec(script);
    },
  };
}

async function storedOrder(db: Database, ids: string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id::text AS id FROM kaart_records WHERE id = ANY($1::text[]::uuid[]) ORDER BY change_seq', [ids]);
  return rows.map((row) => row.id);
}

describe.each(DATABASE_KINDS)('kaart changes applied in batches, on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    await seedTestOrganisations(db);
  });
  afterAll(() => database?.drop());

  it('reads and writes thousands of records in a few statements, not one per record, with change numbers in the order of the changes', async () => {
    const organizations = Array.from({ length: 500 }, () => organization(ORGANISATION.id));
    const services = organizations.flatMap((o) => [service(o.id), service(o.id)]);
    const phones = services.map((s) => phone(s.id));
    const changes = [...organizations.map((o) => create('organization', o)), ...services.map((s) => create('service', s)), ...phones.map((p) => create('phone', p))];
    expect(changes.length).toBeGreaterThan(2 * KAART_BATCH_ROWS);
    const statements = { n: 0 };
    const results = await db.transaction((tx) => applyKaartChanges(counting(tx, statements), ours, changes));
    expect(results.filter((r) => r.outcome !== 'created')).toEqual([]);
    // the lock, a few reads ahead, and one write per 1,000 records
    expect(statements.n).toBeLessThanOrEqual(12);
    expect(await storedOrder(db, changes.map((c) => c.id))).toEqual(changes.map((c) => c.id));

    // Sending the same again changes nothing, again in a few statements.
    statements.n = 0;
    const again = await db.transaction((tx) => applyKaartChanges(counting(tx, statements), ours, changes.map((c) => ({ ...c, baseVersion: 1 }))));
    expect(again.filter((r) => r.outcome !== 'unchanged')).toEqual([]);
    expect(statements.n).toBeLessThanOrEqual(12);
  });

  it('a record created and changed again in one push keeps the later change, with both versions counted', async () => {
    const first = organization(ORGANISATION.id, 'Eerste naam');
    const results = await db.transaction((tx) => applyKaartChanges(tx, ours, [create('organization', first), create('organization', { ...first, name: 'Tweede naam' }, 1)]));
    expect(results.map((r) => [r.outcome, r.result.version])).toEqual([['created', 1], ['updated', 2]]);
    const [row] = await db.query<{ version: string; name: string }>("SELECT version::text AS version, data->>'name' AS name FROM kaart_records WHERE id = $1", [first.id]);
    expect(row).toEqual({ version: '2', name: 'Tweede naam' });
  });

  it('a child sent before its parent is refused, one sent after it is applied, as when they were written one by one', async () => {
    const parent = organization(ORGANISATION.id);
    const early = service(parent.id);
    const late = service(parent.id);
    const results = await db.transaction((tx) => applyKaartChanges(tx, ours, [create('service', early), create('organization', parent), create('service', late)]));
    expect(results.map((r) => [r.outcome, r.result.code ?? ''])).toEqual([['rejected', 'unknown_reference'], ['created', ''], ['created', '']]);
  });

  it('another organisation\'s record in a large push is answered id_in_use and left as it was; the others are applied', async () => {
    const theirOrganization = organization(OTHER_ORGANISATION.id, 'Van hen');
    await db.transaction((tx) => applyKaartChanges(tx, theirs, [create('organization', theirOrganization)]));
    const own = Array.from({ length: KAART_BATCH_ROWS + 10 }, () => organization(ORGANISATION.id));
    own.splice(KAART_BATCH_ROWS - 1, 0, { ...theirOrganization, owner_organisation_id: ORGANISATION.id, name: 'Overgenomen' });
    const results = await db.transaction((tx) => applyKaartChanges(tx, ours, own.map((o) => create('organization', o, o.id === theirOrganization.id ? 1 : 0))));
    expect(results.filter((r) => r.outcome === 'rejected').map((r) => [r.result.id, r.result.code, r.result.version])).toEqual([[theirOrganization.id, 'id_in_use', 0]]);
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(own.length - 1);
    const [row] = await db.query<{ scope: string; name: string; version: string }>(
      "SELECT scope::text AS scope, data->>'name' AS name, version::text AS version FROM kaart_records WHERE id = $1", [theirOrganization.id]);
    expect(row).toEqual({ scope: OTHER_ORGANISATION.id, name: 'Van hen', version: '1' });
  });
});
