import type { FastifyInstance } from 'fastify';
import { GROUP_SESSIONS_CSV_PATH, GROUP_SESSIONS_SUMMARY_PATH } from '../../shared/group-session-report';
import type { Database, Queryable } from '../db/database';
import { readReportRequest } from '../reports/access';
import { csvFileName } from '../reports/csv';
import { groupSessionsCsv, groupSessionSummary } from '../reports/group-sessions';

/** GET /group-sessions/summary and /group-sessions.csv: the same token, parameters and scope as stats and export.csv. */
export function groupSessionRoutes(app: FastifyInstance, options: { db: Database; reads: Queryable }): void {
  const { db, reads } = options;
  app.get(GROUP_SESSIONS_SUMMARY_PATH, async (request, reply) => {
    const { query } = await readReportRequest(db, request, []);
    return reply.header('cache-control', 'no-store').send(await groupSessionSummary(reads, query));
  });
  app.get(GROUP_SESSIONS_CSV_PATH, async (request, reply) => {
    const { query, places } = await readReportRequest(db, request, ['delimiter']);
    const body = await groupSessionsCsv(reads, query, places, query.delimiter);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${csvFileName('groepsbijeenkomsten', query.from, query.to)}"`)
      .type('text/csv; charset=utf-8')
      .send(body);
  });
}
