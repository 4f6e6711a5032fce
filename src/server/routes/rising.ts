import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import type { RisingResponse } from '../../shared/rising';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../errors';
import { authenticateViewer, scopeFilters } from '../reports/access';
import { parseReportQuery } from '../reports/parameters';
import { loadPlaces } from '../reports/places';
import { judgedSpan, runRising } from '../reports/rising';
import { rollupsCurrent } from '../reports/pending-rollups';

const PARAMETERS = ['province', 'municipality', 'organisation', 'location', 'includeDemo', 'month'];

/** GET /stats/rising: "Opvallend", the topics rising against their usual level; same tokens, filters and scope as /stats. */
export function risingRoutes(app: FastifyInstance, options: { db: Database; reads: Queryable; now?: () => Date }): void {
  const { db, reads } = options;
  const now = options.now ?? (() => new Date());

  app.get(`${API_PREFIX}/stats/rising`, async (request, reply) => {
    const viewer = await authenticateViewer(db, request);
    const raw = { ...(request.query as Record<string, unknown>) };
    for (const name of Object.keys(raw)) {
      if (!PARAMETERS.includes(name)) throw new ApiError('invalid_request', {}, `Onbekende parameter "${name.slice(0, 40)}". Toegestaan: ${PARAMETERS.join(', ')}.`);
    }
    const month = raw.month;
    delete raw.month;
    if (month !== undefined && typeof month !== 'string') throw new ApiError('invalid_request', {}, 'De parameter month staat er meer dan één keer in.');
    const span = judgedSpan(month === '' ? undefined : month, now());
    const filters = parseReportQuery(raw, []);
    const places = await loadPlaces(db);
    await rollupsCurrent(db);
    const body: RisingResponse = await runRising(reads, scopeFilters(viewer, filters, places), places, viewer, span);
    return reply.header('cache-control', 'no-store').send(body);
  });
}
