/** Exponential backoff with full jitter (spec: 5 s to 30 min). */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 30 * 60_000;

/**
 * The wait after the n-th unknown outcome in a row (n starts at 1): a uniform draw from
 * [0, min(cap, base * 2^(n-1))), so tablets that lost the network together do not return together.
 */
export function backoffDelayMs(failures: number, random: () => number = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const window = Math.min(cap, base * 2 ** exponent);
  return Math.floor(random() * window);
}

/** Retry-After in milliseconds from now: delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // an HTTP-date always names a weekday or month; this keeps Date.parse from reading "-5" as a year
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
