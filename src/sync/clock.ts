import type { IdoDb } from '../db/db';
import { getSetting, putSetting } from '../db/settings';
import { clockOffText } from '../shared/clock-offset';
import type { RawResponse, ServerClock } from './transport';

/**
 * Whether this tablet's clock is right, as the server's answers show it. A registration's day and time are the
 * tablet's clock (`startedAt`): a clock hours off puts contacts in the wrong hour of the busy-hours view, a day or
 * more in the wrong day, month or year of every report, and more than a day ahead makes the server refuse them
 * ("in de toekomst"). Nothing on the tablet can tell by itself (a wrong time zone, a clock set by hand, a battery
 * that ran empty), so each sync compares it with the server's `Date` header, and the status bar says so when it
 * is 5 minutes or more off (`shared/clock-offset.ts`, as Beheer's list of tablets). Registrations are never changed for it: staff set the tablet's time right.
 */

/** The setting: the last measured difference, this tablet's clock minus the server's (ms; positive: the tablet is ahead). */
export const CLOCK_KEY = 'clock';
export interface StoredClock {
  aheadMs: number;
  /** ISO, by the tablet's clock: when it was measured */
  measuredAt: string;
}

/** A request that took longer than this says too little about when the server answered. */
const MAX_ROUND_TRIP_MS = 60_000;
/**
 * A new measurement is written when it differs this much from the stored one, or the stored one is this old (Instellingen
 * says when it was compared): not on every sync.
 */
const REWRITE_MS = 60_000;
const REFRESH_MS = 3_600_000;

/**
 * This tablet's clock minus the server's, in ms, from one answer: the middle of the request by the tablet's clock
 * against the `Date` header, which names the whole second the server answered in, taken as its middle. Undefined
 * when the answer carries no usable header or took too long to say.
 */
export function clockAhead(clock: ServerClock | undefined): number | undefined {
  if (!clock) return undefined;
  const server = Date.parse(clock.date);
  const roundTrip = clock.receivedAt - clock.sentAt;
  if (!Number.isFinite(server) || !(roundTrip >= 0 && roundTrip <= MAX_ROUND_TRIP_MS)) return undefined;
  return (clock.sentAt + clock.receivedAt) / 2 - (server + 500);
}

/** Keeps what an answer showed of the tablet's clock (see clockAhead); an answer without it changes nothing. */
export async function recordClock(db: IdoDb, raw: RawResponse): Promise<void> {
  const aheadMs = clockAhead(raw.serverClock);
  if (aheadMs === undefined || !raw.serverClock) return;
  const stored = await readClock(db);
  if (stored && Math.abs(stored.aheadMs - aheadMs) < REWRITE_MS && Math.abs(raw.serverClock.receivedAt - Date.parse(stored.measuredAt)) < REFRESH_MS) return;
  await putSetting(db, CLOCK_KEY, { aheadMs: Math.round(aheadMs), measuredAt: new Date(raw.serverClock.receivedAt).toISOString() } satisfies StoredClock);
}

/** The last measurement, if any. */
export function readClock(db: IdoDb): Promise<StoredClock | undefined> {
  return getSetting<StoredClock | undefined>(db, CLOCK_KEY, undefined);
}

/** The status bar's line about the clock, or undefined while it is right (or never measured). */
export function clockWarning(clock: StoredClock | undefined): string | undefined {
  const off = clock && clockOffText(clock.aheadMs);
  return off && `De klok van deze tablet ${off}. Zet de tijd goed.`;
}
