import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/shared/calendar';
import { LAST_DAY, LAST_PERIOD, nextPeriodStart, periodEnd, periodStart, splitRange, splitRangeByComplement } from '../../src/server/reports/periods';

/** Every day of a range, from the split, to check that the parts cover it exactly once. */
function coveredDays(from: string, to: string): string[] {
  const split = splitRange(from, to);
  const days: string[] = [];
  if (split.rollup) {
    // Whole periods: both bounds must be the first day of a period.
    expect(periodStart(split.rollup.from!)).toBe(split.rollup.from);
    expect(periodStart(split.rollup.before!)).toBe(split.rollup.before);
    for (let day = split.rollup.from!; day < split.rollup.before!; day = addDays(day, 1)) days.push(day);
  }
  for (const edge of split.edges) for (let day = edge.from; day <= edge.to; day = addDays(day, 1)) days.push(day);
  return days.sort();
}

describe('report periods: the part of an ISO week inside one month', () => {
  it.each([
    ['2025-01-01', '2025-01-01', '2025-01-06'], // Wednesday, 1 January: the month starts the period
    ['2025-01-06', '2025-01-06', '2025-01-13'], // a Monday
    ['2025-01-31', '2025-01-27', '2025-02-01'], // the week runs on into February: the period stops at the month end
    ['2025-02-02', '2025-02-01', '2025-02-03'], // Sunday 2 February: its period began on Saturday 1 February
    ['2024-12-31', '2024-12-30', '2025-01-01'],
  ])('puts %s in the period from %s, the next one starting %s', (day, start, next) => {
    expect(periodStart(day)).toBe(start);
    expect(nextPeriodStart(day)).toBe(next);
  });

  it('takes a whole year from the rollup alone', () => {
    expect(splitRange('2025-01-01', '2025-12-31')).toEqual({ rollup: { from: '2025-01-01', before: '2026-01-01' }, edges: [] });
  });

  it('takes a whole month and an ISO week from the rollup alone', () => {
    expect(splitRange('2025-02-01', '2025-02-28')).toEqual({ rollup: { from: '2025-02-01', before: '2025-03-01' }, edges: [] });
    expect(splitRange('2025-02-10', '2025-02-16')).toEqual({ rollup: { from: '2025-02-10', before: '2025-02-17' }, edges: [] });
  });

  it('counts the days at the edges of a range that cuts periods from the questions', () => {
    expect(splitRange('2025-01-08', '2025-03-12')).toEqual({
      rollup: { from: '2025-01-13', before: '2025-03-10' },
      edges: [{ from: '2025-01-08', to: '2025-01-12' }, { from: '2025-03-10', to: '2025-03-12' }],
    });
  });

  it('counts a short range inside one period from the questions only', () => {
    expect(splitRange('2025-03-04', '2025-03-06')).toEqual({ edges: [{ from: '2025-03-04', to: '2025-03-06' }] });
  });

  it('leaves open ends open', () => {
    expect(splitRange(undefined, undefined)).toEqual({ rollup: { from: undefined, before: undefined }, edges: [] });
    expect(splitRange('2025-01-08', undefined)).toEqual({ rollup: { from: '2025-01-13', before: undefined }, edges: [{ from: '2025-01-08', to: '2025-01-12' }] });
  });

  it('covers every day of any range exactly once', () => {
    for (let from = '2024-12-20'; from <= '2025-01-20'; from = addDays(from, 1)) {
      for (let length = 0; length < 45; length += 1) {
        const to = addDays(from, length);
        const expected = Array.from({ length: length + 1 }, (_, i) => addDays(from, i));
        expect(coveredDays(from, to), `${from}..${to}`).toEqual(expected);
      }
    }
  });

  it('stops at the last day of the calendar: its last period has no next one, so the rollup is open there', () => {
    expect(periodEnd('9999-12-27')).toBe(LAST_DAY);
    expect(splitRange('1900-01-01', LAST_DAY)).toEqual({ rollup: { from: '1900-01-01', before: undefined }, edges: [] });
    expect(splitRange('9999-12-28', undefined)).toEqual({ edges: [{ from: '9999-12-28', to: LAST_DAY }] });
    expect(splitRange('9999-12-31', LAST_DAY)).toEqual({ edges: [{ from: LAST_DAY, to: LAST_DAY }] });
    expect(splitRangeByComplement('9999-12-28', LAST_DAY)).toEqual({ rollup: undefined, periods: [LAST_PERIOD], plus: [], minus: [{ from: LAST_PERIOD, to: LAST_PERIOD }] });
    // Every range in the calendar's last three weeks, split both ways, covers each of its days once.
    const last = Array.from({ length: 19 }, (_, i) => addDays('9999-12-13', i));
    const each = (first: string, end: string, add: (day: string) => void) => last.filter((day) => day >= first && day <= end).forEach(add);
    for (const from of last) {
      for (const to of last.filter((day) => day >= from)) {
        const expected = last.filter((day) => day >= from && day <= to);
        const split = splitRange(from, to);
        const days: string[] = [];
        if (split.rollup) each(split.rollup.from!, split.rollup.before === undefined ? LAST_DAY : addDays(split.rollup.before, -1), (day) => days.push(day));
        for (const edge of split.edges) each(edge.from, edge.to, (day) => days.push(day));
        expect(days.sort(), `${from}..${to}`).toEqual(expected);
        const complement = splitRangeByComplement(from, to);
        const count = new Map<string, number>();
        const add = (n: number) => (day: string) => count.set(day, (count.get(day) ?? 0) + n);
        if (complement.rollup) each(complement.rollup.from!, complement.rollup.before === undefined ? LAST_DAY : addDays(complement.rollup.before, -1), add(1));
        for (const first of complement.periods) each(first, periodEnd(first), add(1));
        for (const range of complement.plus) each(range.from, range.to, add(1));
        for (const range of complement.minus) each(range.from, range.to, add(-1));
        expect([...count].filter(([, n]) => n !== 0).map(([day, n]) => `${day}:${n}`).sort(), `${from}..${to}`).toEqual(expected.map((day) => `${day}:1`));
      }
    }
  });

  it('reads an edge longer than half its period as the whole period less its other days, and no more than three days of a period', () => {
    // Wednesday 15 January to Sunday 15 June 2025: 13–19 January less 13–14 January; 15 June ends a period.
    expect(splitRangeByComplement('2025-01-15', '2025-06-15')).toEqual({
      rollup: { from: '2025-01-20', before: '2025-06-16' }, periods: ['2025-01-13'], plus: [], minus: [{ from: '2025-01-13', to: '2025-01-14' }],
    });
    // A short edge stays its own days; a single day is never read as six subtracted ones.
    expect(splitRangeByComplement('2025-01-18', '2025-01-31')).toEqual({
      rollup: { from: '2025-01-20', before: '2025-02-01' }, periods: [], plus: [{ from: '2025-01-18', to: '2025-01-19' }], minus: [],
    });
    expect(splitRangeByComplement('2025-03-05', '2025-03-05')).toEqual({ rollup: undefined, periods: [], plus: [{ from: '2025-03-05', to: '2025-03-05' }], minus: [] });
    // No whole period inside: the one edge reaching into two periods is split per period.
    expect(splitRangeByComplement('2025-03-04', '2025-03-11')).toEqual({
      rollup: undefined, periods: ['2025-03-03'], plus: [{ from: '2025-03-10', to: '2025-03-11' }], minus: [{ from: '2025-03-03', to: '2025-03-03' }],
    });
  });

  it('counts every day of any range exactly once from the complement split (periods less minus days, plus days)', () => {
    for (let from = '2024-12-20'; from <= '2025-01-20'; from = addDays(from, 1)) {
      for (let length = 0; length < 45; length += 1) {
        const to = addDays(from, length);
        const split = splitRangeByComplement(from, to);
        const count = new Map<string, number>();
        const add = (day: string, n: number) => count.set(day, (count.get(day) ?? 0) + n);
        if (split.rollup) for (let day = split.rollup.from!; day < split.rollup.before!; day = addDays(day, 1)) add(day, 1);
        for (const first of split.periods) {
          expect(periodStart(first)).toBe(first);
          for (let day = first; day < nextPeriodStart(first); day = addDays(day, 1)) add(day, 1);
        }
        for (const range of split.plus) for (let day = range.from; day <= range.to; day = addDays(day, 1)) add(day, 1);
        let read = 0;
        for (const range of [...split.plus, ...split.minus]) for (let day = range.from; day <= range.to; day = addDays(day, 1)) read += 1;
        for (const range of split.minus) for (let day = range.from; day <= range.to; day = addDays(day, 1)) add(day, -1);
        const days = [...count].filter(([, n]) => n !== 0);
        expect(days.every(([, n]) => n === 1), `${from}..${to}`).toBe(true);
        expect(days.map(([day]) => day).sort(), `${from}..${to}`).toEqual(Array.from({ length: length + 1 }, (_, i) => addDays(from, i)));
        expect(read, `${from}..${to}: days read from the questions`).toBeLessThanOrEqual(6);
      }
    }
  });
});
