import { MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES, isCalendarDay, weekdayIndex } from './calendar';
import { amsterdamDay, amsterdamTime } from './time';

/**
 * Days and moments in Dutch words, the one writer of each form the app and the server show: "3 maart 2026",
 * "dinsdag 3 maart 2026", "3 maart 2026 om 14:05", "dinsdag 3 maart 2026 om 14:05", "3 mrt 2026, 14:05". Moments are read in Amsterdam, whatever the device's own zone.
 * No Intl: the month names are the project's own (`calendar.ts`) and the wall clock is `time.ts`'s, which loads no
 * ICU data on a tablet and writes the same on the server, so a CSV and the page it comes from agree.
 */

/** "3 maart 2026" for the day 2026-03-03 ("3 maart" without the year); a text that is no calendar day comes back as it is. */
export function dayText(day: string, withYear = true): string {
  if (!isCalendarDay(day)) return day;
  const [year, month, date] = day.split('-').map(Number);
  return `${date} ${MONTH_NAMES[month - 1]}${withYear ? ` ${year}` : ''}`;
}

/**
 * "dinsdag 3 maart 2026" for the day 2026-03-03: the day with its weekday, as a date field says its day under the
 * browser's own format (ui/DateField.tsx) and a message about that field names it; what is no calendar day comes back as it is.
 */
export function fullDayText(day: string): string {
  return isCalendarDay(day) ? `${WEEKDAY_NAMES[weekdayIndex(day)]} ${dayText(day)}` : day;
}

/**
 * "maandag 7 december 2026 om 16:30" for the wall clock 2026-12-07T16:30 (a datetime-local field's value): the day with
 * its weekday and the time as the app writes times ("3 maart 2026 om 14:05"); undefined for what is no whole day and time.
 */
export function fullWallClockText(local: string): string | undefined {
  const parts = wallClockParts(local);
  return parts && `${fullDayText(parts.day)} om ${parts.time}`;
}

/** The day and the time of a wall clock `YYYY-MM-DDTHH:MM` (a datetime-local field's value); undefined for anything else. */
export function wallClockParts(local: string): { day: string; time: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T((?:[01]\d|2[0-3]):[0-5]\d)$/.exec(local);
  return match && isCalendarDay(match[1]) ? { day: match[1], time: match[2] } : undefined;
}

/**
 * What is wrong with a period whose first day lies after its last, naming both days in words, as a Dutch message for the
 * field just `changed`; undefined when the order is right or a day is missing (an empty "van" or "tot en met").
 */
export function periodOrderText(from: string, to: string, changed: 'from' | 'to' = 'from'): string | undefined {
  if (!isCalendarDay(from) || !isCalendarDay(to) || from <= to) return undefined;
  return changed === 'from'
    ? `De begindag, ${fullDayText(from)}, ligt na de einddag, ${fullDayText(to)}. Kies een begindag op of vóór de einddag.`
    : `De einddag, ${fullDayText(to)}, ligt vóór de begindag, ${fullDayText(from)}. Kies een einddag op of na de begindag.`;
}

/** "maart 2026" for the month 2026-03. */
export function monthText(month: string): string {
  const day = `${month}-01`;
  return isCalendarDay(day) ? dayText(day).replace(/^1 /, '') : month;
}

const instant = (value: Date | string): Date | undefined => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/** The day of a moment in Amsterdam, "24 november 2026"; `unknown` for what is no moment. */
export function momentDayText(value: Date | string, unknown = 'een onbekende dag'): string {
  const date = instant(value);
  return date ? dayText(amsterdamDay(date)) : unknown;
}

/** A moment in Amsterdam, "24 november 2026 om 10:15"; `unknown` for what is no moment. */
export function momentText(value: Date | string, unknown = 'onbekend moment'): string {
  const date = instant(value);
  return date ? `${dayText(amsterdamDay(date))} om ${amsterdamTime(date)}` : unknown;
}

/** A moment in Amsterdam for a list or a CSV cell, "3 dec 2026, 14:05"; `unknown` for what is no moment. */
export function shortMomentText(value: Date | string, unknown = '–'): string {
  const date = instant(value);
  if (!date) return unknown;
  const [year, month, day] = amsterdamDay(date).split('-').map(Number);
  return `${day} ${MONTH_ABBREVIATIONS[month - 1]} ${year}, ${amsterdamTime(date)}`;
}
