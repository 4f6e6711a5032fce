import { addDays } from '../../shared/calendar';
import { amsterdamDay } from '../../shared/time';
import { invalidField } from './input';

/**
 * The days a location's dates may name: `openedOn`, `closedOn` and the `hoursFrom` of new IDO hours. From 1 January
 * 2019, the year the first IDOs opened in libraries (a year before the first day a registration may name, 2020-01-01:
 * registration.md, `too_early`), so 0202 or 2002 is taken for the typo it is; up to a year ahead in Amsterdam, as far as
 * an opening, a closing or new hours are planned. The same rule as a "laatst gecontroleerd" day (shared/checked-day.ts),
 * with its own ends.
 */
export const FIRST_LOCATION_DAY = '2019-01-01';

/** How far ahead a location's day may lie: a year, a leap day included. */
export const MAX_LOCATION_DAYS_AHEAD = 366;

/** The last day a location's date may name: a year from today in Amsterdam. */
export function lastLocationDay(now = new Date()): string {
  return addDays(amsterdamDay(now), MAX_LOCATION_DAYS_AHEAD);
}

/** What to fill in instead, per field. */
const WHAT_TO_FILL_IN: Record<'openedOn' | 'closedOn' | 'hoursFrom', string> = {
  openedOn: 'Vul de dag in waarop de locatie openging of opengaat.',
  closedOn: 'Vul de dag in waarop de locatie sluit, of laat het weg voor vandaag.',
  hoursFrom: 'Vul de dag in waarop de nieuwe uren ingaan, of laat het weg voor vandaag.',
};

/**
 * Throws 400 invalid_request naming the field when a calendar day (read by input.ts's `date` first) lies outside the
 * range above, in Dutch that says what to fill in.
 */
export function checkLocationDay(field: keyof typeof WHAT_TO_FILL_IN, day: string, now = new Date()): void {
  if (day < FIRST_LOCATION_DAY) throw invalidField(field, `ligt vóór 2019, toen de eerste IDO's opengingen. ${WHAT_TO_FILL_IN[field]}`);
  const last = lastLocationDay(now);
  if (day > last) throw invalidField(field, `ligt te ver vooruit: hoogstens een jaar, tot en met ${last}. ${WHAT_TO_FILL_IN[field]}`);
}
