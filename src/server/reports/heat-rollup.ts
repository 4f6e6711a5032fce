import type { Queryable } from '../db/database';
import { addDays } from './periods';

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

/** Deletes the heat rows of nothing among those the hour rows in `$1` (JSON: location_id, day, hour) fall in. */
export const DELETE_EMPTY_HEAT_SQL = `DELETE FROM report_heat_rollup d
  USING (SELECT DISTINCT location_id, date_trunc('month', day::timestamp)::date AS month, extract(isodow FROM day)::smallint AS weekday, hour
         FROM jsonb_to_recordset($1::text::jsonb) AS e (location_id text, day date, hour smallint)) AS e
  WHERE d.questions = 0 AND (d.location_id, d.month, d.weekday, d.hour) = (e.location_id, e.month, e.weekday, e.hour)`;

/** Recomputes the whole heat rollup from the hour rollup (rebuild that one first). */
export async function rebuildHeatRollup(db: Queryable): Promise<void> {
  await db.query('DELETE FROM report_heat_rollup');
  await db.query(
    `INSERT INTO report_heat_rollup (${HEAT_KEY}, contacts, questions)
     SELECT ${HEAT_KEY}, sum(contacts), sum(questions) FROM (SELECT ${HEAT_KEY_OF_DAY}, contacts, questions FROM report_hour_rollup) AS d GROUP BY ${HEAT_KEY}`,
  );
}

/** The first day of the month after the month of `day`. */
function nextMonth(day: string): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Splits a day range into whole calendar months (months `from` ≤ month < `before`, read from the heat rollup) and
 * the days at its edges (read from the hour rollup). No whole month: all days are edges.
 */
export function splitMonths(from: string, to: string): { months?: { from: string; before: string }; edges: { from: string; to: string }[] } {
  const wholeFrom = from.endsWith('-01') ? from : nextMonth(from);
  const wholeBefore = nextMonth(to) === addDays(to, 1) ? addDays(to, 1) : `${to.slice(0, 7)}-01`;
  if (wholeFrom >= wholeBefore) return from <= to ? { edges: [{ from, to }] } : { edges: [] };
  const edges = [];
  if (wholeFrom !== from) edges.push({ from, to: addDays(wholeFrom, -1) });
  if (wholeBefore !== addDays(to, 1)) edges.push({ from: wholeBefore, to });
  return { months: { from: wholeFrom, before: wholeBefore }, edges };
}
