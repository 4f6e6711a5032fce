import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, daysInMonth, isCalendarDay, mondayOf, MONTH_ABBREVIATIONS, MONTH_NAMES, weekdayIndex } from '../../src/shared/calendar';
import { dayText } from '../../src/shared/date-text';

describe('the shared calendar', () => {
  it('counts days across month ends, leap days, year ends and summer time', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-29', -1)).toBe('2026-03-28');
    expect(addDays('2026-01-01', -364)).toBe('2025-01-02');
  });

  it('counts the years 0–99 and the days before 1970 as themselves (Date.UTC reads 0–99 as 1900–1999)', () => {
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(addDays('0001-01-01', 365)).toBe('0002-01-01');
    expect(dayNumber('0050-01-01') - dayNumber('0049-01-01')).toBe(365);
    expect(dayNumber('2000-01-01') - dayNumber('0000-01-01')).toBe(730_485);
    expect(isCalendarDay('0000-02-29')).toBe(true); // divisible by 400: a leap year
    expect(isCalendarDay('0100-02-29')).toBe(false);
    expect(isCalendarDay('0004-02-29')).toBe(true);
    expect(daysInMonth(0, 2)).toBe(29);
    // 28 December 1969 was a Sunday, 29 December a Monday; 1 January 0001 a Monday (proleptic Gregorian).
    expect(weekdayIndex('1969-12-28')).toBe(6);
    expect(mondayOf('1969-12-28')).toBe('1969-12-22');
    expect(weekdayIndex('1969-12-29')).toBe(0);
    expect(weekdayIndex('0001-01-01')).toBe(0);
  });

  it('names the months in Dutch, in full and short', () => {
    expect(MONTH_NAMES[2]).toBe('maart');
    expect(MONTH_ABBREVIATIONS[2]).toBe('mrt');
    expect(MONTH_NAMES).toHaveLength(12);
    expect(MONTH_ABBREVIATIONS).toHaveLength(12);
  });

  it('writes a day as a Dutch date and leaves what is no calendar day as it is', () => {
    expect(dayText('2026-10-01')).toBe('1 oktober 2026');
    expect(dayText('2026-11-10', false)).toBe('10 november');
    expect(dayText('2026-02-30')).toBe('2026-02-30');
    expect(dayText('1-10-2026')).toBe('1-10-2026');
    expect(isCalendarDay('2026-02-29')).toBe(false);
  });
});
