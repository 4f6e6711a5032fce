/*
 * The rollup counts per period: the part of an ISO week that lies in one month (a week across a month end is
 * two periods). Whole months and whole weeks are both sums of periods. A date range that cuts a period in
 * two is answered from the rollup for its whole periods and from the questions for the days at its edges
 * (at most six days at each end).
 */
import { addDays, mondayOf, yearMonth } from '../../shared/calendar';

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

/** The first day of the period after the one a day lies in: the next Monday, or the 1st of the next month if that is earlier. */
export function nextPeriodStart(day: string): string {
  const nextMonday = addDays(mondayOf(day), 7);
  const { year, month } = yearMonth(day);
  const firstOfNextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return nextMonday < firstOfNextMonth ? nextMonday : firstOfNextMonth;
}

/** Splits a date range into whole periods (the rollup) and edge days (the questions). */
export function splitRange(from: string | undefined, to: string | undefined): RangeSplit {
  const wholeFrom = from === undefined || periodStart(from) === from ? from : nextPeriodStart(from);
  const endsOnPeriodEnd = to === undefined || nextPeriodStart(to) === addDays(to, 1);
  const wholeBefore = to === undefined ? undefined : endsOnPeriodEnd ? addDays(to, 1) : periodStart(to);
  if (from !== undefined && to !== undefined && wholeFrom! >= wholeBefore!) return { edges: [{ from, to }] };
  const edges: DayRange[] = [];
  if (from !== undefined && wholeFrom !== from) edges.push({ from, to: addDays(wholeFrom!, -1) });
  if (to !== undefined && !endsOnPeriodEnd) edges.push({ from: wholeBefore!, to });
  return { rollup: { from: wholeFrom, before: wholeBefore }, edges };
}
