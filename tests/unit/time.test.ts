import { afterEach, describe, expect, it } from 'vitest';
import { amsterdamDay, amsterdamIso, amsterdamIsoHourly, amsterdamTime, deferTimeZoneData, fromAmsterdamWallClock, intlOffset as timeIntlOffset, loadTimeZoneData, ruleMatchesIntl, ruleOffset } from '../../src/shared/time';

const HOUR = 3_600_000;
const reference = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });
/** Amsterdam's offset at an instant in ms, from the runtime's own time zone data. */
function intlOffset(time: number): number {
  const name = reference.formatToParts(time).find((p) => p.type === 'timeZoneName')!.value; // "GMT+01:00"
  const [, sign, hh, mm] = /GMT([+-])(\d\d):(\d\d)/.exec(name)!;
  return (sign === '-' ? -1 : 1) * (Number(hh) * HOUR + Number(mm) * 60_000);
}

/** Instants to compare: every hour of the days around both switches of every year, and a few ordinary ones. */
function instants(): number[] {
  const out: number[] = [];
  for (let year = 1996; year < 2100; year++) {
    for (const month of [2, 9]) {
      for (let day = 22; day <= 31; day++) for (let hour = 0; hour < 24; hour++) {
        for (const minute of [0, 59]) out.push(Date.UTC(year, month, day, hour, minute, 30, 999));
      }
    }
    out.push(Date.UTC(year, 0, 1, 0, 0), Date.UTC(year, 6, 1, 22, 30), Date.UTC(year, 11, 31, 23, 0), Date.UTC(year, 11, 31, 22, 59, 59));
  }
  return out;
}

