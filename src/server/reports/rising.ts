import { RISING_LIMIT, type RisingResponse, type RisingTopic } from '../../shared/rising';
import { amsterdamDay } from '../../shared/time';
import type { Queryable } from '../db/database';
import { ApiError } from '../errors';
import type { ReportViewer } from './access';
import { keyLabel } from './labels';
import { daysInMonth, isoWeek, mondayOf } from '../../shared/calendar';
import type { Places, ReportFilters } from './places';
import { BASELINE_MONTHS, compare, judgeMonth, MINIMUM_HISTORY, MINIMUM_OBSERVED, MINIMUM_RATIO, monthsRising, P_VALUE, usualLevel } from './rising-test';
import { Params, placeConditions, rollupTable } from './stats-sql';

/*
 * "Opvallend" (GET /stats/rising, docs/rising-topics.md): per topic, the judged month and its week so far
 * against the topic's own usual level. Read from the topic partition of the rollup the ingest keeps current:
 * 25 months of whole periods, one aggregate, no question rows.
 */

/** Months read: the 24 of the trend line, and the baseline of the month two before the judged one (12 + 2). */
const SERIES_MONTHS = 24;
/** A course suggestion after this many months in a row. */
const COURSE_AFTER_MONTHS = 3;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month `months` after the YYYY-MM month. */
function shiftMonth(month: string, months: number): string {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + months, 1));
  return date.toISOString().slice(0, 7);
}

/** Days in a YYYY-MM month. */
function monthLength(month: string): number {
  return daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
}

/** The ISO week (2026-W12) and its Monday, of a day. */
function weekOf(day: string): { week: string; monday: string } {
  const { year, week } = isoWeek(day);
  return { week: `${year}-W${String(week).padStart(2, '0')}`, monday: mondayOf(day) };
}

/**
 * The month to judge (YYYY-MM, default this month) and the last day counted: today for this month, the
 * month's last day for an earlier one. A month after this one, or before 2000, is a 400.
 */
export function judgedSpan(month: string | undefined, now: Date): { month: string; asOf: string } {
  const today = amsterdamDay(now);
  const thisMonth = today.slice(0, 7);
  if (month === undefined) return { month: thisMonth, asOf: today };
  if (!MONTH.test(month) || month < '2000-01') throw new ApiError('invalid_request', {}, 'month moet een maand zijn in de vorm JJJJ-MM, zoals 2026-03.');
  if (month > thisMonth) throw new ApiError('invalid_request', {}, 'month mag niet na deze maand liggen.');
  return { month, asOf: month === thisMonth ? today : `${month}-${String(monthLength(month)).padStart(2, '0')}` };
}

/** The kaart's course entries per topic: active services of the viewer's organisation or national, with the topic, that teach. */
async function courseEntries(db: Queryable, topics: readonly string[], viewer: ReportViewer): Promise<Map<string, Array<{ id: string; name: string }>>> {
  const courses = new Map<string, Array<{ id: string; name: string }>>();
  if (topics.length === 0) return courses;
  const rows = await db.query<{ id: string; name: string; topic: string }>(
    `SELECT k.id::text AS id, k.data->>'name' AS name, t.topic
     FROM kaart_records k CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(k.data->'ido_topics', '[]'::jsonb)) AS t (topic)
     WHERE k.entity = 'service' AND NOT k.deleted AND (k.scope IS NULL OR k.scope = $1::uuid)
       AND coalesce(k.data->>'status', 'active') = 'active' AND t.topic = ANY($2::text[])
       AND (k.data->>'name' || ' ' || coalesce(k.data->>'description', '')) ~* '(cursus|training|workshop|voorlichting|lessen|\\mles\\M|leren|klik ?& ?tik)'
     ORDER BY k.scope NULLS LAST, k.data->>'name' LIMIT 200`,
    [viewer.organisationId, [...topics]],
  );
  for (const row of rows) {
    const list = courses.get(row.topic) ?? [];
    if (list.length < 5) list.push({ id: row.id, name: row.name });
    courses.set(row.topic, list);
  }
  return courses;
}

