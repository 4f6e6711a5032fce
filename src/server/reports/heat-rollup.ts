import type { Queryable } from '../db/database';
import { deleteEmptySql, upsertSumsSql } from './delta-arrays';

/*
 * The rollup `report_heat_rollup` (migrations/019_heat_rollup.sql): contacts and questions per location, Amsterdam
 * month, ISO weekday and Amsterdam hour. It is `report_hour_rollup` summed over the days of a month by weekday and
 * over scenarios: the ingest changes both from the same delta in one statement (hours-rollup.ts), and the heat map
 * without a scenario reads it for the whole months of its range and the hour rollup for the days at the edges.
 */

export const HEAT_KEY = 'location_id, month, weekday, hour, organisation_id';

/** The Amsterdam month and ISO weekday of a `day` column (of the hour rollup, its delta or a fold's emptied rows). */
export const MONTH_OF_DAY = "date_trunc('month', day::timestamp)::date";
export const WEEKDAY_OF_DAY = 'extract(isodow FROM day)::smallint';

/** The heat key of a row with `day` and `hour` columns (of the hour rollup or its delta), named as HEAT_KEY. */
export const HEAT_KEY_OF_DAY = `location_id, ${MONTH_OF_DAY} AS month, ${WEEKDAY_OF_DAY} AS weekday, hour, organisation_id`;

/**
 * The statement part that applies an hour-rollup delta (a CTE `delta` with the hour key and contacts, questions) to
 * the heat rollup, in key order, as a data-modifying CTE named `heat`.
 */
export function applyHeatDeltaSql(delta: string): string {
  return `heat AS (
       ${upsertSumsSql('report_heat_rollup', HEAT_KEY, `(SELECT ${HEAT_KEY_OF_DAY}, contacts, questions FROM ${delta})`, 'location_id, month, weekday, hour')}
     )`;
}

/** The key of a heat rollup by `place` (month and weekday from a `day` field), for deleteEmptySql. */
export const heatKeyOfDay = (place: string) => [place, ['month', MONTH_OF_DAY], ['weekday', WEEKDAY_OF_DAY], 'hour'] as const;

/** Deletes the heat rows of nothing among those the hour rows the fold emptied fall in; prepared once per connection. */
export const DELETE_EMPTY_HEAT = deleteEmptySql('report_heat_rollup', 'location_id text, day date, hour smallint', heatKeyOfDay('location_id'));

/** Recomputes the whole heat rollup from the hour rollup (rebuild that one first). */
export async function rebuildHeatRollup(db: Queryable): Promise<void> {
  await db.query('DELETE FROM report_heat_rollup');
  await db.query(
    `INSERT INTO report_heat_rollup (${HEAT_KEY}, contacts, questions)
     SELECT ${HEAT_KEY}, sum(contacts), sum(questions) FROM (SELECT ${HEAT_KEY_OF_DAY}, contacts, questions FROM report_hour_rollup) AS d GROUP BY ${HEAT_KEY} ORDER BY month`,
  );
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The last day of the month of a YYYY-MM-DD day (string arithmetic only: years 0001 and 9999 included). */
function lastDayOfMonth(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return `${day.slice(0, 8)}${pad(month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1], 2)}`;
}

/** Month number (year × 12 + month − 1) and back to its first day. */
const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const firstDayOf = (index: number) => `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}-01`;

/**
 * Splits a day range (YYYY-MM-DD, both included) into whole calendar months (first days `from` … `to`, read from
 * the heat rollup) and the days at its edges (read from the hour rollup). No whole month: all days are edges.
 */
export function splitMonths(from: string, to: string): { months?: { from: string; to: string }; edges: { from: string; to: string }[] } {
  if (from > to) return { edges: [] };
  const startsMonth = from.endsWith('-01');
  const endsMonth = to === lastDayOfMonth(to);
  const first = monthIndex(from) + (startsMonth ? 0 : 1);
  const last = monthIndex(to) - (endsMonth ? 0 : 1);
  if (first > last) return { edges: [{ from, to }] };
  const edges = [];
  if (!startsMonth) edges.push({ from, to: lastDayOfMonth(from) });
  if (!endsMonth) edges.push({ from: `${to.slice(0, 8)}01`, to });
  return { months: { from: firstDayOf(first), to: firstDayOf(last) }, edges };
}
