import { isCalendarDay } from '../calendar';
import { amsterdamDay } from '../time';
import { dayText } from '../date-text';

/**
 * The days a schedule's `valid_from` and `valid_to` may name (both inclusive): from 1 January 2000, as a "laatst
 * gecontroleerd" day (../checked-day.ts): no sociale kaart kept hours before, so 0001-01-01 is a placeholder and 0202 a
 * typo. Hours that ended since stay valid (the entry leaves them out by itself). Up to five years from today in
 * Amsterdam: hours are planned a few years ahead at most (a project, a lease, a school year); 2062 is a typo of 2026, and
 * 9999-12-31 is how a database writes "no end", which the kaart writes as no `valid_to`. One rule for the tablet (its
 * edits, imports and conflicts), the server's kaart changes and every file import (validateKaartRecord).
 */
export const FIRST_SCHEDULE_DAY = '2000-01-01';

/** How far ahead a schedule's day may lie, in years. */
export const SCHEDULE_YEARS_AHEAD = 5;

/** The last day a schedule's valid_from or valid_to may name: the same day five years from today in Amsterdam (29 February: the 28th). */
export function lastScheduleDay(now = new Date()): string {
  const today = amsterdamDay(now);
  const year = String(Number(today.slice(0, 4)) + SCHEDULE_YEARS_AHEAD).padStart(4, '0');
  const day = `${year}${today.slice(4)}`;
  return isCalendarDay(day) ? day : `${year}-02-28`;
}

/**
 * What is wrong with a schedule's valid_from or valid_to that is a calendar day (isCalendarDay first), as a Dutch
 * message that says what to do; undefined when it lies in the range above.
 */
export function scheduleDayOutOfRange(field: 'valid_from' | 'valid_to', day: string, now = new Date()): string | undefined {
  const name = field === 'valid_from' ? '"Geldig vanaf"' : '"Geldig tot en met"';
  if (day < FIRST_SCHEDULE_DAY) return `${name} ligt vóór het jaar 2000. Vul een dag in vanaf 1 januari 2000, of laat het leeg.`;
  const last = lastScheduleDay(now);
  if (day > last) {
    return `${name} ligt meer dan ${SCHEDULE_YEARS_AHEAD} jaar vooruit. Vul een dag in tot en met ${dayText(last)}${field === 'valid_to' ? ', of laat het leeg als er geen einddatum is' : ''}.`;
  }
  return undefined;
}
