import type { FastifyInstance } from 'fastify';
import { API_PREFIX, type HealthResponse, type LimitsResponse } from '../../shared/api';
import type { Database } from '../db/database';
import { REQUEST_ENCODINGS } from '../content-encoding';
import { RETRY_AFTER_SECONDS } from '../errors';
import { isDatabaseAhead } from '../db/migrate';

/** GET /health (is the database reachable) and GET /limits (what a batch may hold). */
export function healthRoutes(app: FastifyInstance, options: { db: Database; version: string; limits: LimitsResponse }): void {
  app.get(`${API_PREFIX}/health`, async (request, reply) => {
    const body: HealthResponse = { status: 'ok', version: options.version, database: options.db.kind };
    try {
      // One statement: the database answers, and says whether it is still this version's (a rolling upgrade: migrate.ts).
      if (await isDatabaseAhead(options.db)) {
        request.log.error({ failure: { type: 'DatabaseAhead' } }, 'health: a newer version of the server migrated the database');
        body.status = 'outdated';
        return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store').send(body);
      }
    } catch {
      request.log.warn('health: database unavailable');
      body.status = 'unavailable';
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store').send(body);
    }
    return reply.header('cache-control', 'no-store').send(body);
  });

  // The codings a body may be packed with go with the limits: a tablet packs only once the server said it takes them.
  const limits: LimitsResponse = { ...options.limits, requestEncodings: [...REQUEST_ENCODINGS] };
  app.get(`${API_PREFIX}/limits`, async () => limits);
}
