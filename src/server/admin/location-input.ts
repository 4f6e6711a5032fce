import { MAX_NAME } from '../../shared/admin-api';
import { PROVINCES } from '../../shared/reports';
import { ApiError } from '../errors';
import { boolean, date, listCode, listCodes as readListCodes, number, oneOf, pattern, readBody, text } from './input';

/** Reading a location from a body, strictly: the admin API's POST and PATCH and the CLI's update-location. */
export const MUNICIPALITY = /^GM\d{4}$/;
const LOCATION_FIELDS = ['name', 'municipalityCode', 'province', 'insideLibrary', 'kind', 'scenarios', 'idoHoursPerWeek', 'catchmentPopulation', 'latitude', 'longitude', 'openedOn'] as const;

/** A location's fields from a body; `partial` for a change (PATCH), where each field may be left out. */
export function readLocation(body: unknown, partial: boolean) {
  const allowed = partial ? [...LOCATION_FIELDS.filter((field) => field !== 'openedOn'), 'hoursFrom'] : LOCATION_FIELDS;
  const input = readBody(body, allowed);
  const optional = partial;
  // A change may clear what a location may lack (the form's "(mag leeg)" fields) with null; a new location leaves them out.
  const clearable = (field: 'catchmentPopulation' | 'latitude' | 'longitude', read: () => number | undefined): number | null | undefined =>
    (partial && input[field] === null ? null : read());
  const fields = {
    name: optional ? text(input, 'name', MAX_NAME, true) : text(input, 'name', MAX_NAME),
    municipalityCode: pattern(input, 'municipalityCode', MUNICIPALITY, 'GM0855', optional),
    province: oneOf(input, 'province', PROVINCES, optional),
    insideLibrary: boolean(input, 'insideLibrary', true),
    kind: listCode(input, 'kind', 'locationKind', optional),
    scenarios: readListCodes(input, 'scenarios', 'scenario', optional),
    idoHoursPerWeek: number(input, 'idoHoursPerWeek', { min: 0, max: 168 }, optional),
    catchmentPopulation: clearable('catchmentPopulation', () => number(input, 'catchmentPopulation', { min: 1, max: 2 ** 31 - 1, integer: true }, true)),
    latitude: clearable('latitude', () => number(input, 'latitude', { min: -90, max: 90 }, true)),
    longitude: clearable('longitude', () => number(input, 'longitude', { min: -180, max: 180 }, true)),
  };
  if (!partial && (fields.latitude === undefined) !== (fields.longitude === undefined)) {
    throw new ApiError('invalid_request', {}, 'Het veld "latitude" en het veld "longitude" horen samen: geef ze allebei of geen van beide.');
  }
  if (partial && Object.keys(input).length === 0) throw new ApiError('invalid_request', {}, 'Geef minstens één veld om te wijzigen.');
  const openedOn = partial ? undefined : date(input, 'openedOn', true);
  const hoursFrom = partial ? date(input, 'hoursFrom', true) : undefined;
  return { fields: Object.fromEntries(Object.entries({ ...fields, hoursFrom }).filter(([, value]) => value !== undefined)), openedOn };
}

