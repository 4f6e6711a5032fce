/** The time zone every IDO works in; the screen shows wall-clock time here. */
export const TIME_ZONE = 'Europe/Amsterdam';

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

function wallClock(date: Date) {
  const parts = Object.fromEntries(partsFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The calendar day (YYYY-MM-DD) of an instant in Amsterdam. */
export function amsterdamDay(date: Date): string {
  const w = wallClock(date);
  return `${w.year}-${w.month}-${w.day}`;
}

/** An instant as ISO 8601 with Amsterdam's offset of that moment, e.g. 2026-11-24T10:15:00+01:00. */
export function amsterdamIso(date: Date): string {
  const w = wallClock(date);
  const wallAsUtc = Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second);
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
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
