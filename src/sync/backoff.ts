/** Exponential backoff with full jitter (spec: 5 s to 30 min). */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 30 * 60_000;
/** The longest Retry-After the tablet honours. The server's own are seconds (5 s; a rate limit's window is a minute). */
export const RETRY_AFTER_CAP_MS = 60 * 60_000;
/** The longest wait the engine ever stores, counted from when it stored it. */
const LONGEST_WAIT_MS = Math.max(BACKOFF_CAP_MS, RETRY_AFTER_CAP_MS);

/**
 * Whether the browser says it is online (page and service worker alike; a runtime without navigator counts as online):
 * the default of the outbox's and the kaart's `online`, which decide whether a wait began offline (`waitBeganOffline`).
 */
export const browserOnline = (): boolean => globalThis.navigator?.onLine !== false;

/**
 * Whether a stored wait (`nextAttemptAt`, `notBefore`) still holds at `now`. One further ahead than any wait the engine
 * sets was stored by a clock that has since been put back (a tablet a year ahead, set right): it has passed, or the
 * tablet would wait that year, and no "Nu versturen" would skip a `notBefore`.
 */
export function stillWaiting(at: string | undefined, now: number): at is string {
  if (at === undefined) return false;
  const left = Date.parse(at) - now;
  return left > 0 && left <= LONGEST_WAIT_MS;
}

/** The wait after a Retry-After: at least the server's minimum, at most RETRY_AFTER_CAP_MS. */
export function retryAfterWaitMs(retryAfterMs: number, minRetryAfterSeconds: number): number {
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(retryAfterMs, minRetryAfterSeconds * 1000));
}

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
