import { dayNumber, daysInMonth, isoWeek, mondayOf, weekdayIndex, yearMonth } from '../calendar';
import { isClockTime } from './formats';
import type { ScheduleFields } from './types';

/**
 * Which calendar days a schedule falls on. Pure calendar logic, no clock: the caller turns a
 * moment into an Amsterdam day first, so summer time never enters here.
 *
 * - `interval` N counts weeks (Monday-based) or calendar months from the week or month of
 *   `valid_from`; without valid_from the anchor is the week of Monday 1970-01-05 or January 1970
 *   (validation asks for valid_from whenever interval > 1, so the fallback is only for old data).
 * - `week_parity` is the parity of the ISO week number itself: 2026 has 53 weeks, so week 53 of
 *   2026 and week 1 of 2027 are both odd and an "odd weeks" schedule runs two weeks in a row there.
 */

/** A schedule as the engine reads it: the fields, and the tombstone flag when it is a stored record. */
export type ScheduleInput = ScheduleFields & { deleted?: boolean };

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WEEKLY_ANCHOR = '1970-01-05';
const MONTHLY_ANCHOR = '1970-01-01';

/** One byday entry: weekday 0–6 (Monday first) and an optional ordinal (1 = first, -1 = last). */
export interface ByDay {
  weekday: number;
  ordinal?: number;
}

/** "1TU,-1FR" → [{weekday: 1, ordinal: 1}, {weekday: 4, ordinal: -1}]; unknown parts are dropped. */
export function parseByday(byday: string | undefined): ByDay[] {
  if (!byday) return [];
  const result: ByDay[] = [];
  for (const part of byday.split(',')) {
    const match = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part.trim());
    if (!match) continue;
    const weekday = WEEKDAY_CODES.indexOf(match[2] as (typeof WEEKDAY_CODES)[number]);
    result.push(match[1] ? { weekday, ordinal: Number(match[1]) } : { weekday });
  }
  return result;
}

/** Whether a schedule has usable times (freq, days, opens before closes); others never open. */
export function isTimedSchedule(schedule: ScheduleInput): boolean {
  return !schedule.deleted
    && (schedule.freq === 'WEEKLY' || schedule.freq === 'MONTHLY')
    && parseByday(schedule.byday).length > 0
    && isClockTime(schedule.opens_at) && isClockTime(schedule.closes_at)
    && schedule.opens_at < schedule.closes_at;
}

/** Whether the schedule is valid on this day (valid_from and valid_to are inclusive). */
export function isValidOn(schedule: ScheduleInput, day: string): boolean {
  return (!schedule.valid_from || schedule.valid_from <= day) && (!schedule.valid_to || day <= schedule.valid_to);
}

/** Whether a timed schedule opens on this calendar day. */
export function occursOn(schedule: ScheduleInput, day: string): boolean {
  if (!isTimedSchedule(schedule) || !isValidOn(schedule, day)) return false;
  const interval = Number.isInteger(schedule.interval) && schedule.interval! > 1 ? schedule.interval! : 1;
  const weekday = weekdayIndex(day);
  const days = parseByday(schedule.byday);
  if (schedule.freq === 'WEEKLY') {
    if (!days.some((d) => d.weekday === weekday && d.ordinal === undefined)) return false;
    if (schedule.week_parity && (isoWeek(day).week % 2 === 1) !== (schedule.week_parity === 'odd')) return false;
    const weeks = (dayNumber(mondayOf(day)) - dayNumber(mondayOf(schedule.valid_from ?? WEEKLY_ANCHOR))) / 7;
    return mod(weeks, interval) === 0;
  }
  const { year, month } = yearMonth(day);
  const anchor = yearMonth(schedule.valid_from ?? MONTHLY_ANCHOR);
  if (mod(year * 12 + month - (anchor.year * 12 + anchor.month), interval) !== 0) return false;
  const date = Number(day.slice(8, 10));
  const length = daysInMonth(year, month);
  return days.some((d) => {
    if (d.weekday !== weekday) return false;
    if (d.ordinal === undefined) return true;
    if (d.ordinal > 0) return Math.ceil(date / 7) === d.ordinal;
    return Math.floor((length - date) / 7) + 1 === -d.ordinal;
  });
}

/** An opening on one day, in wall-clock time. */
export interface DayPeriod {
  opens: string;
  closes: string;
}

/** The openings of a day, sorted, with touching or overlapping ones joined (9–12 and 12–17 → 9–17). */
export function periodsOn(schedules: readonly ScheduleInput[], day: string): DayPeriod[] {
  const periods = schedules
    .filter((schedule) => occursOn(schedule, day))
    .map((schedule) => ({ opens: schedule.opens_at!, closes: schedule.closes_at! }))
    .sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0));
  const merged: DayPeriod[] = [];
  for (const period of periods) {
    const last = merged[merged.length - 1];
    if (last && period.opens <= last.closes) {
      if (period.closes > last.closes) last.closes = period.closes;
    } else merged.push({ ...period });
  }
  return merged;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
