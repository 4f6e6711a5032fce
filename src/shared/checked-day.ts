import { addDays } from './calendar';
import { amsterdamDay } from './time';

/**
 * The days a "laatst gecontroleerd" date may name: a kaart service's `assured_date` and a Snelwijzer card's
 * `checked_on`. From 1 January 2000 (no IDO or sociale kaart entry was checked before; 0202 or 1026 is a typo) up to
 * tomorrow in Amsterdam: a check lies in the past or today, and the one day of slack keeps a tablet whose clock runs a
 * little ahead, or a day chosen just after midnight elsewhere, from being refused. The tablet and the server use the
 * same rule (validateKaartRecord, validateCard, the file imports).
 */
export const FIRST_CHECKED_DAY = '2000-01-01';

/** The last day a check may name: tomorrow in Amsterdam (above). */
export function lastCheckedDay(now = new Date()): string {
  return addDays(amsterdamDay(now), 1);
}

/**
 * What is wrong with a "laatst gecontroleerd" day that is a calendar day (isCalendarDay first), as a Dutch message that
 * says what to do; undefined when it lies in the range above.
 */
export function checkedDayOutOfRange(day: string, now = new Date()): string | undefined {
  if (day < FIRST_CHECKED_DAY) return 'De datum van de laatste controle ligt vóór het jaar 2000. Vul de dag in waarop het voor het laatst is gecontroleerd, zoals vandaag.';
  if (day > lastCheckedDay(now)) return 'De datum van de laatste controle ligt in de toekomst. Vul de dag in waarop het voor het laatst is gecontroleerd: vandaag of eerder.';
  return undefined;
}
