import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildServer, loggerOptions } from '../../src/server/app';
import { addressKey } from '../../src/server/rate-limits/address';
import { DEFAULT_RATE_LIMITS, RATE_LIMITED_ROUTES, type RateLimitClass, type RateLimits, UNLIMITED_API_ROUTES } from '../../src/server/rate-limits/request-limits';
import type { EnrollResponse } from '../../src/shared/api';
import { batch, ORGANISATION, registration } from './fixtures';
import { DATABASE_KINDS, enrollTablet, type TestServer, useTestServer } from './test-server';

// A day-long window: a test never straddles two windows.
const LOW = { windowSeconds: 86_400, perToken: 3, perAddress: 5 };
const LOW_LIMITS: RateLimits = { batches: LOW, kaart: LOW, reports: LOW, export: LOW, admin: LOW };

let addressCounter = 0;
/** Each test sends from its own client addresses, so counts never leak between tests. */
const newAddress = () => `10.7.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

/** One request to a rate-limited route, the way its client sends it; without a tablet no Authorization header. */
function send(server: TestServer, route: string, tablet: EnrollResponse | undefined, remoteAddress: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const [method, pattern] = route.split(' ') as ['GET' | 'POST' | 'PUT', string];
  // Admin routes: the own organisation, an id that is no one's (a staff tablet gets 403 there; the limit counts before that).
  const url = pattern.replace(':organisationId', ORGANISATION.id).replace(':id', 'geen-id');
  const auth: Record<string, string> = tablet ? { authorization: `Bearer ${tablet.token}` } : {};
  if (url.endsWith('/batches')) {
    const body = batch(tablet?.deviceId ?? crypto.randomUUID(), [registration(tablet?.deviceId ?? crypto.randomUUID())]);
    return server.app.inject({ method, url, remoteAddress, payload: JSON.stringify(body), headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': body.batchId, ...headers } });
  }
  if (url.endsWith('/registrations/check-days')) return server.app.inject({ method, url, remoteAddress, payload: { days: [] }, headers: { ...auth, ...headers } });
  if (url.endsWith('/registrations/check')) return server.app.inject({ method, url, remoteAddress, payload: { records: [] }, headers: { ...auth, ...headers } });
  if (method === 'PUT') return server.app.inject({ method, url, remoteAddress, payload: { year: 2025, text: '' }, headers: { ...auth, ...headers } });
  if (method === 'POST') return server.app.inject({ method, url, remoteAddress, payload: { changes: [] }, headers: { ...auth, ...headers } });
  if (url.endsWith('/hours-effect')) return server.app.inject({ method, url: `${url}?location=test-centrum`, remoteAddress, headers: { ...auth, ...headers } }); // its one required parameter
  return server.app.inject({ method, url, remoteAddress, headers: { ...auth, ...headers } });
}

/** Not limited: below 400, or for an admin route or the annual report's text (a tablet may not write) anything but 429. */
function expectPassed(route: string, response: LightMyRequestResponse): void {
  if (route.includes('/admin/') || route.startsWith('PUT ')) expect(response.statusCode, response.body).not.toBe(429);
  else expect(response.statusCode, response.body).toBeLessThan(400);
}

function expectLimited(response: LightMyRequestResponse, windowSeconds = LOW.windowSeconds): void {
  expect(response.statusCode).toBe(429);
  expect(response.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^Te veel verzoeken in korte tijd\. Wacht \d+ (seconde|seconden|minuten) /) });
  const retryAfter = String(response.headers['retry-after']);
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(windowSeconds);
}

const ROUTES = Object.entries(RATE_LIMITED_ROUTES) as [string, RateLimitClass][];

describe.each(DATABASE_KINDS)('rate limits on %s', (kind) => {
  const server = useTestServer(kind, { rateLimits: LOW_LIMITS });

  describe.each(ROUTES)('%s (%s)', (route) => {
    it('answers a token past its limit with 429 and Retry-After; another token is not affected', async () => {
      const [tablet, other] = [await enrollTablet(server), await enrollTablet(server)];
      for (let i = 0; i < LOW.perToken; i++) {
        expectPassed(route, await send(server, route, tablet, newAddress()));
      }
      expectLimited(await send(server, route, tablet, newAddress()));
      expectPassed(route, await send(server, route, other, newAddress()));
    });

    it('answers an address past its limit with 429, whatever tokens it uses; another address is not affected', async () => {
      const [first, second, third] = [await enrollTablet(server), await enrollTablet(server), await enrollTablet(server)];
      const address = newAddress();
      for (const tablet of [first, first, first, second, second]) expectPassed(route, await send(server, route, tablet, address));
      expectLimited(await send(server, route, second, address)); // second's own count is 3: the address stops it
      expectLimited(await send(server, route, third, address));
      expectPassed(route, await send(server, route, third, newAddress()));
    });

    it('limits requests without a valid token per address before they reach the token check', async () => {
      const address = newAddress();
      const stranger = { deviceId: crypto.randomUUID(), token: `geraden-${crypto.randomUUID()}` } as EnrollResponse;
      for (let i = 0; i < LOW.perAddress; i++) expect((await send(server, route, i % 2 ? stranger : undefined, address)).statusCode).toBe(401);
      expectLimited(await send(server, route, undefined, address));
      expectLimited(await send(server, route, stranger, address));
    });
  });

  it('counts the routes of one class together and other classes apart', async () => {
    const tablet = await enrollTablet(server);
    for (const url of ['/api/v1/stats', '/api/v1/stats.csv', '/api/v1/report-locations']) expect((await send(server, `GET ${url}`, tablet, newAddress())).statusCode).toBe(200);
    expectLimited(await send(server, 'GET /api/v1/stats', tablet, newAddress()));
    expect((await send(server, 'GET /api/v1/export.csv', tablet, newAddress())).statusCode).toBe(200);
    expect((await send(server, 'GET /api/v1/kaart/changes', tablet, newAddress())).statusCode).toBe(200);
  });

  it('counts a HEAD request as its GET', async () => {
    const tablet = await enrollTablet(server);
    for (let i = 0; i < LOW.perToken; i++) await server.app.inject({ method: 'HEAD', url: '/api/v1/stats', remoteAddress: newAddress(), headers: { authorization: `Bearer ${tablet.token}` } });
    expectLimited(await send(server, 'GET /api/v1/stats', tablet, newAddress()));
  });

  it('keeps the counts in the database, so a second server process on it sees them', async () => {
    const tablet = await enrollTablet(server);
    const second = await buildServer({ db: server.db, rateLimits: LOW_LIMITS });
    try {
      for (let i = 0; i < LOW.perToken; i++) expect((await send(server, 'GET /api/v1/kaart/changes', tablet, newAddress())).statusCode).toBe(200);
      expectLimited(await send({ ...server, app: second }, 'GET /api/v1/kaart/changes', tablet, newAddress()));
    } finally {
      await second.close();
    }
  });

  it('counts IPv6 clients per /64, so a line with many addresses has one budget', async () => {
    const prefix = `2001:db8:${(addressCounter++).toString(16)}:1`;
    for (let i = 1; i <= LOW.perAddress; i++) expect((await send(server, 'GET /api/v1/stats', undefined, `${prefix}::${i.toString(16)}`)).statusCode).toBe(401);
    expectLimited(await send(server, 'GET /api/v1/stats', undefined, `${prefix}:ffff:ffff:ffff:ffff`));
    expect((await send(server, 'GET /api/v1/stats', undefined, `${prefix.slice(0, -1)}2::1`)).statusCode).toBe(401);
  });

  it('deletes the counts of ended windows and keeps the current ones', async () => {
    await server.db.query(`INSERT INTO rate_limit_counters (key, window_start, expires_at, count) VALUES
      ('kaart:address:192.0.2.1', now() - interval '2 days', now() - interval '1 day', 7),
      ('kaart:address:192.0.2.2', now() - interval '1 minute', now() + interval '1 day', 7)`);
    const fresh = await buildServer({ db: server.db, rateLimits: LOW_LIMITS }); // a new process cleans up on its first counted request
    try {
      await fresh.inject({ method: 'GET', url: '/api/v1/kaart/changes', remoteAddress: newAddress() });
    } finally {
      await fresh.close();
    }
    const left = await server.db.query<{ key: string }>("SELECT key FROM rate_limit_counters WHERE key LIKE 'kaart:address:192.0.2.%'");
    expect(left.map((row) => row.key)).toEqual(['kaart:address:192.0.2.2']);
  });

  it('logs a failed cleanup with PostgreSQL\'s code and message, and answers the request all the same', async () => {
    // The database itself refuses the cleanup's DELETE (a trigger raises what PostgreSQL says when a statement times out).
    await server.db.exec(`
      CREATE FUNCTION cleanup_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION USING ERRCODE = '57014', MESSAGE = 'canceling statement due to statement timeout'; END $$;
      CREATE TRIGGER cleanup_fails BEFORE DELETE ON rate_limit_counters FOR EACH STATEMENT EXECUTE FUNCTION cleanup_fails();`);
    let log = '';
    const stream = new Writable({ write: (chunk, _encoding, done) => { log += chunk; done(); } });
    const fresh = await buildServer({ db: server.db, rateLimits: LOW_LIMITS, logger: { ...(loggerOptions('info') as object), stream } });
    try {
      const tablet = await enrollTablet(server);
      const response = await fresh.inject({ method: 'GET', url: '/api/v1/kaart/changes', remoteAddress: newAddress(), headers: { authorization: `Bearer ${tablet.token}` } });
      expect(response.statusCode, response.body).toBe(200);
      const line = log.split('\n').find((entry) => entry.includes('rate limit cleanup failed'));
      expect(line, log).toBeDefined();
      // Before, the line said only the error's name ({err: {type: 'PostgresError'}}): not its code, not what went wrong.
      expect(JSON.parse(line!)).toMatchObject({ level: 40, failure: { code: '57014', message: 'canceling statement due to statement timeout' } });
      expect(line).not.toContain(tablet.token);
      expect(line).not.toContain('DELETE');
    } finally {
      await fresh.close();
      await server.db.exec('DROP TRIGGER cleanup_fails ON rate_limit_counters; DROP FUNCTION cleanup_fails();');
    }
  });

  it('lets at most the limit of many parallel requests of one token through', async () => {
    const tablet = await enrollTablet(server);
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(server, 'GET /api/v1/report-locations', tablet, newAddress())));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(LOW.perToken);
    answers.filter((a) => a.statusCode !== 200).forEach((a) => expectLimited(a));
  });
});

describe.each(DATABASE_KINDS)('client addresses for the rate limit on %s', (kind) => {
  describe('with no proxy trusted (the default)', () => {
    const server = useTestServer(kind, { rateLimits: LOW_LIMITS });

    it('ignores X-Forwarded-For: a client cannot choose its own address', async () => {
      const address = newAddress();
      for (let i = 0; i < LOW.perAddress; i++) {
        expect((await send(server, 'GET /api/v1/stats', undefined, address, { 'x-forwarded-for': newAddress() })).statusCode).toBe(401);
      }
      expectLimited(await send(server, 'GET /api/v1/stats', undefined, address, { 'x-forwarded-for': newAddress() }));
    });
  });

  describe('with TRUST_PROXY=127.0.0.1', () => {
    const server = useTestServer(kind, { rateLimits: LOW_LIMITS, trustProxy: ['127.0.0.1'] });

    it('counts the address the load balancer puts in X-Forwarded-For', async () => {
      // Many clients behind the one balancer: each has its own count.
      for (let i = 0; i < LOW.perAddress + 3; i++) {
        expect((await send(server, 'GET /api/v1/stats', undefined, '127.0.0.1', { 'x-forwarded-for': newAddress() })).statusCode).toBe(401);
      }
      const client = newAddress();
      for (let i = 0; i < LOW.perAddress; i++) {
        // what the client wrote itself stands left of what the balancer added
        expect((await send(server, 'GET /api/v1/stats', undefined, '127.0.0.1', { 'x-forwarded-for': `${newAddress()}, ${client}` })).statusCode).toBe(401);
      }
      expectLimited(await send(server, 'GET /api/v1/stats', undefined, '127.0.0.1', { 'x-forwarded-for': client }));
    });

    it('ignores X-Forwarded-For from an address that is not the balancer', async () => {
      const address = newAddress();
      for (let i = 0; i < LOW.perAddress; i++) {
        expect((await send(server, 'GET /api/v1/stats', undefined, address, { 'x-forwarded-for': newAddress() })).statusCode).toBe(401);
      }
      expectLimited(await send(server, 'GET /api/v1/stats', undefined, address, { 'x-forwarded-for': newAddress() }));
    });
  });
});

describe('the table of rate-limited routes', () => {
  // With a METRICS_TOKEN: the metrics route exists only then.
  const server = useTestServer('pglite', { metricsToken: 'x'.repeat(32) });

  it('names every API route as limited or deliberately unlimited, and refuses a new route that is neither', async () => {
    for (const route of [...Object.keys(RATE_LIMITED_ROUTES), ...UNLIMITED_API_ROUTES]) {
      const [method, url] = route.split(' ') as ['GET' | 'POST', string];
      expect(server.app.hasRoute({ method, url }), route).toBe(true);
    }
    const app = await buildServer({ db: server.db });
    expect(() => app.get('/api/v1/new-report', async () => ({}))).toThrow(/RATE_LIMITED_ROUTES/);
    await app.close();
  });

  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0:0:ffff:1:2:3', '2001:db8:0:0::/64'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
  ])('keys the address %s as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  it('limits export most tightly, and lets a token do at least a few exports a minute', () => {
    for (const limit of Object.values(DEFAULT_RATE_LIMITS)) expect(limit.perAddress).toBeGreaterThanOrEqual(limit.perToken);
    expect(DEFAULT_RATE_LIMITS.export.perToken).toBeGreaterThanOrEqual(3);
    expect(DEFAULT_RATE_LIMITS.export.perToken).toBeLessThan(DEFAULT_RATE_LIMITS.reports.perToken);
  });
});
