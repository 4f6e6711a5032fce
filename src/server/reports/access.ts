import type { FastifyRequest } from 'fastify';
import type { CsvDelimiter, StatsFilters, StatsQuery } from '../../shared/reports';
import type { Queryable } from '../db/database';
import { bearerToken, findTokenOwner } from '../devices';
import { ApiError } from '../errors';
import { isDeactivated } from '../organisations/organisations';
import { parseReportQuery } from './parameters';
import { isKnownMunicipality, loadPlaces, locationsIn, type Places, type ReportFilters } from './places';


/**
 * Who asks for a report: a tablet and a coordinator see one organisation, a municipality token every
 * organisation's locations in one municipality, a national token sees all.
 */
export type ReportViewer =
  | { role: 'device' | 'coordinator'; organisationId: string }
  | { role: 'municipality'; organisationId: null; municipalityCode: string }
  | { role: 'national'; organisationId: null };

const UNAUTHORIZED = 'Deze toegangscode werkt niet. Kopieer hem opnieuw, of vraag de beheerder om een nieuwe.';
const OTHER_ORGANISATION = 'Met deze toegangscode ziet u alleen de cijfers van uw eigen organisatie.';
const OTHER_MUNICIPALITY = 'Met deze toegangscode ziet u alleen de cijfers van uw eigen gemeente.';
/** A national token naming an organisation the server does not know: the stats and the annual report say the same. */
export const UNKNOWN_ORGANISATION = 'Deze organisatie is onbekend: er is geen organisatie met dit id. Kies een organisatie uit de lijst.';

/**
 * The viewer behind the request's bearer token: 401 when missing or unknown, 403 for a revoked tablet and
 * for a coordinator token of a deactivated organisation (its tablets still see their own figures).
 */
export async function authenticateViewer(db: Queryable, request: FastifyRequest): Promise<ReportViewer> {
  const token = bearerToken(request);
  if (!token) throw new ApiError('unauthorized', {}, UNAUTHORIZED);
  const owner = await findTokenOwner(db, token);
  if (owner.kind === 'unknown') throw new ApiError('unauthorized', {}, UNAUTHORIZED);
  if (owner.kind === 'device') {
    if (owner.device.revokedAt) throw new ApiError('device_revoked');
    return { role: 'device', organisationId: owner.device.organisationId };
  }
  if (owner.role === 'national') return { role: 'national', organisationId: null };
  if (owner.role === 'municipality' && owner.municipalityCode) return { role: 'municipality', organisationId: null, municipalityCode: owner.municipalityCode };
  if (owner.role === 'coordinator' && owner.organisationId) {
    if (await isDeactivated(db, owner.organisationId)) throw new ApiError('organisation_deactivated');
    return { role: 'coordinator', organisationId: owner.organisationId };
  }
  throw new ApiError('forbidden');
}

/**
 * The filters the viewer may ask for, with the own organisation filled in for a tablet or coordinator.
 * 403 when a filter names another organisation, or a location, municipality or province where the own
 * organisation has no location: such a filter could only be about another organisation's data.
 * A national token naming an organisation that does not exist: 400 (it got zeros, as if the organisation had no
 * contacts, while the annual report said it was unknown). Other tokens get their 403 for it, as for any organisation
 * but their own: whether an id exists is not theirs to learn.
 */
export function scopeFilters<T extends StatsFilters>(viewer: ReportViewer, filters: T, places: Places): T & ReportFilters {
  if (viewer.role === 'national') {
    refuseUnknownPlaces(filters, places);
    return { ...filters, ...demoExclusion(filters, places) };
  }
  if (viewer.role === 'municipality') return scopeToMunicipality(viewer.municipalityCode, filters, places);
  const own = viewer.organisationId;
  if (filters.organisation !== undefined && filters.organisation !== own) throw new ApiError('forbidden', {}, OTHER_ORGANISATION);
  for (const name of ['location', 'municipality', 'province'] as const) {
    if (filters[name] === undefined) continue;
    if (locationsIn(places, { organisation: own, [name]: filters[name] }).length === 0) throw new ApiError('forbidden', {}, OTHER_ORGANISATION);
  }
  return { ...filters, organisation: own };
}

/**
 * A national token's filter naming a place the server does not know: 400, not the zeros of a place without contacts.
 * An organisation or location id that does not exist; a municipality code with neither CBS figures nor an IDO location
 * (as the annual report says it). The dashboard offers only known places; a typing mistake in a link or a script
 * got an answer that looked true.
 */
function refuseUnknownPlaces(filters: StatsFilters, places: Places): void {
  if (filters.organisation !== undefined && !places.organisations.has(filters.organisation)) throw new ApiError('invalid_request', {}, UNKNOWN_ORGANISATION);
  if (filters.location !== undefined && !places.locations.has(filters.location)) throw new ApiError('invalid_request', {}, unknownLocation(filters.location));
  const code = filters.municipality;
  if (code !== undefined && !isKnownMunicipality(places, code)) throw new ApiError('invalid_request', {}, unknownMunicipality(code));
}

/** The annual report's words too (annual-scope.ts). */
export const unknownMunicipality = (code: string) => `Gemeente ${code} is onbekend: er is geen CBS-gegeven en geen IDO-locatie met deze code.`;
const unknownLocation = (id: string) => `Locatie "${id.slice(0, 60)}" is onbekend: er is geen IDO-locatie met deze code. Kies een locatie uit de lijst.`;

/**
 * A municipality token: the municipality filter is its own, always. 403 when a filter names another
 * municipality, or an organisation, location or province with no location in it (as for coordinators).
 * Demo organisations stay out as in national figures, unless asked for.
 */
function scopeToMunicipality<T extends StatsFilters>(own: string, filters: T, places: Places): T & ReportFilters {
  if (filters.municipality !== undefined && filters.municipality !== own) throw new ApiError('forbidden', {}, OTHER_MUNICIPALITY);
  for (const name of ['organisation', 'location', 'province'] as const) {
    if (filters[name] === undefined) continue;
    if (locationsIn(places, { municipality: own, [name]: filters[name] }).length === 0) throw new ApiError('forbidden', {}, OTHER_MUNICIPALITY);
  }
  return { ...filters, municipality: own, ...demoExclusion(filters, places) };
}

/**
 * National figures leave out demo organisations unless includeDemo=true, or the organisation filter names one
 * (asking for it by id is asking for it). A tablet or coordinator sees only its own organisation anyway.
 */
function demoExclusion(filters: StatsFilters, places: Places): ReportFilters {
  if (filters.includeDemo) return {};
  const excluded = [...places.demoOrganisations].filter((id) => id !== filters.organisation);
  return excluded.length === 0 ? {} : { excludeOrganisations: excluded };
}

/** A report request that passed every check: who asks, the reference data, and the filters limited to what they may see. */
export interface ReportRequest {
  viewer: ReportViewer;
  places: Places;
  query: StatsQuery & ReportFilters & { delimiter: CsvDelimiter };
}

/** Checks a report request in the contract's order: token (401), parameters (400), then scope (403). */
export async function readReportRequest(db: Queryable, request: FastifyRequest, extra: readonly ('groupBy' | 'delimiter')[]): Promise<ReportRequest> {
  const viewer = await authenticateViewer(db, request);
  const parsed = parseReportQuery(request.query, extra);
  const places = await loadPlaces(db);
  return { viewer, places, query: scopeFilters(viewer, parsed, places) };
}
