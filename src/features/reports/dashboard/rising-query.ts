import type { DashboardFilters } from './filters';

/**
 * The query of "Opvallend" for the filters: the place filters, and the month judged: this month, the last
 * month of an earlier year, or the month of a chosen end date.
 */
export function risingQuery(filters: DashboardFilters, today = new Date()): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['province', 'municipality', 'organisation', 'location'] as const) if (filters[key]) params.set(key, filters[key]!);
  if (filters.includeDemo === 'true') params.set('includeDemo', 'true');
  const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  const month = filters.to?.slice(0, 7) ?? (filters.from ? undefined : filters.year && `${filters.year}-12`);
  if (month && /^\d{4}-\d{2}$/.test(month) && month < thisMonth) params.set('month', month);
  return params;
}
