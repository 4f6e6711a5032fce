import { label } from '../../shared/codelists';
import type { BusyHoursResponse, HoursEffectResponse, ScenarioComparisonResponse, ScenarioComparisonRow } from '../../shared/hours-insight';
import { SIZE_CLASSES, UNKNOWN_SIZE_CLASS, sizeClassOf } from '../../shared/hours-insight';
import type { Queryable } from '../db/database';
import { ApiError } from '../errors';
import { hoursHistoriesFromOpening } from '../organisations/location-hours';
import { changeWindows, type Counts, countsBetween, daysBetween, idoHoursBetween, monthsBetween, NO_COUNTS, periodFigures } from './hours-maths';
import type { HoursOptions } from './hours-parameters';
import { splitMonths } from './heat-rollup';
import { heatMapTables } from './org-hour-rollups';
import { addDays } from '../../shared/calendar';
import { locationsIn, type Places, type ReportFilters } from './places';
import { populationOf } from './population';
import { Params, placeConditions, rollupTable, statsStatement } from './stats-sql';

/*
 * The three answers of "Do more hours bring more visitors?" (docs/hours-insight.md). The per-location view reads
 * `report_hour_rollup` (migration 015), the heat map `report_heat_rollup` (migration 019) and, for the days at the
 * edges of its range or one scenario, the hour rollup; without a place finer than the organisation and without a
 * scenario, their sums per organisation (migration 026). The scenario comparison reads `report_rollup` through the
 * stats SQL (location × scenario). Filters arrive limited to what the viewer may see (access.ts).
 */

/** The longest range the per-location view takes (three years and a leap day). */
export const MAX_EFFECT_DAYS = 1096;

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/** The first day of the month `months` months before the month of `day`. */
function monthsBefore(day: string, months: number): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

/**
 * One location: its months (from/to, by default the last twelve months up to today) and, for each hours
 * change, up to `weeks` weeks on each side; optionally for one scenario only.
 */
export async function hoursEffect(db: Queryable, filters: ReportFilters, places: Places, options: HoursOptions, today: string): Promise<HoursEffectResponse> {
  if (filters.location === undefined) throw new ApiError('invalid_request', {}, 'location is verplicht: kies de locatie waarvan u de uren wilt zien.');
  const location = places.locations.get(filters.location);
  if (!location) throw new ApiError('not_found', {}, 'Deze locatie bestaat niet.');
  if (filters.excludeOrganisations?.includes(location.organisationId)) throw new ApiError('not_found', {}, 'Deze locatie hoort bij een demo-organisatie. Zet includeDemo=true om haar te zien.');
  const history = (await hoursHistoriesFromOpening(db, [location.id])).get(location.id) ?? [];
  const to = filters.to ?? today;
  const from = filters.from ?? monthsBefore(to, 11);
  // A table per month: a range of centuries would be a table of thousands of months.
  if (daysBetween(from, to) > MAX_EFFECT_DAYS) throw new ApiError('invalid_request', {}, 'De periode (from tot en met to) mag voor deze weergave hoogstens drie jaar zijn.');
  const windows = changeWindows(history, options.weeks, min(to, today));
  const readFrom = windows.reduce((day, w) => min(day, w.before.from), from);
  const readTo = windows.reduce((day, w) => max(day, w.after.to), to);

  const rows = await db.query<{ day: string; scenario: string; contacts: number; questions: number; solved: number; referred: number }>(
    `SELECT day::text AS day, scenario, sum(contacts)::int AS contacts, sum(questions)::int AS questions, sum(solved)::int AS solved, sum(referred)::int AS referred
     FROM report_hour_rollup WHERE location_id = $1 AND day BETWEEN $2::date AND $3::date GROUP BY day, scenario`,
    [location.id, readFrom, readTo],
  );
  const byDay = new Map<string, Counts>();
  const byScenario = new Map<string, Map<string, Counts>>();
  for (const row of rows) {
    const perDay = byScenario.get(row.scenario) ?? new Map<string, Counts>();
    perDay.set(row.day, row);
    byScenario.set(row.scenario, perDay);
    if (options.scenario !== undefined && row.scenario !== options.scenario) continue;
    const sum = byDay.get(row.day) ?? { ...NO_COUNTS };
    byDay.set(row.day, { contacts: sum.contacts + row.contacts, questions: sum.questions + row.questions, solved: sum.solved + row.solved, referred: sum.referred + row.referred });
  }
  const figures = (counts: ReadonlyMap<string, Counts>, stretch: { from: string; to: string }) =>
    periodFigures(history, stretch.from, stretch.to, countsBetween(counts, stretch.from, stretch.to));

  return {
    location: { id: location.id, name: location.name, organisationId: location.organisationId },
    scenario: options.scenario ?? null,
    weeks: options.weeks,
    history,
    months: monthsBetween(from, to).map((month) => ({ month: month.month, ...figures(byDay, month) })),
    scenarios: [...byScenario.keys()].sort().map((scenario) => ({ scenario, label: label('scenario', scenario), ...figures(byScenario.get(scenario)!, { from, to }) })),
    changes: windows.map((w) => ({ on: w.on, hoursBefore: w.hoursBefore, hoursAfter: w.hoursAfter, before: figures(byDay, w.before), after: figures(byDay, w.after) })),
  };
}

