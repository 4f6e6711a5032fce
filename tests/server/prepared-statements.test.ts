import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, preparedSql } from '../../src/server/db/database';
import { openPostgres } from '../../src/server/db/postgres';
import { ingestBatch } from '../../src/server/ingest/ingest';
import { settleFolds } from '../../src/server/reports/pending-rollups';
import { ORGANISATION, question, registration } from './fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

/*
 * The statements every batch and fold runs are prepared once per connection on PostgreSQL (database.ts,
 * `preparedSql`): a later batch on the same connection only binds its parameters. Other statements (reports,
 * admin) are not kept: each text kept stays on every connection for the connection's life.
 */
describe('prepared statements on PostgreSQL', () => {
  const server = useTestServer('postgres');
  let single: Database;
  let device: { id: string; organisationId: string };
  beforeAll(async () => {
    const tablet = await enrollTablet(server);
    device = { id: tablet.deviceId, organisationId: ORGANISATION.id };
    // One connection: what it has prepared can be read on it.
    single = openPostgres(server.database.url!, { max: 1 });
  });
  afterAll(async () => single?.close());

  const prepared = async () =>
    (await single.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).map((row) => row.statement);
  const send = async (records: number) => {
    const outcome = await ingestBatch(single, {
      batchId: randomUUID(), device,
      records: Array.from({ length: records }, (_, i) => registration(device.id, { questions: [question({ topics: i % 2 ? ['digid'] : ['toeslagen'] })] })),
    });
    expect(outcome.kind).toBe('stored');
    await settleFolds(single);
  };

  it('prepares a batch\'s and a fold\'s statements once, and keeps them for the next batches', async () => {
    await send(3);
    const first = await prepared();
    expect(first.some((text) => text.includes('INSERT INTO registrations'))).toBe(true);
    expect(first.some((text) => text.includes('INSERT INTO questions'))).toBe(true);
    expect(first.some((text) => text.includes('INSERT INTO report_rollup_pending'))).toBe(true);
    expect(first.some((text) => text.includes('DELETE FROM report_rollup_pending'))).toBe(true);
    expect(first.some((text) => text.includes('DELETE FROM report_hour_rollup_pending'))).toBe(true);
    // More batches of other sizes add no statement: the same texts, bound to new parameters.
    await send(1);
    await send(40);
    expect(await prepared()).toEqual(first);
  });

  it('keeps no statement that was not made with preparedSql', async () => {
    const before = await prepared();
    await single.query('SELECT count(*)::int AS n FROM registrations WHERE organisation_id = $1', [ORGANISATION.id]);
    await single.query('SELECT 1 AS one');
    expect(await prepared()).toEqual(before);
  });
});

describe.each(DATABASE_KINDS)('a prepared statement on %s', (kind) => {
  const server = useTestServer(kind);

  it('answers as the same text unprepared, with and without parameters, and again', async () => {
    const withParameters = 'SELECT $1::int + 1 AS n, $2::text[] AS list, $3::uuid AS id';
    const params = [41, '{a,"b c"}', ORGANISATION.id];
    const statement = preparedSql(withParameters);
    const expected = await server.db.query(withParameters, params);
    expect(await server.db.query(statement, params)).toEqual(expected);
    expect(await server.db.query(statement, params)).toEqual(expected);
    const plain = preparedSql("SELECT 'x' AS x, now() IS NOT NULL AS ok");
    expect(await server.db.query(plain)).toEqual([{ x: 'x', ok: true }]);
    expect(await server.db.transaction((tx) => tx.query(plain))).toEqual([{ x: 'x', ok: true }]);
  });
});
