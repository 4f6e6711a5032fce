import type { AdminDevice } from '../../../shared/admin-api';
import { DAY_MS } from '../../../shared/calendar';
import { clockOffText } from '../../../shared/clock-offset';
import { countText } from '../../../shared/count-text';

/** A tablet quiet this long is named: a week covers a weekly pop-up IDO's gap and a holiday weekend. */
export const QUIET_DAYS = 7;

/**
 * What a coordinator should act on about an active tablet, in the Tablets list's status: a clock that was off at its last
 * contact (its contacts land on the wrong day), and a tablet that has not reached the server for a week or more
 * (what waited on it then is only on the tablet: a lost or broken tablet loses it). None for a revoked tablet.
 */
export function deviceNotes(device: AdminDevice, now: Date): string[] {
  if (device.revokedAt) return [];
  const notes: string[] = [];
  const off = device.clockAheadSeconds === null ? undefined : clockOffText(device.clockAheadSeconds * 1000);
  if (off) notes.push(`De klok ${off}: zet de tijd van de tablet goed.`);
  const since = Date.parse(device.lastContactAt ?? device.createdAt);
  const days = Math.floor((now.getTime() - since) / DAY_MS);
  if (days >= QUIET_DAYS) {
    const waiting = device.pendingAtLastContact ?? 0;
    notes.push(`${device.lastContactAt ? `Al ${days} dagen geen contact met de server.` : `Sinds het koppelen, ${days} dagen geleden, geen contact met de server.`}${
      waiting > 0 ? ` Toen ${waiting === 1 ? 'wachtte' : 'wachtten'} er nog ${countText(waiting, 'registratie', 'registraties')}.` : ''
    } Zet de tablet aan en maak verbinding met internet.`);
  }
  return notes;
}
