import type { IdoDb } from '../db/db';
import { getSetting, putSetting } from '../db/settings';
import type { RawResponse, ServerClock } from './transport';

/**
 * Whether this tablet's clock is right, as the server's answers show it. A registration's day and time are the
 * tablet's clock (`startedAt`): a clock hours off puts contacts in the wrong hour of the busy-hours view, a day or
 * more in the wrong day, month or year of every report, and more than a day ahead makes the server refuse them
 * ("in de toekomst"). Nothing on the tablet can tell by itself (a wrong time zone, a clock set by hand, a battery
 * that ran empty), so each sync compares it with the server's `Date` header, and the status bar says so when it
 * is 5 minutes or more off. Registrations are never changed for it: staff set the tablet's time right.
 */

/** The setting: the last measured difference, the server's clock minus this tablet's (ms; positive: the tablet is behind). */
export const CLOCK_KEY = 'clock';
export interface StoredClock {
  offsetMs: number;
  /** ISO, by the tablet's clock: when it was measured */
  measuredAt: string;
}

/** From this difference on the status bar says it: far above what a line's delay and the header's whole seconds add. */
export const CLOCK_WARNING_MS = 5 * 60_000;
/** A request that took longer than this says too little about when the server answered. */
const MAX_ROUND_TRIP_MS = 60_000;
/** A new measurement is written only when it differs this much from the stored one: no write on every sync. */
const REWRITE_MS = 60_000;

/**
 * The server's clock minus this tablet's, in ms, from one answer: the `Date` header names the whole second the server
 * answered in, taken as its middle, against the middle of the request by the tablet's clock. Undefined when the
 * answer carries no usable header or took too long to say.
 */
export function clockOffset(clock: ServerClock | undefined): number | undefined {
  if (!clock) return undefined;
  const server = Date.parse(clock.date);
  const roundTrip = clock.receivedAt - clock.sentAt;
  if (!Number.isFinite(server) || !(roundTrip >= 0 && roundTrip <= MAX_ROUND_TRIP_MS)) return undefined;
  return server + 500 - (clock.sentAt + clock.receivedAt) / 2;
}

/** Keeps what an answer showed of the tablet's clock (see clockOffset); an answer without it changes nothing. */
export async function recordClock(db: IdoDb, raw: RawResponse): Promise<void> {
  const offsetMs = clockOffset(raw.serverClock);
  if (offsetMs === undefined || !raw.serverClock) return;
  const stored = await readClock(db);
  if (stored && Math.abs(stored.offsetMs - offsetMs) < REWRITE_MS) return;
  await putSetting(db, CLOCK_KEY, { offsetMs: Math.round(offsetMs), measuredAt: new Date(raw.serverClock.receivedAt).toISOString() } satisfies StoredClock);
}

/** The last measurement, if any. */
export function readClock(db: IdoDb): Promise<StoredClock | undefined> {
  return getSetting<StoredClock | undefined>(db, CLOCK_KEY, undefined);
}

/** "7 minuten", "2 uur", "3 dagen": how far off, rounded as a person would say it. */
export function offsetText(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} uur`;
  const days = Math.round(hours / 24);
  return `${days} dagen`;
}

/** The status bar's line about the clock, or undefined while it is right (or never measured). */
export function clockWarning(clock: StoredClock | undefined): string | undefined {
  if (!clock || !(Math.abs(clock.offsetMs) >= CLOCK_WARNING_MS)) return undefined;
  return `De klok van deze tablet loopt ${offsetText(clock.offsetMs)} ${clock.offsetMs > 0 ? 'achter' : 'voor'}. Zet de tijd goed.`;
}
