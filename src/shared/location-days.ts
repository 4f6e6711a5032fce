import { addDays } from './calendar';
import { dayText } from './date-text';
import { amsterdamDay } from './time';

/**
 * The days a location's dates may name: `openedOn`, `closedOn` and the `hoursFrom` of new IDO hours. From 1 January
 * 2019, the year the first IDOs opened in libraries (a year before the first day a registration may name, 2020-01-01:
 * registration.md, `too_early`), so 0202 or 2002 is taken for the typo it is; up to a year ahead in Amsterdam, as far as
 * an opening, a closing or new hours are planned. The same rule as a "laatst gecontroleerd" day (checked-day.ts), with
 * its own ends. The server refuses a day outside it (server/admin/location-days.ts); Beheer's date picker offers only
 * the days inside it.
 */
export const FIRST_LOCATION_DAY = '2019-01-01';

/** How far ahead a location's day may lie: a year, a leap day included. */
export const MAX_LOCATION_DAYS_AHEAD = 366;

/** The last day a location's date may name: a year from today in Amsterdam. */
export function lastLocationDay(now = new Date()): string {
  return addDays(amsterdamDay(now), MAX_LOCATION_DAYS_AHEAD);
}

/**
 * Why a location that opens after `today` cannot close today, and what to do: the server's refusal of a "Sluiten"
 * without a day, and Beheer's own message at that button (it knows the opening day, so it says so without asking first).
 */
export function closesBeforeOpeningText(name: string, openedOn: string, today: string): string {
  return `${name} gaat pas open op ${dayText(openedOn)}. Vandaag is het ${dayText(today)}: `
    + `een locatie kan niet sluiten voordat hij opengaat. Sluit de locatie op ${dayText(openedOn)} of later.`;
}
