import { describe, expect, it } from 'vitest';
import { clockOffText, offsetText } from '../../src/shared/clock-offset';
import { clockAhead, clockWarning } from '../../src/sync/clock';

const at = (iso: string) => Date.parse(iso);

describe('the tablet clock against the server', () => {
  it('takes the server\'s second as its middle, against the middle of the request', () => {
    // asked at 10:00:00.000 and answered at 10:00:00.400 by the tablet; the server's header says 10:00:05
    expect(clockAhead({ date: 'Mon, 07 Dec 2026 10:00:05 GMT', sentAt: at('2026-12-07T10:00:00.000Z'), receivedAt: at('2026-12-07T10:00:00.400Z') })).toBe(-5_300);
    // a tablet three hours behind
    expect(clockAhead({ date: 'Mon, 07 Dec 2026 13:00:00 GMT', sentAt: at('2026-12-07T10:00:00.000Z'), receivedAt: at('2026-12-07T10:00:00.000Z') })).toBe(-3 * 3_600_000 - 500);
  });

  it('leaves out what says too little: no header, garbage, a request of more than a minute, a clock that ran backwards', () => {
    expect(clockAhead(undefined)).toBeUndefined();
    expect(clockAhead({ date: 'gisteren', sentAt: 0, receivedAt: 10 })).toBeUndefined();
    expect(clockAhead({ date: 'Mon, 07 Dec 2026 10:00:05 GMT', sentAt: 0, receivedAt: 60_001 })).toBeUndefined();
    expect(clockAhead({ date: 'Mon, 07 Dec 2026 10:00:05 GMT', sentAt: 10, receivedAt: 0 })).toBeUndefined();
  });

  it('says how far off as a person would, from five minutes on', () => {
    expect(offsetText(60_000)).toBe('1 minuut');
    expect(offsetText(-7 * 60_000)).toBe('7 minuten');
    expect(offsetText(59 * 60_000)).toBe('59 minuten');
    expect(offsetText(89 * 60_000)).toBe('1 uur');
    expect(offsetText(90 * 60_000)).toBe('2 uur');
    expect(offsetText(47 * 3_600_000)).toBe('47 uur');
    expect(offsetText(3 * 24 * 3_600_000 + 5 * 3_600_000)).toBe('3 dagen');
    expect(offsetText(400 * 24 * 3_600_000)).toBe('400 dagen');
    expect(clockOffText(4 * 60_000 + 59_000)).toBeUndefined();
    expect(clockOffText(-4 * 60_000 - 59_000)).toBeUndefined();
    expect(clockOffText(Number.NaN)).toBeUndefined();
    expect(clockOffText(5 * 60_000)).toBe('loopt 5 minuten voor');
    expect(clockOffText(-2 * 24 * 3_600_000)).toBe('loopt 2 dagen achter');
  });

  it('gives the status bar its line only when the clock is off', () => {
    const measuredAt = '2026-12-07T10:00:00.000Z';
    expect(clockWarning(undefined)).toBeUndefined();
    expect(clockWarning({ aheadMs: 60_000, measuredAt })).toBeUndefined();
    expect(clockWarning({ aheadMs: -5 * 60_000, measuredAt })).toBe('De klok van deze tablet loopt 5 minuten achter. Zet de tijd goed.');
    expect(clockWarning({ aheadMs: 3_600_000, measuredAt })).toBe('De klok van deze tablet loopt 1 uur voor. Zet de tijd goed.');
  });
});
