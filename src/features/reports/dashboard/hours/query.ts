import { type DashboardFilters, filtersToQuery, parseFilters, statsQuery } from '../filters';

/** The hours view's choices: the dashboard's filters plus a scenario and the weeks on each side of a change. */
export interface HoursFilters extends DashboardFilters {
  scenario?: string;
  weeks?: string;
}

/** Reads the hours view's choices from the query string of `#/dashboard/uren?…`. */
export function parseHoursFilters(query: string): HoursFilters {
  const params = new URLSearchParams(query);
  const filters: HoursFilters = parseFilters(query);
  const scenario = params.get('scenario')?.trim();
  if (scenario && /^[a-z_]{1,40}$/.test(scenario)) filters.scenario = scenario;
  const weeks = params.get('weeks')?.trim();
  if (weeks && /^\d{1,2}$/.test(weeks)) filters.weeks = weeks;
  return filters;
}

/** Writes the choices back, leaving out empty ones. */
export function hoursFiltersToQuery(filters: HoursFilters): string {
  const params = new URLSearchParams(filtersToQuery(filters));
  if (filters.scenario) params.set('scenario', filters.scenario);
  if (filters.weeks) params.set('weeks', filters.weeks);
  return params.toString();
}

/** The API query of one endpoint: the filters it takes (`own`: scenario, weeks). */
export function hoursApiQuery(filters: HoursFilters, own: ReadonlyArray<'scenario' | 'weeks'>, withLocation = true): URLSearchParams {
  const params = statsQuery(withLocation ? filters : { ...filters, location: undefined }, []);
  for (const name of own) if (filters[name]) params.set(name, filters[name]!);
  return params;
}
