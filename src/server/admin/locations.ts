import { randomBytes } from 'node:crypto';
import type { IdoLocation } from '../../shared/registration';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../errors';
import { createLocation } from '../organisations/organisations';
import { type Actor, notFound, organisationInScope } from './actor';
import { appendAudit } from './audit';

/** An IDO location as management sees it: closed ones stay (registrations made there stay valid). */
export interface ManagedLocation extends IdoLocation {
  closedOn: string | null;
}

/** What management may change on a location. */
export type LocationChanges = Partial<Pick<IdoLocation, 'name' | 'municipalityCode' | 'province' | 'insideLibrary' | 'kind' | 'scenarios' | 'idoHoursPerWeek' | 'catchmentPopulation' | 'latitude' | 'longitude'>>;

const COLUMNS = `id, organisation_id::text AS organisation_id, name, municipality_code, province, inside_library, kind, scenarios,
  ido_hours_per_week, catchment_population, opened_on::text AS opened_on, latitude, longitude, closed_on::text AS closed_on`;

function toManaged(row: Record<string, unknown>): ManagedLocation {
  return {
    id: row.id as string, organisationId: row.organisation_id as string, name: row.name as string, municipalityCode: row.municipality_code as string,
    province: row.province as string, insideLibrary: row.inside_library as boolean, kind: row.kind as string, scenarios: row.scenarios as string[],
    idoHoursPerWeek: Number(row.ido_hours_per_week),
    ...(row.catchment_population === null ? {} : { catchmentPopulation: Number(row.catchment_population) }),
    openedOn: row.opened_on as string,
    ...(row.latitude === null || row.longitude === null ? {} : { latitude: Number(row.latitude), longitude: Number(row.longitude) }),
    closedOn: (row.closed_on as string | null) ?? null,
  };
}

/** A location id from a name: readable, with a random tail so it never collides or reveals another organisation's. */
export function locationSlug(name: string): string {
  const base = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${base || 'locatie'}-${randomBytes(3).toString('hex')}`;
}

/** The organisation's locations, by name (closed ones too). */
export async function listManagedLocations(db: Database, actor: Actor, organisation: unknown): Promise<ManagedLocation[]> {
  const organisationId = await organisationInScope(db, actor, organisation);
  const rows = await db.query(`SELECT ${COLUMNS} FROM locations WHERE organisation_id = $1 ORDER BY name, id`, [organisationId]);
  return rows.map(toManaged);
}

async function lockedLocation(tx: Queryable, organisationId: string, id: unknown): Promise<ManagedLocation> {
  const [row] = typeof id === 'string' && id.length <= 64
    ? await tx.query(`SELECT ${COLUMNS} FROM locations WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [id, organisationId])
    : [];
  if (!row) throw notFound('Deze locatie');
  return toManaged(row);
}

/** Adds an IDO location to an organisation in the actor's scope. */
export async function addLocation(db: Database, actor: Actor, organisation: unknown, input: Omit<IdoLocation, 'organisationId' | 'id'> & { id?: string }): Promise<ManagedLocation> {
  const organisationId = await organisationInScope(db, actor, organisation);
  const location: IdoLocation = { ...input, id: input.id ?? locationSlug(input.name), organisationId };
  return db.transaction(async (tx) => {
    const [taken] = await tx.query('SELECT 1 FROM locations WHERE id = $1', [location.id]);
    if (taken) throw new ApiError('invalid_request', {}, `Er is al een locatie met id ${location.id}.`);
    await createLocation(tx, location);
    const made = await lockedLocation(tx, organisationId, location.id);
    await appendAudit(tx, actor, { organisationId, action: 'location.create', target: location.id, after: made });
    return made;
  });
}

/** Changes a location's details; fields left out stay as they are. */
export async function updateLocation(db: Database, actor: Actor, organisation: unknown, id: unknown, changes: LocationChanges): Promise<ManagedLocation> {
  const organisationId = await organisationInScope(db, actor, organisation);
  return db.transaction(async (tx) => {
    const before = await lockedLocation(tx, organisationId, id);
    const after = { ...before, ...changes };
    if ((after.latitude === undefined) !== (after.longitude === undefined)) throw new ApiError('invalid_request', {}, 'Het veld "latitude" en het veld "longitude" horen samen: geef ze allebei.');
    await tx.query(
      `UPDATE locations SET name = $3, municipality_code = $4, province = $5, inside_library = $6, kind = $7, scenarios = $8::text[],
         ido_hours_per_week = $9, catchment_population = $10, latitude = $11, longitude = $12
       WHERE id = $1 AND organisation_id = $2`,
      [before.id, organisationId, after.name, after.municipalityCode, after.province, after.insideLibrary, after.kind, after.scenarios,
        after.idoHoursPerWeek, after.catchmentPopulation ?? null, after.latitude ?? null, after.longitude ?? null],
    );
    const stored = await lockedLocation(tx, organisationId, before.id);
    await appendAudit(tx, actor, { organisationId, action: 'location.update', target: before.id, before, after: stored });
    return stored;
  });
}

/** Closes a location from a date on (today by default): it stays in reports and for registrations made there. */
export async function closeLocation(db: Database, actor: Actor, organisation: unknown, id: unknown, closedOn?: string): Promise<ManagedLocation> {
  const organisationId = await organisationInScope(db, actor, organisation);
  return db.transaction(async (tx) => {
    const before = await lockedLocation(tx, organisationId, id);
    await tx.query('UPDATE locations SET closed_on = coalesce($2::date, CURRENT_DATE) WHERE id = $1', [before.id, closedOn ?? null]);
    const stored = await lockedLocation(tx, organisationId, before.id);
    await appendAudit(tx, actor, { organisationId, action: 'location.close', target: before.id, before: { closedOn: before.closedOn }, after: { closedOn: stored.closedOn } });
    return stored;
  });
}
