import type { AdminLocation } from '../../shared/admin-api';
import { randomBytes } from 'node:crypto';
import type { IdoLocation } from '../../shared/registration';
import { type Database, isUniqueViolation, type Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { ApiError } from '../errors';
import { type HoursPeriod, hoursInForceSql, hoursOn, readHoursHistories, setHoursFrom, startHoursHistory } from '../organisations/location-hours';
import { createLocation } from '../organisations/organisations';
import { fullDayText } from '../../shared/date-text';
import { amsterdamDay } from '../../shared/time';
import { isUnstorableText } from '../../shared/storable-text';
import { type Actor, notFound, organisationInScope } from './actor';
import { appendAudit } from './audit';
import { checkLocationDay } from './location-days';
import { closesBeforeOpeningText } from '../../shared/location-days';

/** A location as management sees it (closed ones stay: registrations made there stay valid): the wire shape the beheer pages read (src/shared/admin-api.ts). */
export type ManagedLocation = AdminLocation;

/**
 * What management may change on a location; `hoursFrom` (YYYY-MM-DD, default today) goes with `idoHoursPerWeek`: the day
 * the new hours take effect. `null` clears the inhabitants, or the latitude and longitude together.
 */
export type LocationChanges = Partial<Pick<IdoLocation, 'name' | 'municipalityCode' | 'province' | 'insideLibrary' | 'kind' | 'scenarios' | 'idoHoursPerWeek'>>
  & { [field in 'catchmentPopulation' | 'latitude' | 'longitude']?: number | null } & { hoursFrom?: string };

const COLUMNS = `id, organisation_id::text AS organisation_id, name, municipality_code, province, inside_library, kind, scenarios,
  ${hoursInForceSql('locations')} AS ido_hours_per_week, catchment_population, opened_on::text AS opened_on, latitude, longitude, closed_on::text AS closed_on`;

function toManaged(row: Record<string, unknown>, histories: Map<string, HoursPeriod[]>): ManagedLocation {
  const history = histories.get(row.id as string);
  return {
    id: row.id as string, organisationId: row.organisation_id as string, name: row.name as string, municipalityCode: row.municipality_code as string,
    province: row.province as string, insideLibrary: row.inside_library as boolean, kind: row.kind as string, scenarios: row.scenarios as string[],
    idoHoursPerWeek: Number(row.ido_hours_per_week),
    ...(row.catchment_population === null ? {} : { catchmentPopulation: Number(row.catchment_population) }),
    openedOn: row.opened_on as string,
    ...(row.latitude === null || row.longitude === null ? {} : { latitude: Number(row.latitude), longitude: Number(row.longitude) }),
    closedOn: (row.closed_on as string | null) ?? null,
    // A location stored without history (the demo seed, an older import): its hours from the day it opened.
    hoursHistory: history ?? [{ from: row.opened_on as string, hoursPerWeek: Number(row.ido_hours_per_week) }],
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
  const histories = await readHoursHistories(db, rows.map((row) => row.id as string));
  return rows.map((row) => toManaged(row, histories));
}

async function lockedLocation(tx: Queryable, organisationId: string, id: unknown): Promise<ManagedLocation> {
  // An id PostgreSQL cannot even compare (NUL, a lone surrogate) is as unknown as any other.
  const [row] = typeof id === 'string' && id.length <= 64 && !isUnstorableText(id)
    ? await tx.query(`SELECT ${COLUMNS} FROM locations WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [id, organisationId])
    : [];
  if (!row) throw notFound('Deze locatie');
  return toManaged(row, await readHoursHistories(tx, [row.id as string]));
}

/** Adds an IDO location to an organisation in the actor's scope. */
export async function addLocation(db: Database, actor: Actor, organisation: unknown, input: Omit<IdoLocation, 'organisationId' | 'id'> & { id?: string }): Promise<ManagedLocation> {
  const organisationId = await organisationInScope(db, actor, organisation);
  checkLocationDay('openedOn', input.openedOn);
  const location: IdoLocation = { ...input, id: input.id ?? locationSlug(input.name), organisationId };
  return writeTransaction(db, async (tx) => {
    const taken = () => new ApiError('invalid_request', {}, `Er is al een locatie met id ${location.id}.`);
    if ((await tx.query('SELECT 1 FROM locations WHERE id = $1', [location.id])).length > 0) throw taken();
    // Two admins adding the same name at the same moment both pass the check; the second insert waits for the first's
    // commit and meets the unique index: the same answer as above, not a 500.
    await createLocation(tx, location).catch((error: unknown) => { throw isUniqueViolation(error) ? taken() : error; });
    await startHoursHistory(tx, location.id, location.openedOn, location.idoHoursPerWeek);
    const made = await lockedLocation(tx, organisationId, location.id);
    await appendAudit(tx, actor, { organisationId, action: 'location.create', target: location.id, after: made });
    return made;
  });
}

/** Changes a location's details; fields left out stay as they are. */
export async function updateLocation(db: Database, actor: Actor, organisation: unknown, id: unknown, changes: LocationChanges): Promise<ManagedLocation> {
  const organisationId = await organisationInScope(db, actor, organisation);
  return writeTransaction(db, async (tx) => {
    const before = await lockedLocation(tx, organisationId, id);
    const { hoursFrom, ...given } = changes;
    // null clears a field: the location without it, as one that never had it
    const fields = Object.fromEntries(Object.entries(given).map(([key, value]) => [key, value ?? undefined])) as Partial<ManagedLocation>;
    const after: ManagedLocation = { ...before, ...fields };
    if ((after.latitude === undefined) !== (after.longitude === undefined)) throw new ApiError('invalid_request', {}, 'Het veld "latitude" en het veld "longitude" horen samen: geef ze allebei.');
    if (fields.idoHoursPerWeek !== undefined) after.idoHoursPerWeek = await changeHours(tx, before, fields.idoHoursPerWeek, hoursFrom);
    else if (hoursFrom !== undefined) throw new ApiError('invalid_request', {}, 'Het veld "hoursFrom" hoort bij "idoHoursPerWeek": geef ook het nieuwe aantal uren.');
    await tx.query(
      `UPDATE locations SET name = $3, municipality_code = $4, province = $5, inside_library = $6, kind = $7, scenarios = $8::text[],
         ido_hours_per_week = $9, catchment_population = $10, latitude = $11, longitude = $12
       WHERE id = $1 AND organisation_id = $2`,
      [before.id, organisationId, after.name, after.municipalityCode, after.province, after.insideLibrary, after.kind, after.scenarios,
        after.idoHoursPerWeek, after.catchmentPopulation ?? null, after.latitude ?? null, after.longitude ?? null],
    );
    const stored = await lockedLocation(tx, organisationId, before.id);
    // A request that changes nothing (the same values again) writes no audit row.
    if (JSON.stringify(stored) !== JSON.stringify(before)) await appendAudit(tx, actor, { organisationId, action: 'location.update', target: before.id, before, after: stored });
    return stored;
  });
}

/**
 * Writes new hours from a day on (today by default, Amsterdam) into the location's history and returns the
 * hours in force today. Not before the day the location opened, at most a year ahead (location-days.ts).
 */
async function changeHours(tx: Queryable, location: ManagedLocation, hours: number, hoursFrom: string | undefined): Promise<number> {
  const today = amsterdamDay(new Date());
  const from = hoursFrom ?? (today < location.openedOn ? location.openedOn : today);
  if (from < location.openedOn) throw new ApiError('invalid_request', {}, `Het veld "hoursFrom" ligt vóór de opening van de locatie (${fullDayText(location.openedOn)}). Kies die dag of later.`);
  // Also for a location whose opening day was stored before that day had a range.
  checkLocationDay('hoursFrom', from);
  // A location stored without history gets its first step (its hours from the day it opened) before the change.
  await startHoursHistory(tx, location.id, location.openedOn, location.idoHoursPerWeek);
  const before = (await readHoursHistories(tx, [location.id])).get(location.id)!;
  // The same hours as already in force that day (a form that sends every field): no new step.
  if (hoursOn(before, from) !== hours) await setHoursFrom(tx, location.id, from, hours);
  const history = (await readHoursHistories(tx, [location.id])).get(location.id)!;
  return hoursOn(history, today) ?? history[0].hoursPerWeek;
}

/** Closes a location from a date on (today by default), not before it opened nor more than a year ahead: it stays in reports and for registrations made there. */
export async function closeLocation(db: Database, actor: Actor, organisation: unknown, id: unknown, closedOn?: string): Promise<ManagedLocation> {
  const organisationId = await organisationInScope(db, actor, organisation);
  return writeTransaction(db, async (tx) => {
    const before = await lockedLocation(tx, organisationId, id);
    const today = amsterdamDay(new Date());
    // Beheer's "Sluiten" sends no day (today): no field to name, so the message says both days and what to do instead.
    if (closedOn === undefined && today < before.openedOn) {
      throw new ApiError('invalid_request', {}, closesBeforeOpeningText(before.name, before.openedOn, today));
    }
    if (closedOn !== undefined && closedOn < before.openedOn) {
      throw new ApiError('invalid_request', {}, `Het veld "closedOn" ligt vóór de opening van de locatie (${fullDayText(before.openedOn)}). Kies die dag of later.`);
    }
    if (closedOn !== undefined) checkLocationDay('closedOn', closedOn);
    await tx.query("UPDATE locations SET closed_on = coalesce($2::date, (now() AT TIME ZONE 'Europe/Amsterdam')::date) WHERE id = $1", [before.id, closedOn ?? null]);
    const stored = await lockedLocation(tx, organisationId, before.id);
    // Closing again on the same day changes nothing and writes no audit row.
    if (stored.closedOn !== before.closedOn) await appendAudit(tx, actor, { organisationId, action: 'location.close', target: before.id, before: { closedOn: before.closedOn }, after: { closedOn: stored.closedOn } });
    return stored;
  });
}
