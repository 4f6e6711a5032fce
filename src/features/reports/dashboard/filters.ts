/** The dashboard's filters; they live in the URL so a view can be bookmarked and shared. */
export interface DashboardFilters {
  year?: string;
  from?: string;
  to?: string;
  province?: string;
  municipality?: string;
  organisation?: string;
  location?: string;
  /** 'true': national figures count demo organisations too (the server leaves them out by default) */
  includeDemo?: string;
}

const KEYS: Array<keyof DashboardFilters> = ['year', 'from', 'to', 'province', 'municipality', 'organisation', 'location', 'includeDemo'];

export { PROVINCES } from '../../../shared/reports';

/** Reads filters from a query string (the part of the hash after "?"). */
export function parseFilters(query: string): DashboardFilters {
  const params = new URLSearchParams(query);
  const filters: DashboardFilters = {};
  for (const key of KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value.slice(0, 64);
  }
  return filters;
}

/** Writes filters as a query string, leaving out empty ones. */
export function filtersToQuery(filters: DashboardFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]!);
  return params.toString();
}

/** The API's query for these filters: a chosen period wins over the year. */
export function statsQuery(filters: DashboardFilters, groupBy: string[]): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.from || filters.to) {
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
  } else if (filters.year) {
    params.set('from', `${filters.year}-01-01`);
    params.set('to', `${filters.year}-12-31`);
  }
  for (const key of ['province', 'municipality', 'organisation', 'location'] as const) {
    if (filters[key]) params.set(key, filters[key]!);
  }
  if (filters.includeDemo === 'true') params.set('includeDemo', 'true');
  if (groupBy.length) params.set('groupBy', groupBy.join(','));
  return params;
}
