import type { Queryable } from '../db/database';
import { deleteEmptySql, upsertSumsSql } from './delta-arrays';
import { HEAT_KEY_OF_DAY, heatKeyOfDay } from './heat-rollup';

/*
 * The organisations' hour and heat rollups (migrations/026_org_hour_rollups.sql): `report_hour_rollup` summed over
 * the locations and scenarios of each organisation (per Amsterdam day and hour), and `report_heat_rollup` summed over
 * its locations (per month, ISO weekday and hour). A heat map that names no place finer than the organisation and no
 * scenario (national, a coordinator's) reads them instead (hours-insight.ts): at five million questions 491,971 rows
 * against 2,830,487 and 114,598 against 532,232. The fold of the hour deltas changes them in the same statement as
 * the hour and heat rollups (hours-rollup.ts).
 */

const ORG_HOUR_KEY = 'organisation_id, day, hour';
const ORG_HEAT_KEY = 'organisation_id, month, weekday, hour';

/**
 * The statement parts that apply an hour-rollup delta (a CTE `delta` with the hour key and contacts, questions) to
 * both organisations' rollups, in key order, as data-modifying CTEs named `org_hour` and `org_heat`.
 */
export function applyOrgHourDeltasSql(delta: string): string {
  return `org_hour AS (
       ${upsertSumsSql('report_org_hour_rollup', ORG_HOUR_KEY, delta)}
     ), org_heat AS (
       ${upsertSumsSql('report_org_heat_rollup', ORG_HEAT_KEY, `(SELECT ${HEAT_KEY_OF_DAY}, contacts, questions FROM ${delta})`)}
     )`;
}

// An organisation's row is the sum of its locations' rows: it is emptied only with one of theirs. They read the hour
// rows the fold left at nothing (organisation_id, day, hour and more); prepared once per connection.
const EMPTIED_HOURS = 'organisation_id uuid, day date, hour smallint';
export const DELETE_EMPTY_ORG_HOUR = deleteEmptySql('report_org_hour_rollup', EMPTIED_HOURS, ['organisation_id', 'day', 'hour']);
export const DELETE_EMPTY_ORG_HEAT = deleteEmptySql('report_org_heat_rollup', EMPTIED_HOURS, heatKeyOfDay('organisation_id'));

/** Recomputes both organisations' rollups from the hour and heat rollups (rebuild those first), in time order. */
export async function rebuildOrgHourRollups(db: Queryable): Promise<void> {
  await db.query('DELETE FROM report_org_hour_rollup');
  await db.query(`INSERT INTO report_org_hour_rollup (${ORG_HOUR_KEY}, contacts, questions)
    SELECT ${ORG_HOUR_KEY}, sum(contacts), sum(questions) FROM report_hour_rollup GROUP BY ${ORG_HOUR_KEY} ORDER BY day`);
  await db.query('DELETE FROM report_org_heat_rollup');
  await db.query(`INSERT INTO report_org_heat_rollup (${ORG_HEAT_KEY}, contacts, questions)
    SELECT ${ORG_HEAT_KEY}, sum(contacts), sum(questions) FROM report_heat_rollup GROUP BY ${ORG_HEAT_KEY} ORDER BY month`);
}

/**
 * The tables a heat map reads (hours-insight.ts): the organisations' rollups when it names no place finer than the
 * organisation and no scenario, else the locations'.
 */
export function heatMapTables(byOrganisation: boolean): { months: string; days: string } {
  return byOrganisation ? { months: 'report_org_heat_rollup', days: 'report_org_hour_rollup' } : { months: 'report_heat_rollup', days: 'report_hour_rollup' };
}