/**
 * Contacts by weekday × hour, Amsterdam time, over from/to (by default the 13 weeks up to today): the whole months
 * of the range from the heat rollup (migration 019), the days at its edges, and a map of one scenario, from the
 * hour rollup. A map with no place finer than the organisation and no scenario (national, a coordinator's) reads
 * both summed per organisation (migration 026), about a fifth of their rows.
 */
export async function busyHours(db: Queryable, filters: ReportFilters, places: Places, options: HoursOptions, today: string): Promise<BusyHoursResponse> {
  const to = filters.to ?? today;
  const from = filters.from ?? addDays(to, -90);
  // The heat rollup holds no scenario: a map of one scenario reads the hour rollup for the whole range.
  const split = options.scenario === undefined ? splitMonths(from, to) : { edges: [{ from, to }] };
  const tables = heatMapTables(options.scenario === undefined && rollupTable(filters) === 'report_org_rollup');
  const params = new Params();
  const parts: string[] = [];
  if (split.months) {
    const conditions = [`r.month BETWEEN ${params.add(split.months.from, 'date')} AND ${params.add(split.months.to, 'date')}`, ...placeConditions('r', filters, places, params)];
    parts.push(`SELECT r.weekday, r.hour, sum(r.contacts) AS contacts FROM ${tables.months} r WHERE ${conditions.join(' AND ')} GROUP BY 1, 2`);
  }
  // Each edge a range of its own (an index range scan each, in parallel, where one OR of both was a bitmap scan),
  // summed per day and hour before the weekday is worked out: once per day, not per row of each location.
  // EXPLAIN ANALYZE at five million questions, 15 Jan–15 Jun: the edges 100 → 57 ms (bench/README.md); nationally
  // from the organisations' rollups the whole statement 156–176 → 52–59 ms (psql, the same database).
  for (const edge of split.edges) {
    const conditions = [`r.day BETWEEN ${params.add(edge.from, 'date')} AND ${params.add(edge.to, 'date')}`, ...placeConditions('r', filters, places, params)];
    if (options.scenario !== undefined) conditions.push(`r.scenario = ${params.add(options.scenario, 'text')}`);
    parts.push(`SELECT extract(isodow FROM d.day)::smallint AS weekday, d.hour, d.contacts
      FROM (SELECT r.day, r.hour, sum(r.contacts) AS contacts FROM ${tables.days} r WHERE ${conditions.join(' AND ')} GROUP BY 1, 2) AS d`);
  }
  const rows = parts.length === 0 ? [] : await db.query<{ weekday: number; hour: number; contacts: number }>(
    `SELECT weekday::int AS weekday, hour::int AS hour, sum(contacts)::int AS contacts FROM (${parts.join(' UNION ALL ')}) AS p GROUP BY 1, 2`,
    params.values,
  );
  const contacts = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const row of rows) contacts[row.weekday - 1][row.hour] = Number(row.contacts);
  const all = contacts.flat();
  return { from, to, scenario: options.scenario ?? null, contacts, total: all.reduce((a, b) => a + b, 0), max: Math.max(0, ...all) };
}

