import type { StatsDimension } from '../../shared/reports';
import { splitMonths } from './heat-rollup';
import { type DayRange, type RangeSplit, splitRange, splitRangeByComplement } from './periods';
import { locationsIn, type Places, type ReportFilters } from './places';
import { reportDeltaRowsSql } from './rollup';
import { SCENARIO_MONTH_TABLE } from './scenario-month-rollup';

/*
 * The SQL behind GET /stats. Whole periods come from the rollup `report_rollup` (or, with no place finer than the
 * organisation, `report_org_rollup`; for the scenario per location, whole months from `report_scenario_month_rollup`);
 * days at the edges of the date
 * range from the hour rollup `report_hour_rollup` when the query needs no question dimension but the scenario
 * (the totals among them: a contact lies in one of its rows), else from the questions: an edge's own days, or
 * (when it covers more than half its period) its whole period from the rollup less the period's other days, so
 * at most three days of questions per period (periods.ts splitRangeByComplement). All parts yield the same
 * columns and are summed. Two question dimensions at once (say topic × help) have no rollup: that query reads
 * the questions for the whole range (no page asks it). Over the whole country it runs past the report time limit
 * and is refused (time-limit.ts, src/server/README.md "Time limit").
 */

/** Dimensions of a question or its contact, counted in the rollup one at a time. */
export const FACETS = ['scenario', 'channel', 'staffRole', 'topic', 'governmentOrganisation', 'help', 'referral', 'resolved'] as const;
export type Facet = (typeof FACETS)[number];

/** Whether a dimension is one of a question or its contact (not time, not place). */
export function isFacet(dimension: StatsDimension): dimension is Facet {
  return (FACETS as readonly string[]).includes(dimension);
}

// How a question row yields a facet's values: one column, or a set (a question never lists a code twice).
const RAW_FACETS: Record<Facet, { column: string } | { values: string }> = {
  scenario: { column: "coalesce(q.scenario, '')" },
  channel: { column: "coalesce(q.channel, '')" },
  staffRole: { column: "coalesce(q.staff_role, '')" },
  referral: { column: "coalesce(q.referral_kind, '')" },
  topic: { values: 'unnest(q.topics)' },
  governmentOrganisation: { values: "unnest(CASE WHEN cardinality(q.government_organisations) = 0 THEN ARRAY[''] ELSE q.government_organisations END)" },
  help: { values: 'unnest(q.help)' },
  resolved: { column: 'q.resolved' },
};

/** The period of a day column (date): without a time zone, so no conversion per row (periods.ts). */
const periodOfDay = (day: string) => `greatest(date_trunc('week', ${day}::timestamp), date_trunc('month', ${day}::timestamp))::date`;

/** A statement with its parameters. */
export interface Statement {
  text: string;
  params: unknown[];
}

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/**
 * Conditions for the place filters on a table with organisation_id and location_id (stats, rising topics, busy
 * hours, the export). A municipality or province is named by its locations, from the places the request read: a list
 * the planner can count. A subquery on `locations` it could not, and "Opvallend" for one province read the whole
 * topic rollup of 25 months (a parallel seq scan, 142 ms at five million questions; the list: an index scan, 20 ms).
 */
export function placeConditions(alias: string, filters: ReportFilters, places: Places, params: Params): string[] {
  const conditions: string[] = [];
  if (filters.excludeOrganisations?.length) conditions.push(`${alias}.organisation_id <> ALL (${params.add(filters.excludeOrganisations, 'text[]')}::uuid[])`);
  if (filters.organisation !== undefined) conditions.push(`${alias}.organisation_id = ${params.add(filters.organisation, 'uuid')}`);
  if (filters.location !== undefined) conditions.push(`${alias}.location_id = ${params.add(filters.location, 'text')}`);
  if (filters.municipality !== undefined || filters.province !== undefined) {
    const ids = locationsIn(places, { municipality: filters.municipality, province: filters.province }).map((location) => location.id);
    conditions.push(`${alias}.location_id = ANY (${params.add(ids, 'text[]')})`);
  }
  return conditions;
}

/**
 * The rollup a query reads: `report_org_rollup` (the rollup summed per organisation, about a fifth of its rows) when
 * neither its filters nor its columns name a place finer than the organisation, else `report_rollup`.
 */
export function rollupTable(filters: ReportFilters, columns: readonly string[] = []): 'report_rollup' | 'report_org_rollup' {
  const finer = filters.location !== undefined || filters.municipality !== undefined || filters.province !== undefined || columns.includes('location_id');
  return finer ? 'report_rollup' : 'report_org_rollup';
}

