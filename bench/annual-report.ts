/** One timed annual report (GET /api/v1/reports/annual): milliseconds over `runs` requests after one warm-up, as bench/reports.ts times stats. */
export async function timeAnnualReport(baseUrl: string, token: string, query: string, label: string, runs: number): Promise<{ query: string; runs: number; p50Ms: number; p95Ms: number; rows: number }> {
  const get = async () => {
    const response = await fetch(`${baseUrl}/api/v1/reports/annual?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`annual report ${query}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { locations: unknown[] };
  };
  await get();
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = (await get()).locations.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return { query: label, runs, p50Ms: Math.round(at(50)), p95Ms: Math.round(at(95)), rows };
}