/**
 * Locations by size class and main scenario (the scenario of most of their contacts in the range; a location
 * without contacts but with one scenario set counts under that one): contacts per 1,000 residents and per IDO hour.
 */
export async function scenarioComparison(db: Queryable, filters: ReportFilters, places: Places, today: string): Promise<ScenarioComparisonResponse> {
  const to = filters.to ?? today;
  const from = filters.from ?? addDays(to, -364);
  const statement = statsStatement(['location', 'scenario'], { ...filters, from, to }, places);
  const locations = locationsIn(places, filters);
  const ids = locations.map((l) => l.id);
  const [counted, configured, histories] = await Promise.all([
    db.query<{ k0: string; k1: string; contacts: number; questions: number }>(statement.text, statement.params),
    db.query<{ id: string; scenarios: string[] }>('SELECT id, scenarios FROM locations WHERE id = ANY($1::text[])', [ids]),
    hoursHistoriesFromOpening(db, ids),
  ]);
  const perLocation = new Map<string, { scenario: string; contacts: number; questions: number }[]>();
  for (const row of counted) perLocation.set(row.k0, [...(perLocation.get(row.k0) ?? []), { scenario: row.k1, contacts: Number(row.contacts), questions: Number(row.questions) }]);
  const scenariosSet = new Map(configured.map((row) => [row.id, row.scenarios]));

  const groups = new Map<string, { sizeClass: string; scenario: string; locations: number; contacts: number; inScenario: number; questions: number; population: number | null; idoHours: number }>();
  for (const location of locations) {
    const counts = perLocation.get(location.id) ?? [];
    const main = [...counts].sort((a, b) => b.contacts - a.contacts || a.scenario.localeCompare(b.scenario))[0]?.scenario
      ?? (scenariosSet.get(location.id)?.length === 1 ? scenariosSet.get(location.id)![0] : undefined);
    if (main === undefined || main === '') continue;
    const population = populationOf(places, { location: location.id });
    const sizeClass = sizeClassOf(population).code;
    const key = `${sizeClass}|${main}`;
    const group = groups.get(key) ?? { sizeClass, scenario: main, locations: 0, contacts: 0, inScenario: 0, questions: 0, population: 0, idoHours: 0 };
    group.locations += 1;
    group.contacts += counts.reduce((sum, c) => sum + c.contacts, 0);
    group.questions += counts.reduce((sum, c) => sum + c.questions, 0);
    group.inScenario += counts.find((c) => c.scenario === main)?.contacts ?? 0;
    group.population = population === undefined || group.population === null ? null : group.population + population;
    group.idoHours += idoHoursBetween(histories.get(location.id) ?? [], from, to);
    groups.set(key, group);
  }
  const classOrder = [...SIZE_CLASSES, UNKNOWN_SIZE_CLASS].map((c) => c.code);
  const rows: ScenarioComparisonRow[] = [...groups.values()]
    .sort((a, b) => classOrder.indexOf(a.sizeClass) - classOrder.indexOf(b.sizeClass) || a.scenario.localeCompare(b.scenario))
    .map((g) => ({
      sizeClass: g.sizeClass, scenario: g.scenario, scenarioLabel: label('scenario', g.scenario), locations: g.locations, contacts: g.contacts, questions: g.questions,
      scenarioShare: g.contacts > 0 ? Number((g.inScenario / g.contacts).toFixed(4)) : null,
      population: g.population,
      idoHours: Number(g.idoHours.toFixed(2)),
      contactsPer1000Residents: g.population ? Number(((g.contacts * 1000) / g.population).toFixed(3)) : null,
      contactsPerIdoHour: g.idoHours > 0 ? Number((g.contacts / g.idoHours).toFixed(4)) : null,
    }));
  return { from, to, sizeClasses: [...SIZE_CLASSES, UNKNOWN_SIZE_CLASS], rows };
}
