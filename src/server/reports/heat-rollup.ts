import { type PreparedSql, preparedSql, type Queryable } from '../db/database';

/*
 * The rollup `report_heat_rollup` (migrations/019_heat_rollup.sql): contacts and questions per location, Amsterdam
 * month, ISO weekday and Amsterdam hour. It is `report_hour_rollup` summed over the days of a month by weekday and
 * over scenarios: the ingest changes both from the same delta in one statement (hours-rollup.ts), and the heat map
 * without a scenario reads it for the whole months of its range and the hour rollup for the days at the edges.
 */

export const HEAT_KEY = 'location_id, month, weekday, hour, organisation_id';

/** The heat key of a row with `day` and `hour` columns (of the hour rollup or its delta), named as HEAT_KEY. */
export const HEAT_KEY_OF_DAY = `location_id, date_trunc('month', day::timestamp)::date AS month, extract(isodow FROM day)::smallint AS weekday,
  hour, organisation_id`;

/**
 * The statement part that applies an hour-rollup delta (a CTE `delta` with the hour key and contacts, questions) to
 * the heat rollup, in key order, as a data-modifying CTE named `heat`.
 */
export function applyHeatDeltaSql(delta: string): string {
  return `heat AS (
       INSERT INTO report_heat_rollup AS h (${HEAT_KEY}, contacts, questions)
       SELECT ${HEAT_KEY}, sum(contacts)::int, sum(questions)::int FROM (SELECT ${HEAT_KEY_OF_DAY}, contacts, questions FROM ${delta}) AS d
       GROUP BY ${HEAT_KEY}
       HAVING sum(contacts) <> 0 OR sum(questions) <> 0
       ORDER BY location_id, month, weekday, hour
       ON CONFLICT (location_id, month, weekday, hour) DO UPDATE SET contacts = h.contacts + EXCLUDED.contacts, questions = h.questions + EXCLUDED.questions
     )`;
}

/**
 * The statement that deletes the rows of nothing in a heat rollup `table` (keyed by the place column, month, weekday
 * and hour) among those the hour rows in `$1` (JSON: that place column, day, hour and more) fall in.
 */
export function deleteEmptyHeatSql(table: string, place: 'location_id text' | 'organisation_id uuid'): PreparedSql {
  const column = place.split(' ')[0];
  return preparedSql(`DELETE FROM ${table} d
  USING (SELECT DISTINCT ${column}, date_trunc('month', day::timestamp)::date AS month, extract(isodow FROM day)::smallint AS weekday, hour
         FROM jsonb_to_recordset($1::text::jsonb) AS e (${place}, day date, hour smallint)) AS e
  WHERE d.questions = 0 AND (d.${column}, d.month, d.weekday, d.hour) = (e.${column}, e.month, e.weekday, e.hour)`);
}

/** Deletes the heat rows of nothing among those the hour rows the fold emptied fall in; prepared once per connection. */
export const DELETE_EMPTY_HEAT = deleteEmptyHeatSql('report_heat_rollup', 'location_id text');

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
