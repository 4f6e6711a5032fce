import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { amsterdamDay } from '../../shared/time';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../errors';
import { authenticateViewer, scopeFilters } from '../reports/access';
import { busyHours, hoursEffect, scenarioComparison } from '../reports/hours-insight';
import { type HoursParameter, parseHoursQuery } from '../reports/hours-parameters';
import { loadPlaces } from '../reports/places';
import { rollupsCurrent } from '../reports/pending-rollups';

/**
 * GET /hours-effect (one location before and after its hours changes), /busy-hours (the heat map) and
 * /scenario-comparison (scenarios across libraries of one size class): the stats' tokens, filters and scope.
 */
export function hoursInsightRoutes(app: FastifyInstance, options: { db: Database; reads: Queryable }): void {
  const { db, reads } = options;
  // In the contract's order: token (401), parameters (400), then scope (403).
  const read = async (request: FastifyRequest, own: readonly HoursParameter[], needsLocation = false) => {
    const viewer = await authenticateViewer(db, request);
    const { filters, options: hours } = parseHoursQuery(request.query, own);
    if (needsLocation && filters.location === undefined) throw new ApiError('invalid_request', {}, 'location is verplicht: kies de locatie waarvan u de uren wilt zien.');
    const places = await loadPlaces(db);
    await rollupsCurrent(db);
    return { filters: scopeFilters(viewer, filters, places), places, hours, today: amsterdamDay(new Date()) };
  };

  app.get(`${API_PREFIX}/hours-effect`, async (request, reply) => {
    const { filters, places, hours, today } = await read(request, ['weeks', 'scenario'], true);
    return reply.header('cache-control', 'no-store').send(await hoursEffect(reads, filters, places, hours, today));
  });

  app.get(`${API_PREFIX}/busy-hours`, async (request, reply) => {
    const { filters, places, hours, today } = await read(request, ['scenario']);
    return reply.header('cache-control', 'no-store').send(await busyHours(reads, filters, places, hours, today));
  });

  app.get(`${API_PREFIX}/scenario-comparison`, async (request, reply) => {
    const { filters, places, today } = await read(request, []);
    return reply.header('cache-control', 'no-store').send(await scenarioComparison(reads, filters, places, today));
  });
}
