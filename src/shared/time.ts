/** The time zone every IDO works in; the screen shows wall-clock time here. */
export const TIME_ZONE = 'Europe/Amsterdam';

// Intl's formatter is the reference, but the first Intl object a page makes loads ICU's data: 15–25 ms at
// full speed, 140 ms and more on a slow tablet, a long task that holds up taps. So the page defers it
// (main.tsx): the wall clock comes from the rule Amsterdam has kept since 1996 (CET, and CEST from the last
// Sunday of March to the last Sunday of October, 01:00 UTC both), which gives the same answer for 1996–2099
// (tests/unit/time.test.ts compares them hour by hour around every switch); other years ask Intl at once.
// Should the law or the browser's time zone data ever differ from the rule, a worker finds out
// (`ruleMatchesIntl`, app/time-zone-check.worker.ts) and the page calls `loadTimeZoneData()`: Intl from then on.
let partsFormat: Intl.DateTimeFormat | undefined;
let deferred = false;

/** Until `loadTimeZoneData()`, wall clock times of 1996–2099 come from the summer-time rule, not from Intl. */
export function deferTimeZoneData(): void {
  deferred = true;
}

/** Builds Intl's formatter (ICU's data) now; every wall clock time uses it from then on. */
export function loadTimeZoneData(): void {
  deferred = false;
  formatter();
}

function formatter(): Intl.DateTimeFormat {
  partsFormat ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  return partsFormat;
}

const HOUR = 3_600_000;
/** 01:00 UTC on the last Sunday of a month (month 0–11). */
function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0, 1);
  return last - new Date(last).getUTCDay() * 24 * HOUR;
}

/** Amsterdam's offset from UTC in ms by the summer-time rule, or undefined outside 1996–2099 (or for an invalid date). */
export function ruleOffset(time: number): number | undefined {
  const year = new Date(time).getUTCFullYear();
  if (year >= 1996 && year < 2100) return time >= lastSunday(year, 2) && time < lastSunday(year, 9) ? 2 * HOUR : HOUR;
}

/** The wall clock `offset` ms from UTC at `time`: 2026-12-01T10:42:07.123Z of it, for four-digit years. */
function shifted(time: number, offset: number) {
  const [year, month, day, hour, minute, second] = new Date(time + offset).toISOString().split(/[-T:.]/);
  return { year, month, day, hour, minute, second };
}

function wallClock(date: Date) {
  const offset = deferred ? ruleOffset(+date) : undefined;
  return offset === undefined ? intlWallClock(date) : shifted(+date, offset);
}

function intlWallClock(date: Date) {
  const parts = Object.fromEntries(formatter().formatToParts(date).map((p) => [p.type, p.value]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The offset from UTC in ms that a wall clock reading of `time` shows (both at a whole second). */
function offsetOf(w: ReturnType<typeof intlWallClock>, time: number): number {
  return Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second) - Math.floor(time / 1000) * 1000;
}

/** Amsterdam's offset from UTC in ms by Intl (the browser's time zone data), at a whole second. */
export function intlOffset(time: number): number {
  return offsetOf(intlWallClock(new Date(time)), time);
}

/**
 * Whether the summer-time rule gives Intl's answer from last year to next year: just before and at both
 * switches, and at noon in January and July. A moved switch, a switch at another hour or no switch at all
 * shows there. Years outside the rule's (Intl answers those anyway) always match.
 */
export function ruleMatchesIntl(now: number, offset: (time: number) => number = intlOffset): boolean {
  const year = new Date(now).getUTCFullYear();
  const instants = [year - 1, year, year + 1].flatMap((y) => [
    ...[2, 9].flatMap((month) => [lastSunday(y, month) - 1_000, lastSunday(y, month)]),
    Date.UTC(y, 0, 15, 12), Date.UTC(y, 6, 15, 12),
  ]);
  return instants.every((time) => {
    const rule = ruleOffset(time);
    return rule === undefined || rule === offset(time);
  });
}

/** The calendar day (YYYY-MM-DD) of an instant in Amsterdam. */
export function amsterdamDay(date: Date): string {
  const w = wallClock(date);
  return `${w.year}-${w.month}-${w.day}`;
}

/** An instant as ISO 8601 with Amsterdam's offset of that moment, e.g. 2026-11-24T10:15:00+01:00. */
export function amsterdamIso(date: Date): string {
  return isoOf(wallClock(date), date.getTime());
}

const hourOffsets = new Map<number, number | undefined>();

/**
 * amsterdamIso for many instants (the server's rollups, a batch at a time): Intl is asked once per hour of UTC, not
 * per instant, at the hour's first and last second. Where both agree, that offset holds all through the hour (the
 * clocks have changed on whole hours for decades); an hour with a change inside it, or a year outside 1019–2920,
 * asks Intl per instant. The same answers as amsterdamIso with Intl (tests/unit/time.test.ts).
 */
export function amsterdamIsoHourly(date: Date): string {
  const time = date.getTime();
  const hour = Math.floor(time / HOUR);
  if (!hourOffsets.has(hour)) {
    if (hourOffsets.size >= 100_000) hourOffsets.clear();
    const first = intlOffset(hour * HOUR);
    hourOffsets.set(hour, Math.abs(time) < 3e13 && first === intlOffset(hour * HOUR + HOUR - 1000) ? first : undefined);
  }
  const offset = hourOffsets.get(hour);
  return isoOf(offset === undefined ? intlWallClock(date) : shifted(time, offset), time);
}

function isoOf(w: ReturnType<typeof intlWallClock>, time: number): string {
  const offsetMinutes = Math.round(offsetOf(w, time) / 60000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}${offset}`;
}

/** "10:42" in Amsterdam. */
export function amsterdamTime(date: Date): string {
  const w = wallClock(date);
  return `${w.hour}:${w.minute}`;
}

/** The instant of a wall-clock day and time in Amsterdam (time as HH:MM). */
export function fromAmsterdamWallClock(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // Correct by the offset at the guess, then once more in case a DST switch lies between.
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(instant));
    const wallAsUtc = Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute);
    instant += guess - wallAsUtc;
  }
  return new Date(instant);
}
