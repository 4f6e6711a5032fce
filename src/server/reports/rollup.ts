import { preparedSql, type Queryable } from '../db/database';
import type { ReportDeltaRow } from './contribution';
import { appendDeltaSql, deleteEmptySql, deltaRowsSql, foldAndPrune, upsertSumsSql } from './delta-arrays';

/*
 * The rollup `report_rollup` (migrations/003_reports.sql) answers a year of stats from a few rows per location
 * and period (the part of an ISO week inside one month) instead of millions of questions. The batch ingest does
 * not change it in its own transaction: it appends what its registrations stop counting (before their questions
 * are replaced) and what they count now to `report_rollup_pending` (migrations 020, 023), and a fold adds those deltas
 * to the rollup later, summed per key, in key order (pending-rollups.ts). So concurrent batches share no rollup row,
 * and the fold of many batches writes each key once. The same fold keeps `report_org_rollup` (migration 021), the
 * rollup summed over each organisation's locations, which queries without a finer place read.
 */

const KEY = 'dimension, period_start, organisation_id, location_id, value';
/** The key of `report_org_rollup` (migration 021): report_rollup summed over the locations of an organisation. */
const ORG_KEY = 'dimension, period_start, organisation_id, value';

// Per contact first, then per key: the distinct contacts without count(DISTINCT)'s sort (hash aggregates only).
function contributionSql(idsParam: string): string {
  return `SELECT ${KEY}, count(*)::int AS contacts, sum(questions)::int AS questions
    FROM (SELECT ${KEY}, count(*) AS questions
          FROM report_question_facts
          WHERE registration_id IN (SELECT jsonb_array_elements_text(${idsParam}::text::jsonb)::uuid)
          GROUP BY ${KEY}, registration_id) AS per_contact
    GROUP BY ${KEY}`;
}

const DELTA_COUNTS = ['contacts', 'questions'] as const;
/** The columns of `report_rollup_pending` (migration 023): one array each, a delta row at each index; a delta row's fields. */
export const REPORT_DELTA_COLUMNS = ['dimension', 'period_start', 'organisation_id', 'location_id', 'value', ...DELTA_COUNTS] as const satisfies readonly (keyof ReportDeltaRow)[];

/**
 * The delta rows (the rollup's key, contacts, questions) of the pending rows in `source` (the table, or a CTE taken
 * from it), as a subquery to alias.
 */
export function reportDeltaRowsSql(source: string): string {
  return deltaRowsSql(source, REPORT_DELTA_COLUMNS);
}

/**
 * The statement part (a data-modifying CTE named `report_delta`) that appends to `report_rollup_pending` what the
 * stored questions of the registrations in `idsParam` (JSON array of ids) count now, times `sign` (-1: before they
 * are replaced; 1: after they are written), as one row (nothing when they count nothing).
 */
export function appendReportDeltaSql(idsParam: string, sign: 1 | -1): string {
  return appendDeltaSql('report_delta', 'report_rollup_pending', KEY.split(', '), DELTA_COUNTS, contributionSql(idsParam), sign);
}

// The fold's statements, prepared once per connection (database.ts).
const FOLD_REPORT = preparedSql(
  `WITH taken AS (
     DELETE FROM report_rollup_pending RETURNING *
   ), delta AS (
     SELECT ${KEY}, sum(contacts)::int AS contacts, sum(questions)::int AS questions
     FROM ${reportDeltaRowsSql('taken')} AS d
     GROUP BY ${KEY}
     HAVING sum(contacts) <> 0 OR sum(questions) <> 0
   ), org AS (
     ${upsertSumsSql('report_org_rollup', ORG_KEY, 'delta')}
   ), applied AS (
     INSERT INTO report_rollup AS r (${KEY}, contacts, questions)
     SELECT ${KEY}, contacts, questions FROM delta ORDER BY ${KEY}
     ON CONFLICT (${KEY}) DO UPDATE SET contacts = r.contacts + EXCLUDED.contacts, questions = r.questions + EXCLUDED.questions
     RETURNING r.dimension, r.period_start, r.organisation_id, r.location_id, r.value, r.questions
   )
   SELECT dimension, period_start::text AS period_start, organisation_id::text AS organisation_id, location_id, value FROM applied WHERE questions = 0`,
);
const EMPTIED = 'dimension text, period_start date, organisation_id uuid, location_id text, value text';
const DELETE_EMPTY_REPORT = deleteEmptySql('report_rollup', EMPTIED, KEY.split(', '));
// An organisation's row is the sum of its locations' rows: it is emptied only with one of theirs.
const DELETE_EMPTY_ORG = deleteEmptySql('report_org_rollup', EMPTIED, ORG_KEY.split(', '));

/** Folds every pending delta into the rollup and the organisations' rollup (foldAndPrune). Run under the fold lock. */
export function foldReportDeltas(tx: Queryable): Promise<void> {
  return foldAndPrune(tx, FOLD_REPORT, [DELETE_EMPTY_REPORT, DELETE_EMPTY_ORG]);
}

/**
 * Recomputes the whole rollup from the questions (after a bulk load that bypassed the ingest); pending deltas go.
 * Written in time order, as the ingest grows it (a new period's rows at the end): a report over a range of time then
 * reads the pages of that range, as it does on a server that grew its rollup batch by batch (bench/README.md).
 */
export async function rebuildReportRollup(db: Queryable): Promise<void> {
  await db.query('DELETE FROM report_rollup_pending');
  await db.query('DELETE FROM report_rollup');
  await db.query(
    `INSERT INTO report_rollup (${KEY}, contacts, questions)
     SELECT ${KEY}, count(DISTINCT registration_id), count(*) FROM report_question_facts GROUP BY ${KEY} ORDER BY period_start`,
  );
  await db.query('DELETE FROM report_org_rollup');
  await db.query(`INSERT INTO report_org_rollup (${ORG_KEY}, contacts, questions) SELECT ${ORG_KEY}, sum(contacts), sum(questions) FROM report_rollup GROUP BY ${ORG_KEY} ORDER BY period_start`);
}
