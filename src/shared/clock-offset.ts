/**
 * How far a tablet's clock is off, in words, for the tablet's status bar and Beheer's list of tablets alike. A contact's
 * day and time are the tablet's clock, so a clock that is off puts contacts in the wrong hour, day, month or year of the
 * reports. From 5 minutes on it is said: far above what a line's delay and an HTTP `Date` header's whole seconds add.
 */
export const CLOCK_WARNING_MS = 5 * 60_000;

/** "7 minuten", "2 uur", "3 dagen": how far off, rounded as a person would say it. */
export function offsetText(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} uur`;
  return `${Math.round(hours / 24)} dagen`;
}

/** "loopt 3 uur achter" or "loopt 2 dagen voor" for a clock `aheadMs` ahead of the server's (negative: behind); undefined under 5 minutes. */
export function clockOffText(aheadMs: number): string | undefined {
  if (!(Math.abs(aheadMs) >= CLOCK_WARNING_MS)) return undefined;
  return `loopt ${offsetText(aheadMs)} ${aheadMs > 0 ? 'voor' : 'achter'}`;
}
