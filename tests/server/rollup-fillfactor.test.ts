import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISATION } from './fixtures';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './test-server';

/*
 * Migration 022: the rollups keep room on each page, so a fold's update of a key (its counts change, its key and
 * indexed columns never do) is a HOT update: the new row version on the same page, no new index entries. On full
 * pages (fillfactor 100) nearly every update moves to another page and writes three index entries.
 */
describe.each(DATABASE_KINDS)('the rollups\' room for updates on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.drop());

  it('keeps a fold\'s updates of existing keys on their page (HOT) for a good share of them', async () => {
    const [counts] = await database.db.transaction(async (tx) => {
      // 2,000 topic keys as a fold writes them, then a second fold adding to every one of them.
      const fold = `INSERT INTO report_rollup AS r (dimension, period_start, organisation_id, location_id, value, contacts, questions)
        SELECT 'topic', DATE '2025-01-06' + (i % 200) * 7, $1::uuid, 'test-centrum', 'topic-' || (i / 200), 1, 1
        FROM generate_series(0, 1999) AS i ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (dimension, period_start, organisation_id, location_id, value)
        DO UPDATE SET contacts = r.contacts + EXCLUDED.contacts, questions = r.questions + EXCLUDED.questions`;
      await tx.query(fold, [ORGANISATION.id]);
      await tx.query(fold, [ORGANISATION.id]);
      return tx.query<{ updated: number; hot: number }>(`SELECT pg_stat_get_xact_tuples_updated('report_rollup_topic'::regclass)::int AS updated,
        pg_stat_get_xact_tuples_hot_updated('report_rollup_topic'::regclass)::int AS hot`);
    });
    expect(counts.updated).toBe(2_000);
    // With 30 % of each page free about 40 % of the updates fit beside their old version; with full pages only the last page's few.
    expect(counts.hot / counts.updated).toBeGreaterThan(0.25);
  });
});
