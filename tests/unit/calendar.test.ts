import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDay, MONTH_ABBREVIATIONS, MONTH_NAMES } from '../../src/shared/calendar';
import { dutchDate } from '../../src/shared/kaart/dutch-dates';

describe('the shared calendar', () => {
  it('counts days across month ends, leap days, year ends and summer time', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-29', -1)).toBe('2026-03-28');
    expect(addDays('2026-01-01', -364)).toBe('2025-01-02');
  });

  it('names the months in Dutch, in full and short', () => {
    expect(MONTH_NAMES[2]).toBe('maart');
    expect(MONTH_ABBREVIATIONS[2]).toBe('mrt');
    expect(MONTH_NAMES).toHaveLength(12);
    expect(MONTH_ABBREVIATIONS).toHaveLength(12);
  });

  it('writes a day as a Dutch date and leaves what is no calendar day as it is', () => {
    expect(dutchDate('2026-10-01', true)).toBe('1 oktober 2026');
    expect(dutchDate('2026-11-10')).toBe('10 november');
    expect(dutchDate('2026-02-30', true)).toBe('2026-02-30');
    expect(dutchDate('1-10-2026', true)).toBe('1-10-2026');
    expect(isCalendarDay('2026-02-29')).toBe(false);
  });
});
