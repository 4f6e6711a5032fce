import type { HoursStep, PeriodFigures } from '../../shared/hours-insight';
import { addDays, daysInMonth, yearMonth } from '../../shared/calendar';

/*
 * The per-hour maths of "Do more hours bring more visitors?". Days are Amsterdam calendar days: a day of
 * 23 or 25 hours (the last Sunday of March or October) is still one seventh of a week, so the summer-time
 * switch changes no IDO hours. The hours in force on a day are those of the latest step on or before it.
 */

/** Counts of contacts and their questions. */
export interface Counts {
  contacts: number;
  questions: number;
  solved: number;
  referred: number;
}

export const NO_COUNTS: Counts = { contacts: 0, questions: 0, solved: 0, referred: 0 };

/** Days from `from` to `to`, both included (0 when `to` lies before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1);
}

/**
 * The IDO hours offered from `from` to `to` (both included): each step's hours per week times the weeks
 * (days / 7) of the stretch it was in force. Days before the first step offer none.
 */
export function idoHoursBetween(history: readonly HoursStep[], from: string, to: string): number {
  let hours = 0;
  history.forEach((step, i) => {
    const next = history[i + 1];
    const start = step.from > from ? step.from : from;
    const end = next !== undefined && addDays(next.from, -1) < to ? addDays(next.from, -1) : to;
    hours += (step.hoursPerWeek * daysBetween(start, end)) / 7;
  });
  return hours;
}

const ratio = (a: number, b: number, digits = 4): number | null => (b > 0 ? Number((a / b).toFixed(digits)) : null);

/** The figures of a stretch: counts, IDO hours and the ratios (null where the denominator is 0). */
export function periodFigures(history: readonly HoursStep[], from: string, to: string, counts: Counts): PeriodFigures {
  const days = daysBetween(from, to);
  const idoHours = idoHoursBetween(history, from, to);
  return {
    from, to, days,
    idoHours: Number(idoHours.toFixed(2)),
    hoursPerWeek: days > 0 ? Number(((idoHours * 7) / days).toFixed(2)) : null,
    ...counts,
    contactsPerIdoHour: ratio(counts.contacts, idoHours),
    questionsPerContact: ratio(counts.questions, counts.contacts),
    shareSolved: ratio(counts.solved, counts.questions),
    shareReferred: ratio(counts.referred, counts.questions),
  };
}

/** Sums the counts of the days from `from` to `to` out of per-day counts. */
export function countsBetween(byDay: ReadonlyMap<string, Counts>, from: string, to: string): Counts {
  const sum = { ...NO_COUNTS };
  for (const [day, counts] of byDay) {
    if (day < from || day > to) continue;
    sum.contacts += counts.contacts;
    sum.questions += counts.questions;
    sum.solved += counts.solved;
    sum.referred += counts.referred;
  }
  return sum;
}

/** A stretch of days, both ends included. */
export interface Stretch {
  from: string;
  to: string;
}

/**
 * For each hours change on or before `today` (a step after the first whose hours differ from the one before):
 * up to `weeks` weeks before it, back to no earlier than the step before it, and up to `weeks` weeks from it,
 * up to no later than the day before the next step or `today`. So each side holds one number of hours.
 */
export function changeWindows(history: readonly HoursStep[], weeks: number, today: string): { on: string; hoursBefore: number; hoursAfter: number; before: Stretch; after: Stretch }[] {
  const windows = [];
  for (let i = 1; i < history.length; i++) {
    const step = history[i];
    const previous = history[i - 1];
    if (step.from > today || step.hoursPerWeek === previous.hoursPerWeek) continue;
    const beforeFrom = addDays(step.from, -7 * weeks);
    const afterTo = addDays(step.from, 7 * weeks - 1);
    const next = history[i + 1];
    const afterLimit = next !== undefined && addDays(next.from, -1) < today ? addDays(next.from, -1) : today;
    windows.push({
      on: step.from, hoursBefore: previous.hoursPerWeek, hoursAfter: step.hoursPerWeek,
      before: { from: beforeFrom > previous.from ? beforeFrom : previous.from, to: addDays(step.from, -1) },
      after: { from: step.from, to: afterTo < afterLimit ? afterTo : afterLimit },
    });
  }
  return windows;
}

/** The calendar months touching `from`–`to`, each cut to the range: [YYYY-MM, first day, last day]. */
export function monthsBetween(from: string, to: string): { month: string; from: string; to: string }[] {
  const months = [];
  // From each month's own last day, not the next month's first: after December 9999 no month can be named (a 500).
  for (let first = `${from.slice(0, 7)}-01`; first <= to;) {
    const { year, month } = yearMonth(first);
    const last = `${first.slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, '0')}`;
    months.push({ month: first.slice(0, 7), from: first < from ? from : first, to: last > to ? to : last });
    if (last >= to) break;
    first = addDays(last, 1);
  }
  return months;
}
