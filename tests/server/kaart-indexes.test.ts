import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNationalFeedback } from '../../src/server/admin/kaart-inbox';
import { CLI_ACTOR } from '../../src/server/admin/actor';
import type { Database, Queryable } from '../../src/server/db/database';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './test-server';

/** The plans of the statements `read` sends, as PostgreSQL would run them on a large table (no sequential scans). */
async function plansOf(db: Database, read: (db: Database) => Promise<unknown>): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    const plans: string[] = [];
    const explaining: Queryable = {
      exec: (script) => tx.exec(script),
      query: async (sql, params) => {
        const text = typeof sql === 'string' ? sql : sql.text;
        const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
        plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
        return [];
      },
    };
    await read({ ...db, ...explaining, transaction: (work) => work(explaining) } as Database);
    return plans;
  });
}

describe.each(DATABASE_KINDS)('the kaart records\' indexes on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.drop());

  it('has one of the open "Klopt niet" reports alone (migration 033), which the national team\'s list reads', async () => {
    const [index] = await database.db.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'kaart_records_open_feedback'");
    expect(index.indexdef).toMatch(/\(change_seq\) WHERE/);
    // The open reports of every organisation: walked every kaart record in change order before (83 ms on PGlite with
    // a national kaart of 124,000 records and 10,000 closed reports; 7 ms with the index).
    const [open] = await plansOf(database.db, (db) => listNationalFeedback(db, CLI_ACTOR));
    expect(open).toMatch(/Index Scan using kaart_records_open_feedback on kaart_records f/);
  });
});
