import type { RisingFigure } from '../../shared/rising';

/*
 * The test behind "Opvallend" (docs/rising-topics.md): a topic's count in a span against its own usual level,
 * with a one-sided Poisson test and a minimum count, so that small numbers never raise an alarm.
 */

/** Flag only from this many questions up: below it no rise is worth a course, whatever the p-value. */
export const MINIMUM_OBSERVED = 10;
/** Flag only when the count is at least this many times the usual level (a large count is "significant" for tiny rises). */
export const MINIMUM_RATIO = 1.5;
/** Flag only when a count this high or higher has less than this chance under the usual level. */
export const P_VALUE = 0.01;
/** The usual level is the mean of at most this many months before (and the same month last year). */
export const BASELINE_MONTHS = 12;
/** Fewer months of history than this: no usual level, no flag. */
export const MINIMUM_HISTORY = 3;
/** An expected level of nothing is read as this much, so a ratio stays finite. */
const EXPECTED_FLOOR = 0.5;

/** ln Γ(x) (Lanczos, g = 7), for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularised lower incomplete gamma function P(a, x). */
function lowerGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    // Series.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.min(1, sum * front);
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.max(0, 1 - front * h);
}

/** P(X ≥ k) for X ~ Poisson(λ): the chance of a count this high or higher when nothing changed. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  return lowerGamma(k, lambda);
}

/** The test of one span: observed against expected. */
export function compare(observed: number, expected: number): RisingFigure {
  const lambda = Math.max(expected, EXPECTED_FLOOR);
  const ratio = observed / lambda;
  const p = poissonUpperTail(observed, lambda);
  return {
    observed, expected: round(expected, 2), ratio: round(ratio, 2), p: Number(p.toPrecision(3)),
    rising: observed >= MINIMUM_OBSERVED && ratio >= MINIMUM_RATIO && p < P_VALUE,
  };
}

/**
 * The usual level of month `index` of a monthly series (oldest first) whose history starts at `historyStart`:
 * the mean of up to twelve months before it, or the same month last year when that was higher (a yearly
 * peak such as the tax return is usual, not news). Undefined with fewer than three months of history.
 */
export function usualLevel(series: readonly number[], index: number, historyStart: number): number | undefined {
  const first = Math.max(historyStart, index - BASELINE_MONTHS, 0);
  const before = series.slice(first, index);
  if (before.length < MINIMUM_HISTORY) return undefined;
  const mean = before.reduce((sum, n) => sum + n, 0) / before.length;
  const lastYear = index - 12 >= Math.max(historyStart, 0) ? series[index - 12] : undefined;
  return Math.max(mean, lastYear ?? 0);
}

/**
 * Month `index` of the series against its usual level; `fraction` is the part of that month counted so far
 * (1 for a whole month). Undefined without enough history.
 */
export function judgeMonth(series: readonly number[], index: number, historyStart: number, fraction = 1): RisingFigure | undefined {
  const usual = usualLevel(series, index, historyStart);
  return usual === undefined ? undefined : compare(series[index], usual * fraction);
}

/** How many months in a row, ending at `index`, rose (each whole month against its own usual level). */
export function monthsRising(series: readonly number[], index: number, historyStart: number, fraction = 1): number {
  let count = 0;
  for (let i = index; i >= 0; i--) {
    if (!judgeMonth(series, i, historyStart, i === index ? fraction : 1)?.rising) break;
    count++;
  }
  return count;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
