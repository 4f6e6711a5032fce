import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualQuestionStatements } from '../../src/server/reports/annual';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './test-server';

/*
 * Every registration and question the ingest stores writes one entry in each index of its table, so each index must
 * serve a reader. Questions: the primary key (replacing a registration's questions, the export's join), started_at
 * (national stats, the export's order), organisation + started_at and location + started_at (stats and the annual
 * report per place). Registrations: the primary key (the upsert, the delivery check, the export's join) and
 * organisation + started_at (the tablet's day check). Migration 024 dropped the GIN index on the topics (the stats
 * unnest the topics of rows found by day and place; "Opvallend" reads the rollup) and registrations' location +
 * started_at (reports per location read the questions or the rollups). Migration 025 made organisation + started_at
 * carry the columns the annual report's two reads of the questions need ("opgelost", referral targets), so they never
 * visit the table's pages, where one library's questions lie scattered among everyone's.
 */
describe.each(DATABASE_KINDS)('the indexes the ingest writes on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.drop());

  const indexes = (table: string) => database.db.query<{ indexname: string; indexdef: string }>(
    'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname',
    [table],
  );

  it('on questions: the key and the three by day, none on the topics', async () => {
    const rows = await indexes('questions');
    expect(rows.map((row) => row.indexname)).toEqual(['questions_location_started', 'questions_organisation_started', 'questions_pkey', 'questions_started']);
    expect(rows.some((row) => /gin|topics/i.test(row.indexdef))).toBe(false);
  });

  it("answers the annual report's reads of the questions from the organisation's index alone", async () => {
    const organisation = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
    const statements = annualQuestionStatements({ organisation, from: '2025-01-01', to: '2025-12-31' }, ['demo-centrum', 'demo-noord']);
    for (const statement of Object.values(statements)) {
      const plan = await database.db.transaction(async (tx) => {
        // The plan an organisation's year gets once the table is large: on a test's few rows a table scan is cheaper.
        await tx.query('SET LOCAL enable_seqscan = off');
        await tx.query('SET LOCAL enable_bitmapscan = off');
        const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.text}`, statement.params);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toMatch(/Index Only Scan using questions_organisation_started on questions q/);
    }
  });

  it('on registrations: the key and the one the day check reads', async () => {
    const rows = await indexes('registrations');
    expect(rows.map((row) => row.indexname)).toEqual(['registrations_organisation_started', 'registrations_pkey']);
  });
});
