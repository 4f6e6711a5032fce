import { isCode } from '../../shared/codelists';
import { ApiError } from '../errors';
import { parseReportQuery } from './parameters';

/** The own parameters of the hours endpoints, beside the report filters. */
export type HoursParameter = 'weeks' | 'scenario';

export interface HoursOptions {
  weeks: number;
  scenario?: string;
}

const FILTERS = ['from', 'to', 'province', 'municipality', 'organisation', 'location', 'includeDemo'];
export const DEFAULT_WEEKS = 8;

function invalid(message: string): ApiError {
  return new ApiError('invalid_request', {}, message);
}

/**
 * Splits the query of an hours endpoint into the report filters (checked by parseReportQuery) and its own
 * parameters; every mistake is a Dutch 400 that names the parameter.
 */
export function parseHoursQuery(raw: unknown, own: readonly HoursParameter[]) {
  const params = { ...((raw ?? {}) as Record<string, unknown>) };
  const allowed = [...FILTERS, ...own];
  for (const [name, value] of Object.entries(params)) {
    if (!allowed.includes(name)) throw invalid(`Onbekende parameter "${name.slice(0, 40)}". Toegestaan: ${allowed.join(', ')}.`);
    if (typeof value !== 'string') throw invalid(`De parameter ${name} staat er meer dan één keer in.`);
  }
  const options: HoursOptions = { weeks: DEFAULT_WEEKS };
  const weeks = params.weeks as string | undefined;
  if (weeks !== undefined && weeks !== '') {
    if (!/^\d{1,2}$/.test(weeks) || Number(weeks) < 1 || Number(weeks) > 52) throw invalid('weeks moet een heel getal van 1 tot en met 52 zijn.');
    options.weeks = Number(weeks);
  }
  const scenario = params.scenario as string | undefined;
  if (scenario !== undefined && scenario !== '') {
    if (!isCode('scenario', scenario)) throw invalid('scenario moet een code uit de lijst scenario zijn, zoals spreekuur, balie, lopend of popup.');
    options.scenario = scenario;
  }
  delete params.weeks;
  delete params.scenario;
  return { filters: parseReportQuery(params, []), options };
}
