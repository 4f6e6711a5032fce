import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { STATS_DIMENSION_NAMES, type StatsResponse } from '../../shared/reports';
import type { Database } from '../db/database';
import { readReportRequest } from '../reports/access';
import { BOM, csvFileName, csvLine } from '../reports/csv';
import { runStats } from '../reports/stats';

/** GET /stats (JSON for the dashboard) and GET /stats.csv (the same table, for "export the table behind this chart"). */
export function statsRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;

  app.get(`${API_PREFIX}/stats`, async (request, reply) => {
    const { query, places } = await readReportRequest(db, request, ['groupBy']);
    const body: StatsResponse = await runStats(db, query, places);
    return reply.header('cache-control', 'no-store').send(body);
  });

  app.get(`${API_PREFIX}/stats.csv`, async (request, reply) => {
    const { query, places } = await readReportRequest(db, request, ['groupBy', 'delimiter']);
    const stats = await runStats(db, query, places);
    const header = [...query.groupBy.flatMap((d) => [`${STATS_DIMENSION_NAMES[d]} (code)`, STATS_DIMENSION_NAMES[d]]), 'Contacten', 'Vragen', 'Inwoners', 'Vragen per inwoner'];
    const lines = stats.rows.map((row) => csvLine([
      ...query.groupBy.flatMap((d) => [row.keys[d] ?? null, row.labels[d] ?? null]),
      row.contacts, row.questions, row.population ?? null, row.questionsPerResident ?? null,
    ], query.delimiter));
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${csvFileName('tabel', query.from, query.to)}"`)
      .type('text/csv; charset=utf-8')
      .send(BOM + csvLine(header, query.delimiter) + lines.join(''));
  });
}
