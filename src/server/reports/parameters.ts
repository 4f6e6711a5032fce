import { type CsvDelimiter, MAX_GROUP_BY, normaliseProvince, PROVINCES, STATS_DIMENSIONS, type StatsDimension, type StatsQuery } from '../../shared/reports';
import { isCalendarDay } from '../../shared/calendar';
import { ApiError } from '../errors';
import { isUuid } from '../../shared/ids';

const FILTERS = ['from', 'to', 'province', 'municipality', 'organisation', 'location', 'includeDemo'] as const;
const MUNICIPALITY = /^GM\d{4}$/;
const LOCATION = /^[A-Za-z0-9_.-]{1,64}$/;

function invalid(message: string): ApiError {
  return new ApiError('invalid_request', {}, message);
}

/** Whether a YYYY-MM-DD string is a real calendar day (no 30 February) from 1900 on. */
function isReportDay(value: string): boolean {
  return isCalendarDay(value) && Number(value.slice(0, 4)) >= 1900;
}

function parseGroupBy(value: string | undefined): StatsDimension[] {
  if (value === undefined || value.trim() === '') return [];
  const names = value.split(',').map((name) => name.trim());
  const known = STATS_DIMENSIONS as readonly string[];
  const unknown = names.find((name) => !known.includes(name));
  if (unknown !== undefined) throw invalid(`groupBy kent "${unknown.slice(0, 40)}" niet. Kies uit: ${STATS_DIMENSIONS.join(', ')}.`);
  if (names.length > MAX_GROUP_BY) throw invalid(`groupBy mag hoogstens ${MAX_GROUP_BY} indelingen hebben, gescheiden door een komma.`);
  if (new Set(names).size !== names.length) throw invalid('groupBy noemt dezelfde indeling twee keer.');
  return names as StatsDimension[];
}

/**
 * Checks the query string of a report endpoint; every mistake is a 400 with a Dutch message that names
 * the parameter. `extra` lists the endpoint's own parameters besides the filters. A known parameter with an empty
 * value (`from=`) counts as left out, on every report endpoint (the annual report's `readAnnualQuery` too); an unknown
 * one is a 400 even when empty.
 */
export function parseReportQuery(raw: unknown, extra: readonly ('groupBy' | 'delimiter')[]): StatsQuery & { delimiter: CsvDelimiter } {
  const params = (raw ?? {}) as Record<string, unknown>;
  const allowed: readonly string[] = [...FILTERS, ...extra];
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!allowed.includes(name)) throw invalid(`Onbekende parameter "${name.slice(0, 40)}". Toegestaan: ${allowed.join(', ')}.`);
    if (typeof value !== 'string') throw invalid(`De parameter ${name} staat er meer dan één keer in.`);
    values[name] = value === '' ? undefined : value;
  }
  const query: StatsQuery & { delimiter: CsvDelimiter } = { groupBy: parseGroupBy(values.groupBy), delimiter: 'semicolon' };

  for (const name of ['from', 'to'] as const) {
    const value = values[name];
    if (value === undefined) continue;
    if (!isReportDay(value)) throw invalid(`${name} moet een bestaande datum zijn in de vorm JJJJ-MM-DD, zoals 2025-01-31.`);
    query[name] = value;
  }
  if (query.from && query.to && query.from > query.to) throw invalid('from moet op of vóór to liggen.');

  if (values.province !== undefined) {
    const province = normaliseProvince(values.province);
    if (!province) throw invalid(`province moet een van de twaalf provincies zijn: ${PROVINCES.join(', ')}.`);
    query.province = province;
  }
  if (values.municipality !== undefined) {
    if (!MUNICIPALITY.test(values.municipality)) throw invalid('municipality moet een CBS-gemeentecode zijn, zoals GM0855.');
    query.municipality = values.municipality;
  }
  if (values.organisation !== undefined) {
    if (!isUuid(values.organisation)) throw invalid('organisation moet het id (uuid) van een organisatie zijn.');
    query.organisation = values.organisation.toLowerCase();
  }
  if (values.location !== undefined) {
    if (!LOCATION.test(values.location)) throw invalid('location moet het id van een locatie zijn: letters, cijfers, punt, - en _.');
    query.location = values.location;
  }
  if (values.includeDemo !== undefined) {
    if (values.includeDemo !== 'true' && values.includeDemo !== 'false') throw invalid('includeDemo moet true of false zijn.');
    query.includeDemo = values.includeDemo === 'true';
  }
  if (values.delimiter !== undefined) {
    if (values.delimiter !== 'semicolon' && values.delimiter !== 'comma') throw invalid('delimiter moet semicolon of comma zijn.');
    query.delimiter = values.delimiter;
  }
  return query;
}