/** The rising topics of the filters (already limited to what the viewer may see) in the judged month. */
export async function runRising(db: Queryable, filters: ReportFilters, places: Places, viewer: ReportViewer, span: { month: string; asOf: string }): Promise<RisingResponse> {
  const first = shiftMonth(span.month, -SERIES_MONTHS);
  const { week, monday } = weekOf(span.asOf);
  const params = new Params();
  const conditions = [
    "r.dimension = 'topic'",
    `r.period_start >= ${params.add(`${first}-01`, 'date')}`,
    `r.period_start <= ${params.add(span.asOf, 'date')}`,
    ...placeConditions('r', filters, places, params),
  ];
  // Grouped by the plain columns, the month and the week so far worked out here from the few hundred periods:
  // a to_char (with its time-zone cast) per rollup row was half the time of this read (EXPLAIN ANALYZE, bench).
  const rows = await db.query<{ topic: string; period_start: string; questions: number }>(
    `SELECT r.value AS topic, r.period_start::text AS period_start, sum(r.questions)::int AS questions
     FROM ${rollupTable(filters)} r WHERE ${conditions.join(' AND ')} GROUP BY r.value, r.period_start`,
    params.values,
  );

  const months = Array.from({ length: SERIES_MONTHS + 1 }, (_, i) => shiftMonth(first, i));
  const index = new Map(months.map((m, i) => [m, i]));
  const series = new Map<string, number[]>();
  const weekCounts = new Map<string, number>();
  let historyStart = months.length;
  for (const row of rows) {
    const i = index.get(row.period_start.slice(0, 7));
    if (i === undefined) continue;
    const counts = series.get(row.topic) ?? Array<number>(months.length).fill(0);
    counts[i] += Number(row.questions);
    series.set(row.topic, counts);
    const inWeek = row.period_start >= monday ? Number(row.questions) : 0;
    weekCounts.set(row.topic, (weekCounts.get(row.topic) ?? 0) + inWeek);
    historyStart = Math.min(historyStart, i);
  }

  const last = months.length - 1;
  // A month under way is held against the part of its usual level that has passed, in whole weeks: the first
  // days of a month (or a library with one spreekuur day) never count as a rise by being compared with a day or two.
  const days = monthLength(span.month);
  const fraction = Math.min(1, (Math.ceil(Number(span.asOf.slice(8, 10)) / 7) * 7) / days);
  const candidates: RisingTopic[] = [];
  for (const [topic, counts] of series) {
    const month = judgeMonth(counts, last, historyStart, fraction);
    if (!month) continue;
    const usual = usualLevel(counts, last, historyStart)!;
    // The week so far against a whole usual week, for the same reason.
    const weekFigure = compare(weekCounts.get(topic) ?? 0, (usual / days) * 7);
    if (!month.rising && !weekFigure.rising) continue;
    const risingMonths = month.rising ? monthsRising(counts, last, historyStart, fraction) : 0;
    candidates.push({
      topic, label: keyLabel('topic', topic, places), month, week: weekFigure,
      series: months.slice(1).map((m, i) => ({ month: m, questions: counts[i + 1] })),
      risingMonths, suggestCourse: risingMonths >= COURSE_AFTER_MONTHS, courses: [],
    });
  }
  candidates.sort((a, b) => a.month.p - b.month.p || b.month.ratio - a.month.ratio || a.week.p - b.week.p || a.topic.localeCompare(b.topic));
  const topics = candidates.slice(0, RISING_LIMIT);
  const courses = await courseEntries(db, topics.filter((t) => t.suggestCourse).map((t) => t.topic), viewer);
  for (const topic of topics) topic.courses = courses.get(topic.topic) ?? [];
  return {
    month: span.month, asOf: span.asOf, week, topics,
    rule: { minimum: MINIMUM_OBSERVED, ratio: MINIMUM_RATIO, pValue: P_VALUE, baselineMonths: BASELINE_MONTHS, minimumHistory: MINIMUM_HISTORY },
    // No list with too little history is no "everything at its usual level": the page says which (RisingList).
    historyMonths: Math.max(0, last - historyStart),
  };
}

