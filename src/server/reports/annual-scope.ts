import type { FastifyRequest } from 'fastify';
import { ANNUAL_YEAR_MAX, ANNUAL_YEAR_MIN, type AnnualSubject } from '../../shared/annual-report';
import { amsterdamDay } from '../../shared/time';
import type { Queryable } from '../db/database';
import { ApiError } from '../errors';
import { isUuid } from '../../shared/ids';
import { authenticateViewer, type ReportViewer, UNKNOWN_ORGANISATION, unknownMunicipality } from './access';
import { isKnownMunicipality, loadPlaces, type Places, type ReportFilters } from './places';

const MUNICIPALITY = /^GM\d{4}$/;
const invalid = (message: string) => new ApiError('invalid_request', {}, message);

/** What an annual report (or its text) is asked for, before the viewer's scope is checked. */
export interface AnnualAsk {
  year: number;
  organisation?: string;
  municipality?: string;
}

/** Reads year, organisation and municipality (from a query string or a body) strictly: a Dutch 400 naming the field. */
export function readAnnualAsk(values: Record<string, unknown>, yearFromText: boolean): AnnualAsk {
  const ask: AnnualAsk = { year: 0 };
  const year = yearFromText && typeof values.year === 'string' && /^\d{1,6}$/.test(values.year) ? Number(values.year) : values.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < ANNUAL_YEAR_MIN || year > ANNUAL_YEAR_MAX) {
    throw invalid(`year moet een jaartal van ${ANNUAL_YEAR_MIN} tot en met ${ANNUAL_YEAR_MAX} zijn, zoals 2026.`);
  }
  ask.year = year;
  if (values.organisation !== undefined) {
    if (!isUuid(values.organisation)) throw invalid('organisation moet het id (uuid) van een organisatie zijn.');
    ask.organisation = values.organisation.toLowerCase();
  }
  if (values.municipality !== undefined) {
    if (typeof values.municipality !== 'string' || !MUNICIPALITY.test(values.municipality)) throw invalid('municipality moet een CBS-gemeentecode zijn, zoals GM0855.');
    ask.municipality = values.municipality;
  }
  if (ask.organisation && ask.municipality) throw invalid('Kies een organisatie of een gemeente, niet allebei.');
  return ask;
}

/**
 * Reads the query string of GET /reports/annual: only year (default this year), organisation and municipality, each
 * once. An empty one (`year=`) is left out, as on every report endpoint (`parseReportQuery`): `year=` was a 400 here.
 */
export function readAnnualQuery(raw: unknown): AnnualAsk {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (!['year', 'organisation', 'municipality'].includes(name)) throw invalid(`Onbekende parameter "${name.slice(0, 40)}". Toegestaan: year, organisation, municipality.`);
    if (typeof value !== 'string') throw invalid(`De parameter ${name} staat er meer dan één keer in.`);
    if (value !== '') values[name] = value;
  }
  // Without a year: this year (Amsterdam).
  return readAnnualAsk({ ...values, year: values.year ?? amsterdamDay(new Date()).slice(0, 4) }, true);
}

/** The report's subject and the filters that select exactly its figures. */
export interface AnnualScope {
  subject: AnnualSubject;
  filters: ReportFilters;
  /** whether this viewer may change the report's text */
  canEditText: boolean;
}

const OWN_ORGANISATION = 'Met deze toegangscode ziet u alleen het jaarverslag van uw eigen organisatie.';
const OWN_MUNICIPALITY = 'Met deze toegangscode ziet u alleen het jaarverslag van uw eigen gemeente.';

/**
 * Who may see which report: a tablet or coordinator its own organisation's, a municipality token its own
 * municipality's, national any (it must name one). Another's is 403, as for the stats; an unknown
 * organisation or municipality is a Dutch 400.
 */
export function annualScope(viewer: ReportViewer, ask: AnnualAsk, places: Places): AnnualScope {
  let organisation = ask.organisation;
  let municipality = ask.municipality;
  if (viewer.role === 'device' || viewer.role === 'coordinator') {
    if (municipality !== undefined || (organisation !== undefined && organisation !== viewer.organisationId)) throw new ApiError('forbidden', {}, OWN_ORGANISATION);
    organisation = viewer.organisationId;
  } else if (viewer.role === 'municipality') {
    if (organisation !== undefined || (municipality !== undefined && municipality !== viewer.municipalityCode)) throw new ApiError('forbidden', {}, OWN_MUNICIPALITY);
    municipality = viewer.municipalityCode;
  } else if (organisation === undefined && municipality === undefined) {
    throw invalid('Kies een organisatie (organisation) of een gemeente (municipality) voor het jaarverslag.');
  }
  const canEditText = viewer.role !== 'device';
  if (organisation !== undefined) {
    const name = places.organisations.get(organisation);
    if (name === undefined) throw invalid(UNKNOWN_ORGANISATION);
    return { subject: { kind: 'organisation', id: organisation, name }, filters: { organisation }, canEditText };
  }
  const code = municipality!;
  if (!isKnownMunicipality(places, code)) throw invalid(unknownMunicipality(code));
  const known = places.municipalities.get(code);
  // A municipality's report leaves demo organisations out, as national figures do.
  return { subject: { kind: 'municipality', id: code, name: known?.name ?? code }, filters: { municipality: code, excludeOrganisations: [...places.demoOrganisations] }, canEditText };
}

/** Checks an annual report request in the contract's order: token (401), parameters (400), then scope (403). */
export async function readAnnualRequest(db: Queryable, request: FastifyRequest, ask: (request: FastifyRequest) => AnnualAsk): Promise<{ viewer: ReportViewer; places: Places; year: number; scope: AnnualScope }> {
  const viewer = await authenticateViewer(db, request);
  const asked = ask(request);
  const places = await loadPlaces(db);
  return { viewer, places, year: asked.year, scope: annualScope(viewer, asked, places) };
}
