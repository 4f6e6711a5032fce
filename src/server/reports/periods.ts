/*
 * The rollup counts per period: the part of an ISO week that lies in one month (a week across a month end is
 * two periods). Whole months and whole weeks are both sums of periods. A date range that cuts a period in
 * two is answered from the rollup for its whole periods and from the questions for the days at its edges
 * (at most six days at each end).
 */
import { addDays, dayNumber, mondayOf, yearMonth } from '../../shared/calendar';

/** Days as YYYY-MM-DD, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

/** Where each part of a date range is counted. Undefined bounds are open. */
export interface RangeSplit {
  /** whole periods: period_start >= from and period_start < before; absent when no whole period lies in the range */
  rollup?: { from?: string; before?: string };
  /** days counted from the questions themselves */
  edges: DayRange[];
}

/** The first day of the period a day lies in: its week's Monday, or the 1st of its month if that is later. */
export function periodStart(day: string): string {
  const monday = mondayOf(day);
  const firstOfMonth = `${day.slice(0, 8)}01`;
  return monday > firstOfMonth ? monday : firstOfMonth;
}

/**
 * The first day of the period after the one a day lies in: the next Monday, or the 1st of the next month if that is earlier.
 * Not for a day of the calendar's last period (from `LAST_PERIOD`): no day comes after it; `periodEnd` is for any day.
 */
export function nextPeriodStart(day: string): string {
  const nextMonday = addDays(mondayOf(day), 7);
  const { year, month } = yearMonth(day);
  const firstOfNextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return nextMonday < firstOfNextMonth ? nextMonday : firstOfNextMonth;
}

/**
 * The last day a report takes (`to=9999-12-31`, reports/parameters.ts), and the last day these modules can name: a day
 * of the year 10000 is no `YYYY-MM-DD` (JavaScript writes `+010000-01-01`, which PostgreSQL refused as a date).
 */
export const LAST_DAY = '9999-12-31';
/** The first day of the calendar's last period (Monday 27 December 9999). */
export const LAST_PERIOD = periodStart(LAST_DAY);

/** The last day of the period a day lies in. */
export function periodEnd(day: string): string {
  return day >= LAST_PERIOD ? LAST_DAY : addDays(nextPeriodStart(day), -1);
}

/** The first day of the next period, or undefined after the calendar's last period. */
function periodAfter(day: string): string | undefined {
  const end = periodEnd(day);
  return end === LAST_DAY ? undefined : addDays(end, 1);
}

/** Splits a date range into whole periods (the rollup) and edge days (the questions). */
export function splitRange(from: string | undefined, to: string | undefined): RangeSplit {
  const wholeFrom = from === undefined || periodStart(from) === from ? from : periodAfter(from);
  // From a day inside the calendar's last period on: no whole period, only the days themselves.
  if (from !== undefined && wholeFrom === undefined) return { edges: [{ from, to: to ?? LAST_DAY }] };
  const endsOnPeriodEnd = to === undefined || periodEnd(to) === to;
  // Up to the calendar's last day: no day after it, so the whole periods have no end.
  const wholeBefore = to === undefined || to === LAST_DAY ? undefined : endsOnPeriodEnd ? addDays(to, 1) : periodStart(to);
  if (from !== undefined && to !== undefined && wholeBefore !== undefined && wholeFrom! >= wholeBefore) return { edges: [{ from, to }] };
  const edges: DayRange[] = [];
  if (from !== undefined && wholeFrom !== from) edges.push({ from, to: addDays(wholeFrom!, -1) });
  if (to !== undefined && !endsOnPeriodEnd) edges.push({ from: wholeBefore!, to });
  return { rollup: { from: wholeFrom, before: wholeBefore }, edges };
}

/** Where each part of a date range is counted when an edge may be read as its whole period less the rest. */
export interface ComplementSplit {
  /** whole periods inside the range, as in RangeSplit */
  rollup?: { from?: string; before?: string };
  /** periods cut by the range, counted whole from the rollup (their days outside the range are in `minus`) */
  periods: string[];
  /** days counted from the questions */
  plus: DayRange[];
  /** days outside the range, in `periods`, counted from the questions and subtracted */
  minus: DayRange[];
}

/**
 * Splits a date range as splitRange does, then counts each edge the cheaper way: its own days from the questions,
 * or, when it covers more than half of its period, the whole period from the rollup less the period's other days
 * from the questions. A contact lies on one day, so the subtraction is exact per value; at most three days of a
 * period are read from the questions.
 */
export function splitRangeByComplement(from: string | undefined, to: string | undefined): ComplementSplit {
  const split = splitRange(from, to);
  const result: ComplementSplit = { rollup: split.rollup, periods: [], plus: [], minus: [] };
  for (const edge of split.edges) {
    // With no whole period inside the range, its one edge can reach into a second period.
    for (let start: string | undefined = edge.from; start !== undefined && start <= edge.to; start = periodAfter(start)) {
      const first = periodStart(start);
      const last = periodEnd(start);
      const end = last < edge.to ? last : edge.to;
      const inside = dayNumber(end) - dayNumber(start) + 1;
      const outside = dayNumber(last) - dayNumber(first) + 1 - inside;
      if (inside <= outside) {
        result.plus.push({ from: start, to: end });
        continue;
      }
      result.periods.push(first);
      if (first < start) result.minus.push({ from: first, to: addDays(start, -1) });
      if (end < last) result.minus.push({ from: addDays(end, 1), to: last });
    }
  }
  return result;
}
