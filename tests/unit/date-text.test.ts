import { describe, expect, it } from 'vitest';
import { dayText, fullDayText, fullWallClockText, momentDayText, periodOrderText, momentText, monthText, shortMomentText } from '../../src/shared/date-text';

const intlDay = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const intlShort = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

describe('date-text', () => {
  it('writes a day as Intl writes it in Dutch, every day of a leap year', () => {
    for (let t = Date.UTC(2028, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      expect(dayText(day)).toBe(intlDay.format(new Date(t)));
    }
    expect(dayText('2026-03-03')).toBe('3 maart 2026');
    expect(monthText('2025-02')).toBe('februari 2025');
  });

  it('writes a day with its weekday as Intl writes it in Dutch, every day of a leap year and across 1970', () => {
    const intlFull = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    for (const start of [Date.UTC(2028, 0, 1), Date.UTC(1969, 11, 20)]) {
      for (let t = start; t < start + 366 * 86_400_000; t += 86_400_000) {
        expect(fullDayText(new Date(t).toISOString().slice(0, 10))).toBe(intlFull.format(new Date(t)));
      }
    }
    expect(fullDayText('2026-12-03')).toBe('donderdag 3 december 2026');
    expect(fullDayText('2026-12-07')).toBe('maandag 7 december 2026');
    expect(fullDayText('2026-02-30')).toBe('2026-02-30');
    expect(fullDayText('')).toBe('');
  });

  it('writes a datetime-local field\'s day and time with its weekday, and nothing for what is no whole day and time', () => {
    expect(fullWallClockText('2026-12-07T16:30')).toBe('maandag 7 december 2026 om 16:30');
    expect(fullWallClockText('2026-09-24T00:05')).toBe('donderdag 24 september 2026 om 00:05');
    for (const local of ['', '2026-12-07', '2026-12-07T', '2026-12-07T24:00', '2026-12-07T16:60', '2026-02-30T10:00', '2026-12-07T16:30:00', ' 2026-12-07T16:30']) {
      expect(fullWallClockText(local)).toBeUndefined();
    }
  });

  it('says a period the wrong way round with both days in words, for the field just changed', () => {
    expect(periodOrderText('2026-12-10', '2026-12-07')).toBe(
      'De begindag, donderdag 10 december 2026, ligt na de einddag, maandag 7 december 2026. Kies een begindag op of vóór de einddag.');
    expect(periodOrderText('2026-12-10', '2026-12-07', 'to')).toBe(
      'De einddag, maandag 7 december 2026, ligt vóór de begindag, donderdag 10 december 2026. Kies een einddag op of na de begindag.');
    expect(periodOrderText('2026-12-07', '2026-12-07')).toBeUndefined();
    expect(periodOrderText('2026-12-07', '2026-12-10')).toBeUndefined();
    expect(periodOrderText('', '2026-12-07')).toBeUndefined();
    expect(periodOrderText('2026-12-07', '')).toBeUndefined();
  });

  it('gives back what is no calendar day, and a fallback for what is no moment', () => {
    expect(dayText('2026-02-30')).toBe('2026-02-30');
    expect(dayText('')).toBe('');
    expect(monthText('2026-13')).toBe('2026-13');
    expect(momentText('nonsense')).toBe('onbekend moment');
    expect(momentDayText('nonsense')).toBe('een onbekende dag');
    expect(shortMomentText('nonsense')).toBe('–');
    expect(shortMomentText('nonsense', 'onbekend')).toBe('onbekend');
  });

  it('reads a moment in Amsterdam, on either side of a summer-time switch and of midnight', () => {
    // 23:30 UTC on 28 March 2026 is 00:30 on the 29th in Amsterdam (CET); 01:30 UTC on the 29th is 03:30 (CEST)
    expect(momentText('2026-03-28T23:30:00Z')).toBe('29 maart 2026 om 00:30');
    expect(momentText('2026-03-29T01:30:00Z')).toBe('29 maart 2026 om 03:30');
    expect(momentDayText(new Date('2026-11-30T23:15:00Z'))).toBe('1 december 2026');
    expect(shortMomentText('2026-12-03T13:05:00Z')).toBe('3 dec 2026, 14:05');
  });

  it('writes a short moment as Intl does, what the Toegangscodes list showed before', () => {
    for (let month = 0; month < 12; month++) {
      const moment = new Date(Date.UTC(2026, month, 9, 8 + month, 7));
      expect(shortMomentText(moment)).toBe(intlShort.format(moment));
    }
  });
});
