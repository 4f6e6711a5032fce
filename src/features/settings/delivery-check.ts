import { dayText } from '../../shared/date-text';
import { amsterdamDay, amsterdamTime } from '../../shared/time';

/**
 * When the daily check with the server last passed (src/sync/delivery-check.ts writes the setting once the
 * server answered for every sent registration), as staff read it: "Laatst geslaagd op 30 november om 10:42", with the
 * year when it was another year.
 */
export function describeDeliveryCheck(lastAt: string | undefined, now = new Date()): string {
  const at = lastAt === undefined ? NaN : Date.parse(lastAt);
  if (Number.isNaN(at)) return 'Nog niet gedaan';
  const day = amsterdamDay(new Date(at));
  return `Laatst geslaagd op ${dayText(day, day.slice(0, 4) !== amsterdamDay(now).slice(0, 4))} om ${amsterdamTime(new Date(at))}`;
}
