import { fullDayText } from '../../shared/date-text';
import { FIRST_LOCATION_DAY, lastLocationDay } from '../../shared/location-days';
import { invalidField } from './input';

// The range itself (from 2019 up to a year ahead in Amsterdam) is in shared/location-days.ts: Beheer's date picker
// offers the same days.

/** What to fill in instead, per field. */
const WHAT_TO_FILL_IN: Record<'openedOn' | 'closedOn' | 'hoursFrom', string> = {
  openedOn: 'Vul de dag in waarop de locatie openging of opengaat.',
  closedOn: 'Vul de dag in waarop de locatie sluit, of laat het weg voor vandaag.',
  hoursFrom: 'Vul de dag in waarop de nieuwe uren ingaan, of laat het weg voor vandaag.',
};

/**
 * Throws 400 invalid_request naming the field when a calendar day (read by input.ts's `date` first) lies outside the
 * range above, in Dutch that says what to fill in and names the last day in words (the date field under the
 * message draws it in the browser's own language: 12/07/2027 on an English laptop).
 */
export function checkLocationDay(field: keyof typeof WHAT_TO_FILL_IN, day: string, now = new Date()): void {
  if (day < FIRST_LOCATION_DAY) throw invalidField(field, `ligt vóór 2019, toen de eerste IDO's opengingen. ${WHAT_TO_FILL_IN[field]}`);
  const last = lastLocationDay(now);
  if (day > last) throw invalidField(field, `ligt te ver vooruit: hoogstens een jaar, tot en met ${fullDayText(last)}. ${WHAT_TO_FILL_IN[field]}`);
}
