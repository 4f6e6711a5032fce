import type { Database } from '../src/server/db/database';

/*
 * "Do more hours bring more visitors?" beside the stats in the reports bench (bench/reports.ts): the heat map,
 * the per-location view and the scenario comparison over the same five million questions, as a national
 * dashboard and a coordinator ask for them. Every third bench location changes its hours on 1 July 2025.
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

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(baseUrl: string, token: string, path: string, label: string, runs: number): Promise<HoursTiming> {
  const get = async () => {
    const response = await fetch(`${baseUrl}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  await get();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { query: label, runs, p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)) };
}

/** The hours endpoints, timed as the dashboard's hours view asks for them. */
export async function timeHoursInsight(baseUrl: string, tokens: { national: string; coordinator: string }, coordinatorLocation: string, runs: number): Promise<HoursTiming[]> {
  const year = 'from=2025-01-01&to=2025-12-31';
  return [
    await time(baseUrl, tokens.national, `scenario-comparison?${year}`, 'GET /scenario-comparison national, year', runs),
    await time(baseUrl, tokens.coordinator, `scenario-comparison?${year}`, 'GET /scenario-comparison coordinator, year', runs),
    await time(baseUrl, tokens.national, 'busy-hours?from=2025-10-01&to=2025-12-31', 'GET /busy-hours national, 13 weeks', runs),
    await time(baseUrl, tokens.national, `busy-hours?${year}`, 'GET /busy-hours national, year', runs),
    await time(baseUrl, tokens.coordinator, `busy-hours?${year}`, 'GET /busy-hours coordinator, year', runs),
    await time(baseUrl, tokens.coordinator, `hours-effect?location=${coordinatorLocation}&${year}&weeks=8`, 'GET /hours-effect one location, year, 8 weeks', runs),
  ];
}
