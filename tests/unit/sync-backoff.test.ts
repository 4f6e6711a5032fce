import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelayMs, parseRetryAfter } from '../../src/sync/backoff';

describe('backoffDelayMs', () => {
  it('draws from [0, 5 s) after the first unknown outcome and doubles the window each time', () => {
    const top = (n: number) => backoffDelayMs(n, () => 0.999_999);
    expect(top(1)).toBe(4_999);
    expect(top(2)).toBe(9_999);
    expect(top(3)).toBe(19_999);
    expect(top(4)).toBe(39_999);
  });

  it('never exceeds 30 minutes, however many failures', () => {
    expect(backoffDelayMs(12, () => 0.999_999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffDelayMs(12, () => 0.999_999)).toBeGreaterThan(BACKOFF_CAP_MS - 10);
    expect(backoffDelayMs(10_000, () => 0.5)).toBe(BACKOFF_CAP_MS / 2);
  });

  it('uses full jitter: the whole window from zero, as random() says', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0.25)).toBe(BACKOFF_BASE_MS);
    expect(backoffDelayMs(3, () => 0.5)).toBe(2 * BACKOFF_BASE_MS);
  });

  it('stays within [0, min(cap, base * 2^(n-1))) for many random draws', () => {
    for (let n = 1; n <= 15; n++) {
      const window = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelayMs(n);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(window);
      }
    }
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-24T09:15:00.000Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date, and a date in the past as zero', () => {
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:16:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('gives undefined when the header is absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
