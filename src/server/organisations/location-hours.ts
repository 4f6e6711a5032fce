import type { HoursStep } from '../../shared/hours-insight';
import type { Queryable } from '../db/database';

/** One step of a location's IDO hours: from this day on (Amsterdam), this many hours a week. */
export type HoursPeriod = HoursStep;

/**
 * SQL for the IDO hours in force today (Amsterdam) of the `locations` row named `alias`: its history's
 * latest row on or before today; without one (a location stored without history) the column.
 */
export function hoursInForceSql(alias: string): string {
  return `coalesce((SELECT h.hours_per_week FROM location_hours h WHERE h.location_id = ${alias}.id
    AND h.valid_from <= (now() AT TIME ZONE 'Europe/Amsterdam')::date ORDER BY h.valid_from DESC LIMIT 1), ${alias}.ido_hours_per_week)`;
}

/** The hours histories of these locations, oldest step first; a location without rows gets none. */
export async function readHoursHistories(db: Queryable, locationIds: string[]): Promise<Map<string, HoursPeriod[]>> {
  const histories = new Map<string, HoursPeriod[]>();
  if (locationIds.length === 0) return histories;
  const rows = await db.query<{ location_id: string; valid_from: string; hours_per_week: number }>(
    `SELECT location_id, valid_from::text AS valid_from, hours_per_week FROM location_hours
     WHERE location_id = ANY($1::text[]) ORDER BY location_id, valid_from`,
    [locationIds],
  );
  for (const row of rows) {
    const history = histories.get(row.location_id) ?? [];
    history.push({ from: row.valid_from, hoursPerWeek: Number(row.hours_per_week) });
    histories.set(row.location_id, history);
  }
  return histories;
}

/**
 * The hours histories of these locations, oldest step first; a location stored without history (the demo
 * seed, an older import) has its current hours from the day it opened, as beheer shows it.
 */
export async function hoursHistoriesFromOpening(db: Queryable, locationIds: string[]): Promise<Map<string, HoursPeriod[]>> {
  const histories = await readHoursHistories(db, locationIds);
  const missing = locationIds.filter((id) => !histories.has(id));
  if (missing.length === 0) return histories;
  const rows = await db.query<{ id: string; opened_on: string; ido_hours_per_week: number }>(
    'SELECT id, opened_on::text AS opened_on, ido_hours_per_week FROM locations WHERE id = ANY($1::text[])', [missing],
  );
  for (const row of rows) histories.set(row.id, [{ from: row.opened_on, hoursPerWeek: Number(row.ido_hours_per_week) }]);
  return histories;
}

/** A new location's first step: its hours from the day it opens. */
export async function startHoursHistory(db: Queryable, locationId: string, openedOn: string, hoursPerWeek: number): Promise<void> {
  await db.query(
    'INSERT INTO location_hours (location_id, valid_from, hours_per_week) VALUES ($1, $2, $3) ON CONFLICT (location_id, valid_from) DO NOTHING',
    [locationId, openedOn, hoursPerWeek],
  );
}

/** Sets the hours from a day on (replacing a step that starts that day); later steps stay. */
export async function setHoursFrom(db: Queryable, locationId: string, from: string, hoursPerWeek: number): Promise<void> {
  await db.query(
    `INSERT INTO location_hours (location_id, valid_from, hours_per_week) VALUES ($1, $2, $3)
     ON CONFLICT (location_id, valid_from) DO UPDATE SET hours_per_week = EXCLUDED.hours_per_week`,
    [locationId, from, hoursPerWeek],
  );
}

/** The hours in force on a day, from a history (oldest first); undefined before its first step. */
export function hoursOn(history: HoursPeriod[], day: string): number | undefined {
  let hours: number | undefined;
  for (const step of history) if (step.from <= day) hours = step.hoursPerWeek;
  return hours;
}
