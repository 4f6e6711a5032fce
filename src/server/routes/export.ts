import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import type { Database } from '../db/database';
import { readReportRequest } from '../reports/access';
import { csvFileName } from '../reports/csv';
import { exportChunks } from '../reports/export';

/** GET /export.csv: one row per question, streamed page by page (see reports/export.ts). */
export function exportRoutes(app: FastifyInstance, options: { db: Database; pageSize?: number }): void {
  const { db } = options;
  app.get(`${API_PREFIX}/export.csv`, async (request, reply) => {
    const { query, places } = await readReportRequest(db, request, ['delimiter']);
    const chunks = await exportChunks(db, query, places, query.delimiter, options.pageSize);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${csvFileName('vragen', query.from, query.to)}"`)
      .type('text/csv; charset=utf-8')
      .send(Readable.from(chunks, { objectMode: false }));
  });
}
