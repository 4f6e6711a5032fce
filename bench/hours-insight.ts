import type { Database, Queryable } from '../src/server/db/database';
import { timeRuns } from './stats';

/*
 * "Do more hours bring more visitors?" beside the stats in the reports bench (bench/reports.ts): the heat map,
 * the per-location view and the scenario comparison over the same five million questions, as a national
 * dashboard and a coordinator ask for them. Every third bench location changes its hours on 1 July 2025. The national
 * heat map is also timed as it was read before the heat rollup (migration 019) and before the organisations' sums
 * (migration 026), and the scenario comparison's counts before the scenario month rollup (migration 027), in the same run.
 */

/** One timed endpoint: milliseconds over `runs` requests after one warm-up. */
export interface HoursTiming {
  query: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
}

/** IDO hours for the bench locations: 4–15 hours a week from 2024, a third of them changed on 1 July 2025. */
export async function seedBenchHours(db: Database): Promise<void> {
  await db.query(`INSERT INTO location_hours (location_id, valid_from, hours_per_week)
    SELECT id, date '2024-01-01', 4 + (substr(id, 11)::int % 12) FROM locations WHERE id LIKE 'bench-loc-%'
    UNION ALL
    SELECT id, date '2025-07-01', 8 + (substr(id, 11)::int % 12) FROM locations WHERE id LIKE 'bench-loc-%' AND substr(id, 11)::int % 3 = 0
    ON CONFLICT DO NOTHING`);
}

/** Times `get`: one warm-up, then `runs` calls; logs the figure as soon as it is measured. */
async function timeCalls(label: string, runs: number, get: () => Promise<unknown>): Promise<HoursTiming> {
  await get();
  const { p50Ms, p95Ms } = await timeRuns(runs, get);
  const timing = { query: label, runs, p50Ms, p95Ms };
  console.log(`  ${label}: p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms`);
  return timing;
}