describe('the wall clock before ICU is loaded (shared/time.ts)', () => {
  afterEach(() => loadTimeZoneData());

  it('the summer-time rule gives the offset of the runtime’s time zone data for every hour around every switch, 1996–2099', () => {
    const wrong = instants().filter((t) => ruleOffset(t) !== intlOffset(t)).map((t) => new Date(t).toISOString());
    expect(wrong).toEqual([]);
  });

  it('has no rule outside 1996–2099 or for an invalid date, so Intl answers there', () => {
    expect(ruleOffset(Date.UTC(1995, 6, 1))).toBeUndefined();
    expect(ruleOffset(Date.UTC(2100, 0, 1))).toBeUndefined();
    expect(ruleOffset(Number.NaN)).toBeUndefined();
    deferTimeZoneData();
    expect(amsterdamIso(new Date(Date.UTC(1990, 6, 1, 12)))).toBe('1990-07-01T14:00:00+02:00');
    expect(() => amsterdamDay(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('deferred, every wall clock function answers as with Intl', () => {
    const sample = instants().filter((_, i) => i % 7 === 0);
    const days = ['2026-03-29', '2026-10-25', '2027-03-28', '2024-02-29', '2031-10-26'];
    const times = ['00:30', '01:59', '02:00', '02:30', '03:00', '12:00', '23:59'];
    const run = () => [
      ...sample.map((t) => [amsterdamDay(new Date(t)), amsterdamIso(new Date(t)), amsterdamTime(new Date(t))].join(' ')),
      ...days.flatMap((day) => times.map((time) => fromAmsterdamWallClock(day, time).toISOString())),
    ];
    loadTimeZoneData();
    const withIntl = run();
    deferTimeZoneData();
    const withRule = run();
    expect(withRule).toEqual(withIntl);
    expect(withRule).toContain('2026-10-25 2026-10-25T02:59:30+01:00 02:59');
  });
});

describe('the worker\'s check of the rule against Intl (ruleMatchesIntl, app/time-zone-check.worker.ts)', () => {
  const NOW = Date.UTC(2026, 11, 1, 10);
  const HOUR_MS = 3_600_000;

  it('finds the rule and the runtime\'s time zone data agree, now and at the ends of the rule\'s years', () => {
    expect(ruleMatchesIntl(NOW)).toBe(true);
    for (const year of [1995, 1996, 2026, 2099, 2100]) expect(ruleMatchesIntl(Date.UTC(year, 5, 1)), String(year)).toBe(true);
    const sample = instants().filter((_, i) => i % 97 === 0);
    expect(sample.filter((t) => timeIntlOffset(t) !== intlOffset(t))).toEqual([]);
  });

  it('finds every change of the law that touches last year to next year, so the page takes Intl', () => {
    const rule = (t: number) => ruleOffset(t)!;
    const from2027 = Date.UTC(2027, 0, 1);
    // permanent summer time, or permanent winter time, from 2027
    expect(ruleMatchesIntl(NOW, (t) => (t >= from2027 ? 2 * HOUR_MS : rule(t)))).toBe(false);
    expect(ruleMatchesIntl(NOW, (t) => (t >= from2027 ? HOUR_MS : rule(t)))).toBe(false);
    // the spring switch a week later, or a week earlier, in 2027
    expect(ruleMatchesIntl(NOW, (t) => (t >= from2027 ? ruleOffset(t - 7 * 24 * HOUR_MS)! : rule(t)))).toBe(false);
    expect(ruleMatchesIntl(NOW, (t) => (t >= from2027 ? ruleOffset(t + 7 * 24 * HOUR_MS)! : rule(t)))).toBe(false);
    // both switches an hour later (02:00 UTC)
    expect(ruleMatchesIntl(NOW, (t) => ruleOffset(t - HOUR_MS)!)).toBe(false);
    // a change after next year is not yet this page's concern
    expect(ruleMatchesIntl(NOW, (t) => (t >= Date.UTC(2028, 0, 1) ? HOUR_MS : rule(t)))).toBe(true);
  });
});

describe('amsterdamIsoHourly (shared/time.ts: Intl once per hour, for the server)', () => {
  it('answers as amsterdamIso with Intl, twice over (asked and remembered), also where the offset once changed inside an hour', () => {
    loadTimeZoneData();
    const times = [
      ...instants().filter((_, i) => i % 5 === 0),
      // Amsterdam's history: local mean time (+00:19:32) until 1937, +00:20 until May 1940, then CET / CEST.
      ...Array.from({ length: 2000 }, (_, i) => Date.UTC(1930, 0, 1) + i * 5 * 86_400_000 + (i % 97) * 60_000 + (i % 13) * 1000),
      Date.UTC(1937, 5, 30, 23, 40, 27), Date.UTC(1937, 5, 30, 23, 40, 28), Date.UTC(1937, 5, 30, 23, 59, 59),
      Date.UTC(1940, 4, 15, 23, 39, 59), Date.UTC(1940, 4, 15, 23, 40), Date.UTC(1940, 4, 15, 23, 59, 59),
      Date.UTC(1019, 6, 1, 12), Date.UTC(1000, 0, 1), Date.UTC(2921, 6, 1, 12), Date.UTC(9999, 11, 31, 23, 59, 59), -1, 0, 999,
    ];
    const intl = times.map((t) => amsterdamIso(new Date(t)));
    expect(times.map((t) => amsterdamIsoHourly(new Date(t)))).toEqual(intl);
    expect(times.map((t) => amsterdamIsoHourly(new Date(t)))).toEqual(intl);
    expect(amsterdamIsoHourly(new Date(Date.UTC(2026, 9, 25, 0, 59, 30)))).toBe('2026-10-25T02:59:30+02:00');
    expect(amsterdamIsoHourly(new Date(Date.UTC(2026, 9, 25, 1, 0, 0)))).toBe('2026-10-25T02:00:00+01:00');
  });

  it('throws for an invalid date, as amsterdamIso does', () => {
    expect(() => amsterdamIsoHourly(new Date(Number.NaN))).toThrow(RangeError);
  });
});
