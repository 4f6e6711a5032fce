import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { labelValue, metricsTokenFromEnv } from '../../src/server/metrics';
import { METRICS_REFUSED } from '../../src/server/routes/metrics';
import { settleFolds } from '../../src/server/reports/pending-rollups';
import { batch, registration } from './fixtures';
import { DATABASE_KINDS, enrollTablet, expectApiError, postBatch, useTestServer } from './test-server';

/*
 * GET /api/v1/metrics: only with METRICS_TOKEN, only for a scraper that sends it, in Prometheus's text format 0.0.4,
 * counting what the server answered; still answering (database down) when the database is gone.
 */

const TOKEN = 'metrics-token-for-the-tests-0123456789abcdef';

const scrape = (server: { app: { inject: (options: object) => Promise<LightMyRequestResponse> } }, authorization = `Bearer ${TOKEN}`) =>
  server.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: authorization ? { authorization } : {} });

/** The samples of a scrape: series (name with labels, as written) → value. Throws on a line that is no sample or comment. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})?) (-?[0-9.e+-]+|\+Inf|NaN)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    if (found.has(match[1])) throw new Error(`series twice: ${match[1]}`);
    found.set(match[1], Number(match[2]));
  }
  return found;
}

/** The text format's rule: each metric's HELP and TYPE once, before its samples. */
function expectWellFormed(text: string): void {
  expect(text.endsWith('\n')).toBe(true);
  const typed = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      expect(typed.has(type[1]), `TYPE twice for ${type[1]}`).toBe(false);
      typed.set(type[1], type[2]);
      continue;
    }
    if (line === '' || line.startsWith('# HELP ')) continue;
    const name = line.split(/[{ ]/)[0];
    const base = typed.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(typed.has(base), `sample before its TYPE: ${line}`).toBe(true);
  }
  samples(text);
}

