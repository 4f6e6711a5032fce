import { describe, expect, it } from 'vitest';
import { isClockTime, typedClockTime } from '../../src/shared/kaart/formats';

// The kaart edit form's "Open van" and "Tot": times as staff in a library type them, in 24 hours, stored as "HH:MM".
describe('typedClockTime', () => {
  it('takes the Dutch ways of typing a time and writes each as HH:MM', () => {
    const cases: Array<[string, string]> = [
      ['9', '09:00'], ['09', '09:00'], ['0', '00:00'], ['14', '14:00'], ['23', '23:00'],
      ['9.00', '09:00'], ['9:00', '09:00'], ['09.00', '09:00'], ['09:00', '09:00'], ['0900', '09:00'], ['900', '09:00'],
      ['9.30', '09:30'], ['9,30', '09:30'], ['930', '09:30'], ['14.30', '14:30'], ['14:30', '14:30'], ['1430', '14:30'],
      ['0:00', '00:00'], ['000', '00:00'], ['23:59', '23:59'], ['2359', '23:59'], ['12.05', '12:05'],
      [' 9.30 ', '09:30'], ['\t17:00\n', '17:00'],
    ];
    for (const [typed, time] of cases) {
      expect(typedClockTime(typed), typed).toBe(time);
      expect(isClockTime(typedClockTime(typed))).toBe(true);
    }
  });

  it('refuses what is no time of day, so the form can say so', () => {
    const wrong = [
      '', ' ', '25:00', '24:00', '2400', '24', '99', '9.75', '960', '9:60', '23:60', '9:5', '9.3', '9:', ':30', '.30',
      '9 30', '9,,30', '9.:30', '9-30', '9u30', '9 uur', '09:00:00', '12345', '00900', '-9', '+9', '9h', 'abc', '9a', 'nine',
      '2:00 PM', '٩:٣٠', '９:３０', '9：30', '🕘', '9:00🕘', '1\u00004', 'x'.repeat(10_000), '9'.repeat(10_000),
    ];
    for (const typed of wrong) expect(typedClockTime(typed), typed.slice(0, 20)).toBeUndefined();
  });
});
