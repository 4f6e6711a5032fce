import { randomUUID } from 'node:crypto';
import type { IdoLocation, Organisation } from '../../shared/registration';
import { isoOrNull, type Queryable } from '../db/database';
import { API_ERRORS } from '../errors';
import { hoursInForceSql } from './location-hours';

interface LocationRow extends Record<string, unknown> {
  id: string;
  organisation_id: string;
  name: string;
  municipality_code: string;
  province: string;
  inside_library: boolean;
  kind: string;
  scenarios: string[];
  ido_hours_per_week: number;
  catchment_population: number | null;
  opened_on: string;
  latitude: number | null;
  longitude: number | null;
}

function toLocation(row: LocationRow): IdoLocation {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    municipalityCode: row.municipality_code,
    province: row.province,
    insideLibrary: row.inside_library,
    kind: row.kind,
    scenarios: row.scenarios,
    idoHoursPerWeek: row.ido_hours_per_week,
    ...(row.catchment_population === null ? {} : { catchmentPopulation: row.catchment_population }),
    openedOn: row.opened_on,
    ...(row.latitude === null || row.longitude === null ? {} : { latitude: Number(row.latitude), longitude: Number(row.longitude) }),
  };
}

/** One organisation by id, or undefined. */
export async function findOrganisation(db: Queryable, id: string): Promise<Organisation | undefined> {
  const [row] = await db.query<{ id: string; name: string; municipality_code: string | null }>(
    'SELECT id::text AS id, name, municipality_code FROM organisations WHERE id = $1',
    [id],
  );
  if (!row) return undefined;
  return { id: row.id, name: row.name, ...(row.municipality_code ? { municipalityCode: row.municipality_code } : {}) };
}

/**
 * Why a coordinator (token or tablet) of an organisation the national team deactivated may not manage it: on every
 * route where a coordinator manages (admin, kaart, reports) the whole request is refused with 403
 * `organisation_deactivated` and this text; a coordinator tablet's kaart edits are each `rejected` with it.
 */
export const DEACTIVATED_ORGANISATION = API_ERRORS.organisation_deactivated[1];

/** Whether the national team deactivated the organisation (false for an unknown id). */
export async function isDeactivated(db: Queryable, id: string): Promise<boolean> {
  const [row] = await db.query<{ deactivated: boolean }>('SELECT deactivated_at IS NOT NULL AS deactivated FROM organisations WHERE id = $1', [id]);
  return row?.deactivated ?? false;
}

/** An organisation as the admin CLI lists it: demo organisations (left out of national figures) say so, deactivated ones since when. */
export interface OrganisationListing extends Organisation {
  demo: boolean;
  locations: number;
  deactivatedAt?: string;
}

/** Every organisation by name, with its demo mark, number of IDO locations and, if deactivated, since when. */
export async function listOrganisations(db: Queryable): Promise<OrganisationListing[]> {
  const rows = await db.query<{ id: string; name: string; municipality_code: string | null; is_demo: boolean; deactivated_at: Date | null; locations: number }>(
    `SELECT o.id::text AS id, o.name, o.municipality_code, o.is_demo, o.deactivated_at,
            (SELECT count(*)::int FROM locations l WHERE l.organisation_id = o.id) AS locations
     FROM organisations o ORDER BY o.name, o.id`,
  );
  return rows.map((row) => ({
    id: row.id, name: row.name, ...(row.municipality_code ? { municipalityCode: row.municipality_code } : {}), demo: row.is_demo, locations: row.locations,
    ...(row.deactivated_at ? { deactivatedAt: isoOrNull(row.deactivated_at)! } : {}),
  }));
}

/** Whether the database holds no organisation yet (a fresh install). */
export async function hasNoOrganisations(db: Queryable): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM organisations LIMIT 1');
  return rows.length === 0;
}

/** Adds a library organisation; returns it. */
export async function createOrganisation(db: Queryable, input: { id?: string; name: string; municipalityCode?: string }): Promise<Organisation> {
  const id = input.id ?? randomUUID();
  await db.query('INSERT INTO organisations (id, name, municipality_code) VALUES ($1, $2, $3)', [id, input.name, input.municipalityCode ?? null]);
  return { id, name: input.name, ...(input.municipalityCode ? { municipalityCode: input.municipalityCode } : {}) };
}

/** Adds an IDO location to an organisation. */
export async function createLocation(db: Queryable, location: IdoLocation): Promise<IdoLocation> {
  await db.query(
    `INSERT INTO locations (id, organisation_id, name, municipality_code, province, inside_library, kind, scenarios,
       ido_hours_per_week, catchment_population, opened_on)
     SELECT l.* FROM jsonb_to_record($1::text::jsonb) AS l(id text, organisation_id uuid, name text, municipality_code text,
       province text, inside_library boolean, kind text, scenarios text[], ido_hours_per_week double precision,
       catchment_population integer, opened_on date)`,
    [JSON.stringify({
      id: location.id,
      organisation_id: location.organisationId,
      name: location.name,
      municipality_code: location.municipalityCode,
      province: location.province,
      inside_library: location.insideLibrary,
      kind: location.kind,
      scenarios: location.scenarios,
      ido_hours_per_week: location.idoHoursPerWeek,
      catchment_population: location.catchmentPopulation ?? null,
      opened_on: location.openedOn,
    })],
  );
  // Coordinates (migration 004) only when given, so tests of older schemas can still add locations.
  if (location.latitude !== undefined && location.longitude !== undefined) {
    await db.query('UPDATE locations SET latitude = $2, longitude = $3 WHERE id = $1', [location.id, location.latitude, location.longitude]);
  }
  return location;
}

/** The IDO locations of an organisation, by name. */
export async function listLocations(db: Queryable, organisationId: string): Promise<IdoLocation[]> {
  const rows = await db.query<LocationRow>(
    `SELECT id, organisation_id::text AS organisation_id, name, municipality_code, province, inside_library, kind, scenarios,
       ${hoursInForceSql('locations')} AS ido_hours_per_week, catchment_population, opened_on::text AS opened_on, latitude, longitude
     FROM locations WHERE organisation_id = $1 ORDER BY name, id`,
    [organisationId],
  );
  return rows.map(toLocation);
}