describe('METRICS_TOKEN', () => {
  it('is optional: unset or empty, no metrics route', () => {
    expect(metricsTokenFromEnv(undefined)).toBeUndefined();
    expect(metricsTokenFromEnv('')).toBeUndefined();
  });

  it('is refused at start when short or with spaces, in Dutch, without echoing it', () => {
    for (const value of ['kort', 'x'.repeat(31), `${'x'.repeat(20)} ${'y'.repeat(20)}`, `${'x'.repeat(40)}é`]) {
      expect(() => metricsTokenFromEnv(value)).toThrow(/METRICS_TOKEN moet minstens 32 tekens/);
      try {
        metricsTokenFromEnv(value);
      } catch (error) {
        expect((error as Error).message).not.toContain(value);
      }
    }
    expect(metricsTokenFromEnv(TOKEN)).toBe(TOKEN);
  });

  it('escapes label values as the text format asks', () => {
    expect(labelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});

describe.each(DATABASE_KINDS)('metrics on %s', (kind) => {
  describe('without METRICS_TOKEN', () => {
    const server = useTestServer(kind);

    it('has no metrics route: 404, whatever the token', async () => {
      expectApiError(await scrape(server), 404, 'not_found');
    });
  });

  describe('with METRICS_TOKEN', () => {
    const server = useTestServer(kind, { metricsToken: TOKEN, foldDelayMs: 600_000 });
    let tablet: Awaited<ReturnType<typeof enrollTablet>>;
    beforeAll(async () => {
      tablet = await enrollTablet(server);
    });

    it('refuses a scraper without the token, or with another, with 401 and WWW-Authenticate: Bearer', async () => {
      for (const authorization of ['', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`, `Bearer ${tablet.token}`]) {
        const response = await scrape(server, authorization);
        expectApiError(response, 401, 'unauthorized', new RegExp(METRICS_REFUSED.slice(0, 30)));
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.body).not.toContain('ido_');
      }
    });

    it('counts batches, their records by answer and refusal code, and the requests by route pattern and status', async () => {
      const good = [registration(tablet.deviceId), registration(tablet.deviceId)];
      const refused = registration(tablet.deviceId, { locationId: 'nergens' });
      const sent = batch(tablet.deviceId, [...good, refused]);
      expect((await postBatch(server, tablet.token, sent)).statusCode).toBe(200);
      expect((await postBatch(server, tablet.token, sent)).statusCode).toBe(200); // the same batch again: replayed
      const again = batch(tablet.deviceId, [good[0]]);
      expect((await postBatch(server, tablet.token, again)).statusCode).toBe(200); // a new batch, a record already stored
      expect((await postBatch(server, 'no-such-token', again)).statusCode).toBe(401);
      await server.app.inject({ method: 'GET', url: `/api/v1/admin/organisations/${tablet.organisation.id}/devices` }); // 401: no token
      await server.app.inject({ method: 'GET', url: '/api/v1/wp-login.php' });

      const response = await scrape(server);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expectWellFormed(response.body);
      const values = samples(response.body);
      expect(values.get('ido_batches_total{outcome="stored"}')).toBe(2);
      expect(values.get('ido_batches_total{outcome="replayed"}')).toBe(1);
      expect(values.get('ido_batch_records_total{status="accepted"}')).toBe(2);
      expect(values.get('ido_batch_records_total{status="duplicate"}')).toBe(1);
      expect(values.get('ido_batch_records_total{status="rejected"}')).toBe(1);
      expect(values.get('ido_batch_records_rejected_total{code="unknown_location"}')).toBe(1);
      expect(values.get('ido_http_requests_total{method="POST",route="/api/v1/batches",status="200"}')).toBe(3);
      expect(values.get('ido_http_requests_total{method="POST",route="/api/v1/batches",status="401"}')).toBe(1);
      expect(values.get('ido_http_requests_total{method="POST",route="/api/v1/devices/enroll",status="201"}')).toBe(1);
      // route patterns, never the path as asked: no id, no scanner's path
      expect(response.body).not.toContain(tablet.organisation.id);
      expect(response.body).not.toContain('wp-login');
      expect(values.get('ido_http_requests_total{method="GET",route="(geen route)",status="404"}')).toBe(1);
      expect(values.get('ido_http_requests_total{method="GET",route="/api/v1/admin/organisations/:organisationId/devices",status="401"}')).toBe(1);
      // the histogram: cumulative buckets, +Inf equal to the count
      const count = values.get('ido_http_request_duration_seconds_count{method="POST",route="/api/v1/batches"}');
      expect(count).toBe(4);
      expect(values.get('ido_http_request_duration_seconds_bucket{method="POST",route="/api/v1/batches",le="+Inf"}')).toBe(count);
      const buckets = [...values].filter(([series]) => series.startsWith('ido_http_request_duration_seconds_bucket{method="POST",route="/api/v1/batches"')).map(([, value]) => value);
      expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
      // nothing that names a tablet or a token
      expect(response.body).not.toContain(tablet.deviceId);
      expect(response.body).not.toContain(tablet.token);
      expect(response.body).not.toContain(TOKEN);
    });

    it('shows the rollups\' pending rows until a fold takes them, and the database as up', async () => {
      const before = samples((await scrape(server)).body);
      expect(before.get('ido_database_up')).toBe(1);
      expect(before.get('ido_rollup_pending_rows{table="report_rollup_pending"}')).toBeGreaterThan(0);
      await settleFolds(server.db);
      const after = samples((await scrape(server)).body);
      expect(after.get('ido_rollup_pending_rows{table="report_rollup_pending"}')).toBe(0);
      expect(after.get('ido_rollup_pending_rows{table="report_hour_rollup_pending"}')).toBe(0);
      expect(after.get(`ido_build_info{version="test",database="${kind}"}`)).toBe(1);
      expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);
      // the scrapes themselves are counted too, once answered: the two before this one
      expect(after.get('ido_http_requests_total{method="GET",route="/api/v1/metrics",status="200"}')).toBe(2);
      expect(after.get('ido_http_requests_total{method="GET",route="/api/v1/metrics",status="401"}')).toBe(6);
    });

    it('still answers once the database is gone: ido_database_up 0, the counters kept', async () => {
      await server.db.close();
      const response = await scrape(server);
      expect(response.statusCode).toBe(200);
      expectWellFormed(response.body);
      const values = samples(response.body);
      expect(values.get('ido_database_up')).toBe(0);
      expect(values.has('ido_rollup_pending_rows{table="report_rollup_pending"}')).toBe(false);
      expect(values.get('ido_batches_total{outcome="stored"}')).toBe(2);
      expect((await postBatch(server, tablet.token, batch(tablet.deviceId, []))).statusCode).toBe(503);
      const later = samples((await scrape(server)).body);
      expect(later.get('ido_http_requests_total{method="POST",route="/api/v1/batches",status="503"}')).toBe(1);
    });
  });
});
