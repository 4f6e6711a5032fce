import { describe, expect, it } from 'vitest';
import { amsterdamDay } from '../../src/shared/time';
import { amsterdamMonthsBack, momentsThisMonth } from '../rising-seed';

const month = (iso: string) => amsterdamDay(new Date(iso)).slice(0, 7);

describe('the seeded rise of the rising tests, at any clock', () => {
  it('counts months by Amsterdam\'s calendar right after midnight on the first (UTC is still in the month before)', () => {
    const now = new Date('2026-11-30T23:00:40Z'); // 00:00:40 on 1 December in Amsterdam
    expect([5, 4, 3, 2, 1].map((back) => month(amsterdamMonthsBack(back, now)))).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const moments = momentsThisMonth(20, 60_000, now);
    expect(moments).toHaveLength(20);
    expect(new Set(moments.map(month))).toEqual(new Set(['2026-12']));
    expect(moments.every((at) => Date.parse(at) < now.getTime())).toBe(true);
  });

  it('keeps the usual moments, a second apart before "latestAgo", later in a month; and crosses a year back', () => {
    const now = new Date('2026-01-20T12:00:00Z');
    expect(momentsThisMonth(3, 60_000, now)).toEqual(['2026-01-20T11:59:00.000Z', '2026-01-20T11:58:59.000Z', '2026-01-20T11:58:58.000Z']);
    expect(month(amsterdamMonthsBack(1, now))).toBe('2025-12');
  });
});
