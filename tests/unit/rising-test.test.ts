import { describe, expect, it } from 'vitest';
import { compare, judgeMonth, monthsRising, poissonUpperTail, usualLevel } from '../../src/server/reports/rising-test';

describe('the one-sided Poisson test of a rising topic', () => {
  it('computes P(X ≥ k) for a Poisson count', () => {
    // By hand: P(X ≥ 1 | 2) = 1 − e^−2; P(X ≥ 3 | 1) = 1 − e^−1 (1 + 1 + 1/2).
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 10);
    expect(poissonUpperTail(0, 5)).toBe(1);
    // Large counts (a national month) stay accurate: the mean of Poisson(10 000) is its median.
    expect(poissonUpperTail(10_000, 10_000)).toBeGreaterThan(0.49);
    expect(poissonUpperTail(10_000, 10_000)).toBeLessThan(0.51);
    expect(poissonUpperTail(10_500, 10_000)).toBeLessThan(1e-5);
  });

  it('flags nothing in a flat series', () => {
    const flat = [18, 20, 17, 19, 21, 18, 20, 19, 18, 22, 17, 20, 19, 21, 18];
    for (let i = 3; i < flat.length; i++) expect(judgeMonth(flat, i, 0)?.rising).toBe(false);
  });

  it('does not flag a doubling at low counts', () => {
    // Usual 5 a month, then 10: twice as many, but P(X ≥ 10 | 5) ≈ 0.03.
    const figure = judgeMonth([5, 5, 5, 5, 5, 5, 10], 6, 0)!;
    expect(figure.ratio).toBe(2);
    expect(figure.p).toBeGreaterThan(0.01);
    expect(figure.rising).toBe(false);
    // Nor a jump from nothing to a handful.
    expect(judgeMonth([0, 0, 0, 0, 6], 4, 0)?.rising).toBe(false);
  });

  it('flags a real rise: 42 questions where 18 are usual', () => {
    const figure = judgeMonth([18, 17, 19, 18, 18, 19, 17, 42], 7, 0)!;
    expect(figure).toMatchObject({ observed: 42, rising: true });
    expect(figure.expected).toBeCloseTo(18, 0);
    expect(figure.p).toBeLessThan(1e-5);
  });

  it('does not flag a large count that is only a little higher than usual', () => {
    // 1,100 against 1,000 is significant (p ≈ 0.001) but no rise worth a course: the ratio must be 1.5.
    expect(compare(1_100, 1_000)).toMatchObject({ rising: false });
    expect(compare(1_100, 1_000).p).toBeLessThan(0.01);
  });

  it('takes the same month last year as the usual level when it was higher (a yearly peak is no news)', () => {
    // Thirteen months: a March peak of 60 last year, 20 in the other months, 60 again this March.
    const series = [60, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 60];
    expect(usualLevel(series, 12, 0)).toBe(60);
    expect(judgeMonth(series, 12, 0)?.rising).toBe(false);
    // Without last year's month (history starts later) the same 60 is a rise.
    expect(judgeMonth(series, 12, 1)?.rising).toBe(true);
  });

  it('needs three months of history before it judges', () => {
    expect(judgeMonth([0, 0, 0, 5, 5, 50], 5, 3)).toBeUndefined();
    expect(judgeMonth([0, 0, 5, 5, 5, 50], 5, 2)?.rising).toBe(true);
  });

  it('compares a month under way with the part of its usual level that has passed', () => {
    // Halfway through the month, 20 questions where 20 a month are usual: that is a rise (expected 10), not yet 42.
    expect(judgeMonth([20, 20, 20, 20, 20], 4, 0, 0.5)).toMatchObject({ expected: 10 });
    expect(judgeMonth([20, 20, 20, 20, 11], 4, 0, 0.5)?.rising).toBe(false);
  });

  it('counts the months in a row that rose, for the course suggestion', () => {
    const threeMonths = [10, 10, 10, 10, 10, 10, 30, 40, 50];
    expect(monthsRising(threeMonths, 8, 0)).toBe(3);
    expect(monthsRising([10, 10, 10, 10, 10, 10, 10, 40, 50], 8, 0)).toBe(2);
  });
});
