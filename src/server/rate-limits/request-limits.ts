import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { type Database, loggedFailure } from '../db/database';
import { ApiError } from '../errors';
import { bearerToken } from '../devices';
import { addressKey } from './address';
import { ADMIN_RATE_LIMITED_ROUTES } from './admin-routes';
import { GROUP_SESSIONS_RATE_LIMITED_ROUTES } from './group-sessions-routes';
import { HOURS_INSIGHT_RATE_LIMITED_ROUTES } from './hours-insight-routes';
import { KAART_INBOX_RATE_LIMITED_ROUTES } from './kaart-inbox-routes';
import { KAART_TRANSFER_RATE_LIMITED_ROUTES } from './kaart-transfer-routes';
import { ANNUAL_REPORT_RATE_LIMITED_ROUTES } from './annual-report-routes';
import { SNELWIJZER_RATE_LIMITED_ROUTES } from './snelwijzer-routes';
import { countRequest, deleteEndedWindows } from './counter';

/** The kinds of authenticated request, each with its own budget. */
export type RateLimitClass = 'batches' | 'kaart' | 'reports' | 'export' | 'admin';

/** At most `perToken` requests per bearer token and `perAddress` per client address in each window. */
export interface RateLimit {
  windowSeconds: number;
  perToken: number;
  perAddress: number;
}

export type RateLimits = Record<RateLimitClass, RateLimit>;

/**
 * The one place for the numbers (README "Rate limits"). A tablet sends its batches one after the other
 * (≤ 500 records, ≤ 1 MiB): 10,000 queued records are 20 batches, or 115 when every record is as large
 * as the form allows (87 to a batch), well inside 300 a minute; a first kaart pull of 50,000 entries is
 * 100 pages. One dashboard view asks 11 questions: 300 a minute is a new filter every 2 seconds.
 * Export reads every question of its selection: 5 a minute serve a person, not a scraper. Per address
 * is ten times per token (six for export): a library's tablets and staff share one NAT address.
 * Management (admin) is a person clicking through pages: 120 a minute is two a second, far above that.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  batches: { windowSeconds: 60, perToken: 300, perAddress: 3000 },
  kaart: { windowSeconds: 60, perToken: 300, perAddress: 3000 },
  reports: { windowSeconds: 60, perToken: 300, perAddress: 3000 },
  export: { windowSeconds: 60, perToken: 5, perAddress: 30 },
  admin: { windowSeconds: 60, perToken: 120, perAddress: 1200 },
};

/** Every authenticated route and its class (HEAD counts as its GET). */
export const RATE_LIMITED_ROUTES: Readonly<Record<string, RateLimitClass>> = {
  [`POST ${API_PREFIX}/batches`]: 'batches',
  [`POST ${API_PREFIX}/registrations/check`]: 'batches',
  [`POST ${API_PREFIX}/registrations/check-days`]: 'batches',
  [`GET ${API_PREFIX}/locations`]: 'batches',
  [`GET ${API_PREFIX}/kaart/changes`]: 'kaart',
  [`POST ${API_PREFIX}/kaart/changes`]: 'kaart',
  [`GET ${API_PREFIX}/stats`]: 'reports',
  [`GET ${API_PREFIX}/stats.csv`]: 'reports',
  [`GET ${API_PREFIX}/report-locations`]: 'reports',
  [`GET ${API_PREFIX}/stats/rising`]: 'reports',
  [`GET ${API_PREFIX}/export.csv`]: 'export',
  ...ADMIN_RATE_LIMITED_ROUTES,
  ...KAART_INBOX_RATE_LIMITED_ROUTES,
  ...KAART_TRANSFER_RATE_LIMITED_ROUTES,
  ...ANNUAL_REPORT_RATE_LIMITED_ROUTES,
  ...HOURS_INSIGHT_RATE_LIMITED_ROUTES,
  ...GROUP_SESSIONS_RATE_LIMITED_ROUTES,
  ...SNELWIJZER_RATE_LIMITED_ROUTES,
};

/**
 * API routes without a limit here: health and limits are cheap, enrollment has its own limit on failures, and the
 * metrics (only with METRICS_TOKEN) read no counter in the database, so a scrape answers while the database is down.
 */
export const UNLIMITED_API_ROUTES: readonly string[] = [
  `GET ${API_PREFIX}/health`,
  `GET ${API_PREFIX}/metrics`,
  `GET ${API_PREFIX}/limits`,
  `POST ${API_PREFIX}/devices/enroll`,
];

const CLEANUP_EVERY_MS = 60_000;

const routeKey = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;

/** The 429 message for too many requests (the failed-attempts message stays for enrollment). */
export function requestLimitMessage(seconds: number): string {
  const wait = seconds === 1 ? '1 seconde' : seconds < 120 ? `${seconds} seconden` : `${Math.ceil(seconds / 60)} minuten`;
  return `Te veel verzoeken in korte tijd. Wacht ${wait} en probeer het dan opnieuw.`;
}

/** A token's counter key: a hash, so the table holds nothing that opens the API. */
function tokenKey(token: string): string {
  return createHash('sha256').update(`rate-limit:${token}`).digest('hex').slice(0, 32);
}

/**
 * Counts every request to a rate-limited route per token and per client address (`request.ip`, which
 * honours TRUST_PROXY only; IPv6 per /64) before authentication and before the body is read; past a limit: 429
 * `rate_limited` with Retry-After. Call before the routes are added: an API route missing from both
 * tables stops the server from being built.
 */
export function installRateLimits(app: FastifyInstance, options: { db: Database; limits: RateLimits }): void {
  const { db, limits } = options;
  let lastCleanup = 0;

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const key = routeKey(method, route.url);
      if (route.url.startsWith('/api/') && !(key in RATE_LIMITED_ROUTES) && !UNLIMITED_API_ROUTES.includes(key)) {
        throw new Error(`${key} staat niet in RATE_LIMITED_ROUTES of UNLIMITED_API_ROUTES (src/server/rate-limits/request-limits.ts).`);
      }
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    const routeClass = url === undefined ? undefined : RATE_LIMITED_ROUTES[routeKey(request.method, url)];
    if (!routeClass) return;
    const limit = limits[routeClass];
    const keys = [`${routeClass}:address:${addressKey(request.ip)}`];
    const maxima = [limit.perAddress];
    const token = bearerToken(request);
    if (token) {
      keys.push(`${routeClass}:token:${tokenKey(token)}`);
      maxima.push(limit.perToken);
    }
    const counts = await countRequest(db, keys, limit.windowSeconds);
    if (Date.now() - lastCleanup > CLEANUP_EVERY_MS) {
      lastCleanup = Date.now();
      // PostgreSQL's code and reason (a lock, a timeout, a full disk), under `failure`; never the statement or a key.
      await deleteEndedWindows(db).catch((error: unknown) => request.log.warn({ failure: loggedFailure(error) }, 'rate limit cleanup failed'));
    }
    const over = counts.filter((counted) => counted.count > maxima[keys.indexOf(counted.key)]);
    if (over.length === 0) return;
    const seconds = Math.max(...over.map((counted) => counted.retryAfterSeconds));
    request.log.info({ routeClass, limitedBy: over.map((counted) => counted.key.split(':')[1]) }, 'rate limited');
    throw new ApiError('rate_limited', { 'retry-after': String(seconds) }, requestLimitMessage(seconds));
  });
}
