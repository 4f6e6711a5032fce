import { preparedSql, type Queryable } from '../db/database';
import type { HourDeltaRow } from './contribution';
import { appendDeltaSql, deleteEmptySql, deltaRowsSql, foldAndPrune } from './delta-arrays';
import { applyHeatDeltaSql, DELETE_EMPTY_HEAT, rebuildHeatRollup } from './heat-rollup';
import { applyOrgHourDeltasSql, DELETE_EMPTY_ORG_HEAT, DELETE_EMPTY_ORG_HOUR, rebuildOrgHourRollups } from './org-hour-rollups';
import { applyScenarioMonthDeltaSql, DELETE_EMPTY_SCENARIO_MONTH, rebuildScenarioMonthRollup } from './scenario-month-rollup';

/*
 * The rollup `report_hour_rollup` (migrations/015_hour_rollup.sql): contacts per location, Amsterdam day and hour,
 * and scenario, with their questions, solved and referred questions. The batch ingest keeps it exactly as it keeps
 * `report_rollup` (rollup.ts): it appends its deltas to `report_hour_rollup_pending`, and the fold applies them in
 * one statement, in key order, here, summed by month and weekday to `report_heat_rollup` (heat-rollup.ts), and both
 * summed per organisation to `report_org_hour_rollup` and `report_org_heat_rollup` (org-hour-rollups.ts), and summed
 * by month and scenario to `report_scenario_month_rollup` (scenario-month-rollup.ts).
 */

const KEY = 'location_id, day, hour, scenario, organisation_id';
const COUNTS = 'contacts, questions, solved, referred';

// Per contact first, then per key: the distinct contacts without count(DISTINCT)'s sort (as rollup.ts).
function contributionSql(idsParam: string): string {
  return `SELECT ${KEY}, count(*)::int AS contacts, sum(questions)::int AS questions, sum(solved)::int AS solved, sum(referred)::int AS referred
    FROM (SELECT ${KEY}, count(*) AS questions, count(*) FILTER (WHERE solved) AS solved, count(*) FILTER (WHERE referred) AS referred
          FROM report_hour_facts
          WHERE registration_id IN (SELECT jsonb_array_elements_text(${idsParam}::text::jsonb)::uuid)
          GROUP BY ${KEY}, registration_id) AS per_contact
    GROUP BY ${KEY}`;
}

/** The columns of `report_hour_rollup_pending` (migration 023): one array each, a delta row at each index; a delta row's fields. */
export const HOUR_DELTA_COLUMNS = ['location_id', 'day', 'hour', 'scenario', 'organisation_id', 'contacts', 'questions', 'solved', 'referred'] as const satisfies readonly (keyof HourDeltaRow)[];

/** The hour delta rows of the pending rows in `source` (the table, or a CTE taken from it), as a subquery to alias. */
export function hourDeltaRowsSql(source: string): string {
  return deltaRowsSql(source, HOUR_DELTA_COLUMNS);
}

/**
 * The statement part (a data-modifying CTE named `hour_delta`) that appends to `report_hour_rollup_pending` what the
 * stored questions of the registrations in `idsParam` (JSON array of ids) count now, times `sign` (as rollup.ts).
 */
export function appendHourDeltaSql(idsParam: string, sign: 1 | -1): string {
  return appendDeltaSql('hour_delta', 'report_hour_rollup_pending', KEY.split(', '), COUNTS.split(', '), contributionSql(idsParam), sign);
}

// The fold's statements, prepared once per connection (database.ts).
const FOLD_HOURS = preparedSql(
  `WITH taken AS (
     DELETE FROM report_hour_rollup_pending RETURNING *
   ), delta AS (
     SELECT ${KEY}, sum(contacts)::int AS contacts, sum(questions)::int AS questions, sum(solved)::int AS solved, sum(referred)::int AS referred
     FROM ${hourDeltaRowsSql('taken')} AS d
     GROUP BY ${KEY}
     HAVING sum(contacts) <> 0 OR sum(questions) <> 0 OR sum(solved) <> 0 OR sum(referred) <> 0
   ), ${applyHeatDeltaSql('delta')}, ${applyOrgHourDeltasSql('delta')}, ${applyScenarioMonthDeltaSql('delta')}, applied AS (
     INSERT INTO report_hour_rollup AS r (${KEY}, ${COUNTS})
     SELECT ${KEY}, ${COUNTS} FROM delta ORDER BY location_id, day, hour, scenario
     ON CONFLICT (location_id, day, hour, scenario) DO UPDATE SET contacts = r.contacts + EXCLUDED.contacts,
       questions = r.questions + EXCLUDED.questions, solved = r.solved + EXCLUDED.solved, referred = r.referred + EXCLUDED.referred
     RETURNING r.location_id, r.day, r.hour, r.scenario, r.organisation_id, r.questions
   )
   SELECT location_id, day::text AS day, hour, scenario, organisation_id::text AS organisation_id FROM applied WHERE questions = 0`,
);
const DELETE_EMPTY_HOURS = deleteEmptySql('report_hour_rollup', 'location_id text, day date, hour smallint, scenario text', ['location_id', 'day', 'hour', 'scenario']);

/**
 * Folds every pending hour delta into the hour rollup, summed by month and weekday into the heat rollup, both
 * summed per organisation into theirs, and summed by month and scenario into the scenario month rollup
 * (foldAndPrune; a row of nothing in any of them lies over an hour row of nothing). Run under the fold lock.
 */
export function foldHourDeltas(tx: Queryable): Promise<void> {
  return foldAndPrune(tx, FOLD_HOURS, [DELETE_EMPTY_HOURS, DELETE_EMPTY_HEAT, DELETE_EMPTY_ORG_HOUR, DELETE_EMPTY_ORG_HEAT, DELETE_EMPTY_SCENARIO_MONTH]);
}

/**
 * Recomputes the whole hour rollup from the questions (after a bulk load that bypassed the ingest), the heat and
 * scenario month rollups from it and the organisations' rollups from those; all in time order, the layout the ingest grows (see
 * rebuildReportRollup).
 */
export async function rebuildHourRollup(db: Queryable): Promise<void> {
  await db.query('DELETE FROM report_hour_rollup_pending');
  await db.query('DELETE FROM report_hour_rollup');
  await db.query(
    `INSERT INTO report_hour_rollup (${KEY}, ${COUNTS})
     SELECT ${KEY}, count(DISTINCT registration_id), count(*), count(*) FILTER (WHERE solved), count(*) FILTER (WHERE referred)
     FROM report_hour_facts GROUP BY ${KEY} ORDER BY day`,
  );
  await rebuildHeatRollup(db);
  await rebuildOrgHourRollups(db);
  await rebuildScenarioMonthRollup(db);
}