/** Whether the started_at of question q lies on one of these Amsterdam days. */
function daysCondition(edges: readonly Partial<DayRange>[], params: Params): string {
  const ranges = edges.map((edge) => {
    const parts: string[] = [];
    if (edge.from !== undefined) parts.push(`q.started_at >= (${params.add(edge.from, 'date')}::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
    if (edge.to !== undefined) parts.push(`q.started_at < ((${params.add(edge.to, 'date')} + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
    return parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`;
  });
  return ranges.length === 1 ? ranges[0] : `(${ranges.join(' OR ')})`;
}

/** Whether the (Amsterdam) day of hour-rollup row h lies in one of these day ranges. */
function hourDaysCondition(edges: readonly DayRange[], params: Params): string {
  const ranges = edges.map((edge) => `h.day BETWEEN ${params.add(edge.from, 'date')} AND ${params.add(edge.to, 'date')}`);
  return ranges.length === 1 ? ranges[0] : `(${ranges.join(' OR ')})`;
}

/** The part counted from the questions on these days, times `sign` (-1: days subtracted from a whole period). */
function questionsPart(columns: readonly string[], facets: readonly Facet[], edges: readonly Partial<DayRange>[], filters: ReportFilters, places: Places, params: Params, sign: 1 | -1): string {
  const laterals: string[] = [];
  // Per contact and Amsterdam day (a contact has one), then per day: the period of a day, not of every question.
  const inner = columns.map((c) => {
    if (c === 'period_start') return 'd.day AS period_start';
    if (!c.startsWith('value')) return `q.${c}`;
    const index = Number(c.slice(5));
    const raw = RAW_FACETS[facets[index]];
    if ('column' in raw) return `${raw.column} AS ${c}`;
    laterals.push(`CROSS JOIN LATERAL ${raw.values} AS f${index} (value)`);
    return `f${index}.value AS ${c}`;
  });
  const dayLateral = columns.includes('period_start') ? "CROSS JOIN LATERAL (SELECT (q.started_at AT TIME ZONE 'Europe/Amsterdam')::date AS day) AS d " : '';
  const conditions = [daysCondition(edges, params), ...placeConditions('q', filters, places, params)];
  // Per contact first, then per group: hashing beats count(DISTINCT), which sorts.
  const byContact = [...columns.map((_, i) => i + 1), 'q.registration_id'].join(', ');
  const outer = columns.map((c) => (c === 'period_start' ? `${periodOfDay('period_start')}` : c));
  const counts = sign === 1 ? ['count(*)', 'sum(n)'] : ['-count(*)', '-sum(n)'];
  return `SELECT ${[...outer, ...counts].join(', ')} FROM (
        SELECT ${[...inner, 'count(*) AS n'].join(', ')} FROM questions q ${dayLateral}${laterals.join(' ')}
        WHERE ${conditions.join(' AND ')} GROUP BY ${byContact}
      ) AS per_contact${columns.length > 0 ? ` GROUP BY ${columns.join(', ')}` : ''}`;
}

/**
 * One aggregate over the filters, grouped by `groupBy` (none, one or two dimensions). The answer has a column
 * k0 (and k1) per dimension with its code as text ('' for "none"), and contacts and questions.
 */
export function statsStatement(groupBy: readonly StatsDimension[], filters: ReportFilters, places: Places): Statement {
  const params = new Params();
  const facets = groupBy.filter(isFacet);
  // The intermediate columns both parts yield: only what the keys need, so groups stay few.
  const columns: string[] = [];
  if (groupBy.includes('month') || groupBy.includes('week')) columns.push('period_start');
  if (groupBy.includes('organisation')) columns.push('organisation_id');
  if (groupBy.some((d) => d === 'location' || d === 'municipality' || d === 'province')) columns.push('location_id');
  facets.forEach((_, i) => columns.push(`value${i}`));

  // Two facets: no rollup holds the pair, so the questions answer for the whole range. No question dimension but
  // the scenario: the hour rollup answers the edges. Else an edge is its own days from the questions, or its whole
  // period from the rollup less the period's other days from the questions, whichever reads fewer days.
  const fromHours = facets.length <= 1 && facets.every((f) => f === 'scenario');
  // The scenario per location, without periods: the whole months from the scenario month rollup (a fifth of the rows
  // of the rollup's scenario part), the days of the months cut by the range as below.
  const monthly = fromHours && facets.length === 1 && !columns.includes('period_start') && rollupTable(filters, columns) === 'report_rollup'
    && filters.from !== undefined && filters.to !== undefined ? splitMonths(filters.from, filters.to) : undefined;
  const wholeMonths = monthly?.months;
  // The whole periods from the rollup and the edge days from the hour rollup, split once per range.
  const byHours = fromHours ? (wholeMonths ? monthly!.edges : [{ from: filters.from, to: filters.to }]).map((range) => splitRange(range.from, range.to)) : undefined;
  const complement = facets.length > 1 || byHours ? undefined : splitRangeByComplement(filters.from, filters.to);
  const plan: { rollups: NonNullable<RangeSplit['rollup']>[]; periods: string[]; plus: Partial<DayRange>[]; minus: DayRange[] } = complement
    ? { ...complement, rollups: complement.rollup ? [complement.rollup] : [] }
    : byHours ? { rollups: byHours.flatMap((split) => (split.rollup ? [split.rollup] : [])), periods: [], plus: [], minus: [] }
    : { rollups: [], periods: [], plus: [{ from: filters.from, to: filters.to }], minus: [] };
  const hourEdges = byHours?.flatMap((split) => split.edges) ?? [];
  const parts: string[] = [];

  if (wholeMonths) {
    const select = columns.map((c) => (c === 'value0' ? 'm.scenario' : `m.${c}`));
    const conditions = [`m.month BETWEEN ${params.add(wholeMonths.from, 'date')} AND ${params.add(wholeMonths.to, 'date')}`, ...placeConditions('m', filters, places, params)];
    parts.push(`SELECT ${[...select, 'sum(m.contacts)', 'sum(m.questions)'].join(', ')} FROM ${SCENARIO_MONTH_TABLE} m
      WHERE ${conditions.join(' AND ')} GROUP BY ${select.join(', ')}`);
  }

  if (plan.rollups.length > 0 || plan.periods.length > 0) {
    const conditions = [`r.dimension = ${params.add(facets[0] ?? 'contact', 'text')}`, ...placeConditions('r', filters, places, params)];
    const spans: string[] = [];
    for (const rollup of plan.rollups) {
      const range: string[] = [];
      if (rollup.from !== undefined) range.push(`r.period_start >= ${params.add(rollup.from, 'date')}`);
      if (rollup.before !== undefined) range.push(`r.period_start < ${params.add(rollup.before, 'date')}`);
      spans.push(range.length === 0 ? 'true' : `(${range.join(' AND ')})`);
    }
    if (plan.periods.length > 0) spans.push(`r.period_start = ANY (${params.add(plan.periods, 'date[]')})`);
    conditions.push(spans.length === 1 ? spans[0] : `(${spans.join(' OR ')})`);
    const select = columns.map((c) => (c === 'value0' ? 'r.value' : `r.${c}`));
    const from = (source: string) => `SELECT ${[...select, 'sum(r.contacts)', 'sum(r.questions)'].join(', ')} FROM ${source}
      WHERE ${conditions.join(' AND ')}${select.length > 0 ? ` GROUP BY ${select.join(', ')}` : ''}`;
    parts.push(from(`${rollupTable(filters, columns)} r`));
    // Days subtracted from the questions are subtracted from what the rollup counts in the same snapshot: the rollup
    // plus its pending deltas (a batch commits its questions and its deltas at once; pending-rollups.ts). A part of
    // its own, so the rollup's part keeps its parallel scan.
    if (plan.minus.length > 0) parts.push(from(`${reportDeltaRowsSql('report_rollup_pending')} r`));
  }

  if (hourEdges.length > 0) {
    // The hour rollup holds each contact in one row (location, day, hour, scenario).
    const select = columns.map((c) => (c === 'period_start' ? `${periodOfDay('h.day')}` : c === 'value0' ? 'h.scenario' : `h.${c}`));
    const conditions = [hourDaysCondition(hourEdges, params), ...placeConditions('h', filters, places, params)];
    parts.push(`SELECT ${[...select, 'sum(h.contacts)', 'sum(h.questions)'].join(', ')} FROM report_hour_rollup h
      WHERE ${conditions.join(' AND ')}${select.length > 0 ? ` GROUP BY ${select.map((_, i) => i + 1).join(', ')}` : ''}`);
  }
  if (plan.plus.length > 0) parts.push(questionsPart(columns, facets, plan.plus, filters, places, params, 1));
  if (plan.minus.length > 0) parts.push(questionsPart(columns, facets, plan.minus, filters, places, params, -1));
  // A range that holds no day (from after to; the route refuses it, a caller might not): no rows, not a syntax error.
  if (parts.length === 0) parts.push(`SELECT ${[...columns.map((c) => (c === 'period_start' ? 'NULL::date' : c === 'organisation_id' ? 'NULL::uuid' : 'NULL::text')), '0', '0'].join(', ')} WHERE false`);

  const keys = groupBy.map((dimension, i) => `${keyExpression(dimension, facets)} AS k${i}`);
  const needsLocation = groupBy.includes('municipality') || groupBy.includes('province');
  const text = `WITH parts (${[...columns, 'contacts', 'questions'].join(', ')}) AS (${parts.join('\n UNION ALL ')})
    SELECT ${[...keys, 'coalesce(sum(p.contacts), 0)::int AS contacts', 'coalesce(sum(p.questions), 0)::int AS questions'].join(', ')}
    FROM parts p${needsLocation ? ' LEFT JOIN locations l ON l.id = p.location_id' : ''}
    ${keys.length > 0 ? `GROUP BY ${keys.map((_, i) => i + 1).join(', ')} HAVING sum(p.questions) <> 0` : ''}`;
  return { text, params: params.values };
}

function keyExpression(dimension: StatsDimension, facets: readonly Facet[]): string {
  switch (dimension) {
    case 'month': return "to_char(p.period_start::timestamp, 'YYYY-MM')";
    case 'week': return `to_char(p.period_start::timestamp, 'IYYY-"W"IW')`;
    case 'organisation': return 'p.organisation_id::text';
    case 'location': return 'p.location_id';
    case 'municipality': return 'l.municipality_code';
    case 'province': return 'l.province';
    default: return `p.value${facets.indexOf(dimension)}`;
  }
}
