import { useEffect, useState } from 'preact/hooks';
import { fetchStats, ReportError, type StatsResponse } from './api';
import { statsQuery, type DashboardFilters } from './filters';
import { useCountsForResults } from './Results';
import { useReportSession } from './session';

export interface Report<T> {
  data?: T;
  error?: string;
}

/** Concurrent views that ask the same thing share one request (the filters and locations both read the locations). */
const inFlight = new Map<string, Promise<unknown>>();

function shared<T>(key: string, load: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = load().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

/**
 * One view's data: `load` runs with the session's token whenever `key` changes. A 401 ends the session
 * (the shell shows the sign-in with the server's message); any other failure is the view's error.
 */
export function useReport<T>(key: string, load: (token: string) => Promise<T>): Report<T> {
  const { token, expire, lostConnection } = useReportSession();
  const [report, setReport] = useState<Report<T> & { key?: string }>({});
  useEffect(() => {
    let current = true;
    shared(`${token}\n${key}`, () => load(token)).then((data) => {
      if (current) setReport({ data, key });
    }).catch((failure: unknown) => {
      if (!current) return;
      const message = failure instanceof Error ? failure.message : 'Er ging iets mis.';
      if (failure instanceof ReportError && failure.status === 401) expire(message);
      else setReport({ error: message, key });
      // No answer at all: the shell shows one message for the whole dashboard (Dashboard.tsx), not one per view.
      if (failure instanceof ReportError && failure.status === 0) lostConnection?.();
    });
    return () => { current = false; };
  }, [token, key]);
  // Inside the dashboard's results the view counts as ready once this key's answer or error is in (Results.tsx).
  useCountsForResults(report.key === key);
  // Data of an earlier key stays shown while the new one loads (no flicker between filters).
  return { data: report.data, error: report.key === key ? report.error : undefined };
}

/** `GET /api/v1/stats`, shared with any view asking the same at the same time. */
export function fetchStatsShared(token: string, query: URLSearchParams): Promise<StatsResponse> {
  return shared(`${token}\nstats?${query}`, () => fetchStats(token, query));
}

/** `GET /api/v1/stats` for the filters, grouped by these dimensions. */
export function useStats(filters: DashboardFilters, groupBy: string[]): Report<StatsResponse> {
  const query = statsQuery(filters, groupBy).toString();
  return useReport(`stats?${query}`, (token) => fetchStats(token, new URLSearchParams(query)));
}

/** Several stats queries at once, for a view that needs them together. */
export function useStatsSet<K extends string>(queries: Record<K, { filters: DashboardFilters; groupBy: string[] }>): Report<Record<K, StatsResponse>> {
  const entries = Object.entries(queries) as Array<[K, { filters: DashboardFilters; groupBy: string[] }]>;
  const asked = entries.map(([name, q]) => [name, statsQuery(q.filters, q.groupBy).toString()] as const);
  return useReport(`stats-set\n${asked.map(([n, q]) => `${n}=${q}`).join('\n')}`, async (token) => {
    const answers = await Promise.all(asked.map(([, query]) => fetchStatsShared(token, new URLSearchParams(query))));
    return Object.fromEntries(asked.map(([name], i) => [name, answers[i]])) as Record<K, StatsResponse>;
  });
}
