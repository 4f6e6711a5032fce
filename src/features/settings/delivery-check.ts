import { amsterdamDay, amsterdamTime } from '../../shared/time';

/**
 * When the daily check with the server last passed (src/sync/delivery-check.ts writes the setting once the
 * server answered for every sent registration), as staff read it: "Laatst geslaagd op 30-11 om 10:42".
 */
export function describeDeliveryCheck(lastAt: string | undefined, now = new Date()): string {
  const at = lastAt === undefined ? NaN : Date.parse(lastAt);
  if (Number.isNaN(at)) return 'Nog niet gedaan';
  const [year, month, day] = amsterdamDay(new Date(at)).split('-');
  const date = year === amsterdamDay(now).slice(0, 4) ? `${day}-${month}` : `${day}-${month}-${year}`;
  return `Laatst geslaagd op ${date} om ${amsterdamTime(new Date(at))}`;
}
