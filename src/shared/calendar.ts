/**
 * Calendar days as "YYYY-MM-DD" strings and plain day arithmetic on them. Dates here are
 * days on a calendar, not instants: no time zone is involved (Date.UTC only counts days). Used by the
 * kaart, the reports and the server alike.
 */

/** Dutch month names, lower case as inside a sentence ("10 november"). */
export const MONTH_NAMES = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'] as const;
/** Dutch weekday names, Monday first as `weekdayIndex` counts, lower case as inside a sentence ("op dinsdag"). */
export const WEEKDAY_NAMES = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'] as const;
/** Dutch month abbreviations for chart axes and narrow tables ("mrt", "okt"). */
export const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'] as const;

/** A day of 24 hours in milliseconds (calendar days here; a day between two instants elsewhere). */
export const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day as YYYY-MM-DD (no 31 April). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * Date.UTC for any year from 0: Date.UTC reads the years 0–99 as 1900–1999 (a day of the year 50 would count as one of
 * 1950, its leap days those of 1950).
 */
function utc(year: number, monthIndex: number, day: number): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day);
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

/** Days in a month (m 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/** Day count since 1970-01-01 (negative before it), for differences and steps. */
export function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Math.round(utc(y, m - 1, d) / DAY_MS);
}

/** The day with this day count. */
export function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The day `n` days later (or earlier when negative). */
export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

/** 0 = Monday … 6 = Sunday (ISO order). */
export function weekdayIndex(day: string): number {
  return (((dayNumber(day) + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday; before it the count is negative
}

/** The Monday of the week a day is in. */
export function mondayOf(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

/** ISO 8601 week: the week belongs to the year of its Thursday; 2026 has 53 weeks. */
export function isoWeek(day: string): { year: number; week: number } {
  const thursday = addDays(day, 3 - weekdayIndex(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return { year, week };
}

/** Year and month (1–12) of a day. */
export function yearMonth(day: string): { year: number; month: number } {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}