async function time(baseUrl: string, token: string, path: string, label: string, runs: number): Promise<HoursTiming> {
  return timeCalls(label, runs, async () => {
    const response = await fetch(`${baseUrl}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  });
}

/** The national heat map 15 Jan–15 Jun as GET /busy-hours reads it: whole months from `months`, edge days from `days`. */
function partialMonthsSql(months: string, days: string): string {
  const edge = (from: string, to: string) => `SELECT extract(isodow FROM d.day)::smallint AS weekday, d.hour, d.contacts
    FROM (SELECT r.day, r.hour, sum(r.contacts) AS contacts FROM ${days} r WHERE r.day BETWEEN '${from}' AND '${to}' GROUP BY 1, 2) AS d`;
  return `SELECT weekday::int AS weekday, hour::int AS hour, sum(contacts)::int AS contacts FROM (
    SELECT r.weekday, r.hour, sum(r.contacts) AS contacts FROM ${months} r WHERE r.month BETWEEN '2025-02-01' AND '2025-05-01' GROUP BY 1, 2
    UNION ALL ${edge('2025-01-15', '2025-01-31')} UNION ALL ${edge('2025-06-01', '2025-06-15')}) AS p GROUP BY 1, 2`;
}

/**
 * The national heat map as GET /busy-hours read it before the heat rollup (migration 019): every row of the hour
 * rollup in the range, summed by weekday and hour; and before and after the organisations' sums (migration 026); the
 * scenario comparison's counts before and after the scenario month rollup (migration 027). Timed
 * as SQL on the server's pool (no HTTP), in the same run; the endpoint's own figures (HTTP) are in the list above.
 */
export async function timeHoursSqlBeforeAndAfter(db: Queryable, runs: number): Promise<HoursTiming[]> {
  const year = ['2025-01-01', '2025-12-31'];
  const wholeYear = (table: string) => `SELECT r.weekday::int AS weekday, r.hour::int AS hour, sum(r.contacts)::int AS contacts
    FROM ${table} r WHERE r.month >= $1::date AND r.month < ($2::date + 1) GROUP BY 1, 2`;
  return [
    await timeCalls('busy-hours national, year, before 019: hour rollup only (SQL)', runs, () => db.query(
      `SELECT extract(isodow FROM r.day)::int AS weekday, r.hour::int AS hour, sum(r.contacts)::int AS contacts
       FROM report_hour_rollup r WHERE r.day BETWEEN $1::date AND $2::date GROUP BY 1, 2`, year)),
    await timeCalls('busy-hours national, year, after 019: heat rollup (SQL)', runs, () => db.query(wholeYear('report_heat_rollup'), year)),
    await timeCalls('busy-hours national, year, after 026: the organisations\' heat rollup (SQL)', runs, () => db.query(wholeYear('report_org_heat_rollup'), year)),
    await timeCalls('busy-hours national, 15 Jan–15 Jun, before 026: the locations\' rollups (SQL)', runs, () => db.query(partialMonthsSql('report_heat_rollup', 'report_hour_rollup'))),
    await timeCalls('busy-hours national, 15 Jan–15 Jun, after 026: the organisations\' rollups (SQL)', runs, () => db.query(partialMonthsSql('report_org_heat_rollup', 'report_org_hour_rollup'))),
    // The scenario comparison's counts (location × scenario) for a year of whole months.
    await timeCalls('scenario comparison national, year, before 027: the rollup\'s scenario part (SQL)', runs, () => db.query(
      `SELECT r.location_id, r.value, sum(r.contacts)::int AS contacts, sum(r.questions)::int AS questions FROM report_rollup r
       WHERE r.dimension = 'scenario' AND r.period_start >= $1::date AND r.period_start < ($2::date + 1) GROUP BY 1, 2`, year)),
    await timeCalls('scenario comparison national, year, after 027: the scenario month rollup (SQL)', runs, () => db.query(
      `SELECT m.location_id, m.scenario, sum(m.contacts)::int AS contacts, sum(m.questions)::int AS questions FROM report_scenario_month_rollup m
       WHERE m.month BETWEEN $1::date AND date_trunc('month', $2::date)::date GROUP BY 1, 2`, year)),
  ];
}

/** The hours endpoints, timed as the dashboard's hours view asks for them. */
export async function timeHoursInsight(baseUrl: string, tokens: { national: string; coordinator: string }, coordinatorLocation: string, runs: number): Promise<HoursTiming[]> {
  const year = 'from=2025-01-01&to=2025-12-31';
  return [
    await time(baseUrl, tokens.national, `scenario-comparison?${year}`, 'GET /scenario-comparison national, year', runs),
    // The endpoint's default range, the 365 days up to today: its edge months in part from the rollup and the hour rollup.
    await time(baseUrl, tokens.national, 'scenario-comparison?from=2024-12-06&to=2025-12-05', 'GET /scenario-comparison national, 365 days to 5 Dec 2025 (edge days at both ends)', runs),
    await time(baseUrl, tokens.coordinator, `scenario-comparison?${year}`, 'GET /scenario-comparison coordinator, year', runs),
    await time(baseUrl, tokens.national, 'busy-hours?from=2025-10-01&to=2025-12-31', 'GET /busy-hours national, 13 weeks', runs),
    // The endpoint's default range, the 13 weeks up to today, mostly cuts a month at both ends.
    await time(baseUrl, tokens.national, 'busy-hours?from=2025-09-06&to=2025-12-05', 'GET /busy-hours national, 13 weeks to 5 Dec (edge days at both ends)', runs),
    await time(baseUrl, tokens.national, `busy-hours?${year}`, 'GET /busy-hours national, year', runs),
    await time(baseUrl, tokens.national, 'busy-hours?from=2025-01-15&to=2025-06-15', 'GET /busy-hours national, 15 Jan–15 Jun (edge days from the organisations\' hour rollup)', runs),
    await time(baseUrl, tokens.national, `busy-hours?${year}&province=Utrecht`, 'GET /busy-hours province Utrecht, year', runs),
    await time(baseUrl, tokens.national, `busy-hours?${year}&municipality=GM1000`, 'GET /busy-hours municipality GM1000, year', runs),
    await time(baseUrl, tokens.coordinator, `busy-hours?${year}`, 'GET /busy-hours coordinator, year', runs),
    await time(baseUrl, tokens.coordinator, `hours-effect?location=${coordinatorLocation}&${year}&weeks=8`, 'GET /hours-effect one location, year, 8 weeks', runs),
  ];
}
