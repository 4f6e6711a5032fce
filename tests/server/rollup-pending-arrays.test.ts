import { describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../src/server/db/array-literal';
import { hourDeltaRowsSql } from '../../src/server/reports/hours-rollup';
import { reportDeltaRowsSql } from '../../src/server/reports/rollup';
import { foldRollups } from '../../src/server/reports/pending-rollups';
import { DATABASE_KINDS, useDatabaseBefore } from './test-server';

/*
 * The pending rollup deltas as arrays (migration 023; src/server/reports/pending-rollups.ts): a batch sends each
 * column as one array literal (src/server/db/array-literal.ts), and the rows pending in the JSON form of migration 020
 * when the server is upgraded move over and are folded like any other.
 */

const MIGRATION = '023_rollup_pending_arrays.sql';
const ORG = '6f1c2a52-3d4e-4f60-8a71-0b2c3d4e5f60';
/** Text that an array literal must keep as it is. */
const AWKWARD = ['', 'NULL', 'null', 'a,b', '{x}', '"quoted"', 'back\\slash', '\\"', ' spaced ', 'ë ✓ 漢字', "it's", 'line\nbreak', 'tab\there', '}{,"\\'];

const REPORT_KEY = 'dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value';

describe('arrayLiteral', () => {
  it('quotes every text and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b,c', 'd"e', 'f\\g', ''])).toBe('{"a","b,c","d\\"e","f\\\\g",""}');
    expect(arrayLiteral([1, -2, 0])).toBe('{1,-2,0}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('refuses a number PostgreSQL could not read', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(() => arrayLiteral([1, bad])).toThrow(RangeError);
  });
});

describe.each(DATABASE_KINDS)('pending rollup deltas as arrays on %s', (kind) => {
  const database = useDatabaseBefore(kind, MIGRATION);

  it('keeps rows pending in the JSON form through the migration, and folds them like any other', async () => {
    const { db } = database;
    const reportRows = AWKWARD.map((value, i) => ({
      dimension: 'topic', period_start: '2025-03-03', organisation_id: ORG, location_id: `plek ${i % 3}`, value, contacts: i + 1, questions: 2 * i + 1,
    }));
    const hourRows = AWKWARD.map((scenario, i) => ({
      location_id: `plek ${i % 3}`, day: '2025-03-04', hour: 9 + (i % 8), scenario, organisation_id: ORG, contacts: 1, questions: i + 1, solved: i % 2, referred: 0,
    }));
    // Two pending rows per table, as two batches leave them, and one of nothing.
    await db.query('INSERT INTO report_rollup_pending (delta) VALUES ($1::text::json), ($2::text::json), ($3::text::json)',
      [JSON.stringify(reportRows.slice(0, 5)), JSON.stringify(reportRows.slice(5)), '[]']);
    await db.query('INSERT INTO report_hour_rollup_pending (delta) VALUES ($1::text::json), ($2::text::json)',
      [JSON.stringify(hourRows.slice(0, 7)), JSON.stringify(hourRows.slice(7))]);

    expect(await database.apply()).toEqual([MIGRATION]);

    const pendingReport = await db.query(`SELECT ${REPORT_KEY}, contacts, questions FROM ${reportDeltaRowsSql('report_rollup_pending')} AS d ORDER BY questions`);
    expect(pendingReport).toEqual(reportRows);
    const pendingHours = await db.query(`SELECT location_id, day::text AS day, hour, scenario, organisation_id::text AS organisation_id, contacts, questions, solved, referred
      FROM ${hourDeltaRowsSql('report_hour_rollup_pending')} AS d ORDER BY questions`);
    expect(pendingHours).toEqual(hourRows);

    // A server runs every later migration before its first fold; the rows stay pending through them.
    await database.applyRest();
    await foldRollups(db);
    expect(await db.query(`SELECT ${REPORT_KEY}, contacts, questions FROM report_rollup ORDER BY questions`)).toEqual(reportRows);
    expect(await db.query('SELECT location_id, day::text AS day, hour, scenario, contacts, questions, solved, referred FROM report_hour_rollup ORDER BY questions'))
      .toEqual(hourRows.map(({ organisation_id: _, ...row }) => row));
    const [{ pending }] = await db.query<{ pending: number }>('SELECT (SELECT count(*) FROM report_rollup_pending) + (SELECT count(*) FROM report_hour_rollup_pending) AS pending');
    expect(Number(pending)).toBe(0);
  });

  it('reads back every text of an array literal as it was sent', async () => {
    const [{ back }] = await database.db.query<{ back: string[] }>('SELECT $1::text[] AS back', [arrayLiteral(AWKWARD)]);
    expect(back).toEqual(AWKWARD);
    const [{ numbers }] = await database.db.query<{ numbers: number[] }>('SELECT $1::int[] AS numbers', [arrayLiteral([3, -4, 0])]);
    expect(numbers).toEqual([3, -4, 0]);
  });
});
