import { timeRuns } from './stats';

/** One timed annual report (GET /api/v1/reports/annual): milliseconds over `runs` requests after one warm-up, as bench/reports.ts times stats. */
export async function timeAnnualReport(baseUrl: string, token: string, query: string, label: string, runs: number): Promise<{ query: string; runs: number; p50Ms: number; p95Ms: number; rows: number }> {
  const get = async () => {
    const response = await fetch(`${baseUrl}/api/v1/reports/annual?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`annual report ${query}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { locations: unknown[] };
  };
  await get();
  const { p50Ms, p95Ms, answers } = await timeRuns(runs, get);
  return { query: label, runs, p50Ms, p95Ms, rows: answers.at(-1)?.locations.length ?? 0 };
}
