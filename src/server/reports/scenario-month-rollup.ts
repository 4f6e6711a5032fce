import type { Queryable } from '../db/database';
import { deleteEmptySql, upsertSumsSql } from './delta-arrays';
import { MONTH_OF_DAY } from './heat-rollup';

/*
 * The rollup `report_scenario_month_rollup` (migrations/027_scenario_month_rollup.sql): contacts and questions per
 * location, Amsterdam month and scenario, `report_hour_rollup` summed over the days and hours of each month. The stats
 * of the scenario per location (stats-sql.ts: the scenario comparison, by location and scenario) read it for the whole
 * months of their range: at five million questions a year of it is 50,400 rows, against 256,952 in the scenario part
 * of `report_rollup`. The fold of the hour deltas changes it in the same statement as the hour rollup (hours-rollup.ts).
 */

export const SCENARIO_MONTH_TABLE = 'report_scenario_month_rollup';
const KEY = 'location_id, month, scenario, organisation_id';
/** The key of a row with `day` (of the hour rollup or its delta), named as KEY. */
const KEY_OF_DAY = `location_id, ${MONTH_OF_DAY} AS month, scenario, organisation_id`;

/**
 * The statement part that applies an hour-rollup delta (a CTE `delta` with the hour key and contacts, questions) to
 * the scenario month rollup, in key order, as a data-modifying CTE named `scenario_month`.
 */
export function applyScenarioMonthDeltaSql(delta: string): string {
  return `scenario_month AS (
       ${upsertSumsSql(SCENARIO_MONTH_TABLE, KEY, `(SELECT ${KEY_OF_DAY}, contacts, questions FROM ${delta})`, 'location_id, month, scenario')}
     )`;
}

/** Deletes the rows of nothing among those the hour rows the fold emptied fall in; prepared once per connection. */
export const DELETE_EMPTY_SCENARIO_MONTH = deleteEmptySql(SCENARIO_MONTH_TABLE, 'location_id text, day date, scenario text', ['location_id', ['month', MONTH_OF_DAY], 'scenario']);

/** Recomputes the whole scenario month rollup from the hour rollup (rebuild that one first), in time order. */
export async function rebuildScenarioMonthRollup(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM ${SCENARIO_MONTH_TABLE}`);
  await db.query(`INSERT INTO ${SCENARIO_MONTH_TABLE} (${KEY}, contacts, questions)
    SELECT ${KEY_OF_DAY}, sum(contacts), sum(questions) FROM report_hour_rollup GROUP BY 1, 2, 3, 4 ORDER BY 2`);
}
