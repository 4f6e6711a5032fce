import type { StatsFilters } from '../../shared/reports';
import type { Queryable } from '../db/database';

/** An IDO location as reports see it. */
export interface ReportLocation {
  id: string;
  organisationId: string;
  name: string;
  municipalityCode: string;
  province: string;
  catchmentPopulation: number | null;
}

/** A municipality of the CBS reference data (`import-municipalities`). */
export interface ReportMunicipality {
  code: string;
  name: string;
  province: string | null;
  population: number;
}

/** The small reference tables a report labels and measures its groups with (hundreds of rows, read per request). */
export interface Places {
  locations: Map<string, ReportLocation>;
  organisations: Map<string, string>;
  /** ids of the organisations marked as demo (migration 006) */
  demoOrganisations: Set<string>;
  municipalities: Map<string, ReportMunicipality>;
}

/** The filters of a report once the viewer's scope is applied: those asked for, and organisations left out. */
export interface ReportFilters extends StatsFilters {
  /** demo organisations a national report leaves out (access.ts) */
  excludeOrganisations?: string[];
}

/** Reads locations, organisation names and municipalities. */
export async function loadPlaces(db: Queryable): Promise<Places> {
  const [locations, organisations, municipalities] = await Promise.all([
    db.query<{ id: string; organisation_id: string; name: string; municipality_code: string; province: string; catchment_population: number | null }>(
      'SELECT id, organisation_id::text AS organisation_id, name, municipality_code, province, catchment_population FROM locations',
    ),
    db.query<{ id: string; name: string; is_demo: boolean }>('SELECT id::text AS id, name, is_demo FROM organisations'),
    db.query<{ code: string; name: string; province: string | null; population: number }>('SELECT code, name, province, population FROM municipalities'),
  ]);
  return {
    locations: new Map(locations.map((row) => [row.id, {
      id: row.id, organisationId: row.organisation_id, name: row.name, municipalityCode: row.municipality_code,
      province: row.province, catchmentPopulation: row.catchment_population,
    }])),
    organisations: new Map(organisations.map((row) => [row.id, row.name])),
    demoOrganisations: new Set(organisations.filter((row) => row.is_demo).map((row) => row.id)),
    municipalities: new Map(municipalities.map((row) => [row.code, row])),
  };
}

/** Whether the server knows a municipality code: CBS figures for it, or an IDO location in it (the stats and the annual report alike). */
export function isKnownMunicipality(places: Places, code: string): boolean {
  return places.municipalities.has(code) || locationsIn(places, { municipality: code }).length > 0;
}

/** The locations that lie in the given place filters (all of them when there are none). */
export function locationsIn(places: Places, filter: { organisation?: string; location?: string; municipality?: string; province?: string; excludeOrganisations?: string[] }): ReportLocation[] {
  return [...places.locations.values()].filter((location) =>
    (filter.organisation === undefined || location.organisationId === filter.organisation)
    && !filter.excludeOrganisations?.includes(location.organisationId)
    && (filter.location === undefined || location.id === filter.location)
    && (filter.municipality === undefined || location.municipalityCode === filter.municipality)
    && (filter.province === undefined || location.province === filter.province));
}
