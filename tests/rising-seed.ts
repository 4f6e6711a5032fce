import { amsterdamDay, fromAmsterdamWallClock } from '../src/shared/time';

/*
 * Moments for a seeded rise (tests/db/sync-rising, tests/e2e/rising), by Amsterdam's calendar as the server counts
 * months: right after midnight in Amsterdam its month is not UTC's, and on the first of a month "a minute ago" can
 * lie in the month before (both failed in a run at 00:00–00:17 on 1 December).
 */

/** The 15th at 10:00 in Amsterdam of the month `back` months before Amsterdam's month of `now`. */
export function amsterdamMonthsBack(back: number, now = new Date()): string {
  const [year, month] = amsterdamDay(now).split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 - back, 1));
  const day = `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}-15`;
  return fromAmsterdamWallClock(day, '10:00').toISOString();
}

/**
 * `count` moments in Amsterdam's month of `now`, none later than `latestAgoMs` before it, a second apart; early on
 * the first of a month, spread over the part of the month there is so far instead.
 */
export function momentsThisMonth(count: number, latestAgoMs: number, now = new Date()): string[] {
  const monthStart = fromAmsterdamWallClock(`${amsterdamDay(now).slice(0, 7)}-01`, '00:00').getTime();
  const latest = now.getTime() - latestAgoMs;
  if (latest - (count - 1) * 1000 >= monthStart) return Array.from({ length: count }, (_, i) => new Date(latest - i * 1000).toISOString());
  const step = Math.max(1, Math.floor((now.getTime() - monthStart) / (count + 1)));
  return Array.from({ length: count }, (_, i) => new Date(monthStart + (i + 1) * step).toISOString());
}
