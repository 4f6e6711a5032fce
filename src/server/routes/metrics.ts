import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { sendError } from '../errors';
import { isMetricsToken, type ServerMetrics } from '../metrics';

/** What a scraper without the right token is told (401 `unauthorized`). */
export const METRICS_REFUSED = 'Dit token geeft geen toegang tot de meetgegevens. Gebruik de METRICS_TOKEN van de server.';

/**
 * GET /api/v1/metrics (only when the server has a METRICS_TOKEN): the process's metrics in Prometheus's text format for
 * a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`. No database before the token check and no rate limit
 * (it reads no counter in the database, so a scrape still answers, with `ido_database_up 0`, while the database is down).
 */
export function metricsRoutes(app: FastifyInstance, options: { metrics: ServerMetrics; token: string }): void {
  app.get(`${API_PREFIX}/metrics`, async (request, reply) => {
    if (!isMetricsToken(request.headers.authorization, options.token)) return sendError(reply, 'unauthorized', { 'www-authenticate': 'Bearer' }, METRICS_REFUSED);
    return reply.header('cache-control', 'no-store').type('text/plain; version=0.0.4; charset=utf-8').send(await options.metrics.text());
  });
}
