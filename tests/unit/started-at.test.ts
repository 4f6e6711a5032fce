import { describe, expect, it } from 'vitest';
import { startedAtText } from '../../src/features/registration/started-at';

describe('the form\'s start time as text', () => {
  it('says today and yesterday in words', () => {
    expect(startedAtText('2026-12-04T21:47', '2026-12-04')).toBe('vandaag om 21:47');
    expect(startedAtText('2026-12-03T09:05', '2026-12-04')).toBe('gisteren om 09:05');
    // across a month's and a year's end
    expect(startedAtText('2026-11-30T10:00', '2026-12-01')).toBe('gisteren om 10:00');
    expect(startedAtText('2025-12-31T23:59', '2026-01-01')).toBe('gisteren om 23:59');
  });

  it('says other days as a Dutch date, with the year only when it is not this year', () => {
    expect(startedAtText('2026-12-01T14:05', '2026-12-04')).toBe('1 december om 14:05');
    expect(startedAtText('2025-12-30T09:00', '2026-01-02')).toBe('30 december 2025 om 09:00');
    // a day after today (a tablet's clock set back): said as it is; the form's checks answer for it
    expect(startedAtText('2026-12-05T08:00', '2026-12-04')).toBe('5 december om 08:00');
  });

  it('has no text for what is no whole date and time, so the form shows the field itself', () => {
    for (const local of ['', '2026-12-04', '2026-12-04T', '2026-12-04T24:00', '2026-12-04T10:60', '2026-02-30T10:00', '2026-12-04T10:00:00', ' 2026-12-04T10:00', 'x'.repeat(10_000)]) {
      expect(startedAtText(local, '2026-12-04')).toBeUndefined();
    }
  });
});
