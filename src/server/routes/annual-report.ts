import type { FastifyInstance } from 'fastify';
import { checkAnnualText } from '../../shared/annual-report';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { ApiError } from '../errors';
import { ANNUAL_REPORT } from '../rate-limits/annual-report-routes';
import { buildAnnualReport } from '../reports/annual';
import { readAnnualAsk, readAnnualQuery, readAnnualRequest } from '../reports/annual-scope';
import { saveAnnualText } from '../reports/annual-text';
import { rollupsCurrent } from '../reports/pending-rollups';

const FIELDS = ['year', 'organisation', 'municipality', 'text'];

/** GET /reports/annual (the printable annual report's figures) and PUT /reports/annual/text (its own text). */
export function annualReportRoutes(app: FastifyInstance, options: { db: Database; reads: Queryable }): void {
  const { db, reads } = options;

  app.get(ANNUAL_REPORT, async (request, reply) => {
    const { viewer, year, scope, places } = await readAnnualRequest(db, request, (r) => readAnnualQuery(r.query));
    await rollupsCurrent(db);
    return reply.header('cache-control', 'no-store').send(await buildAnnualReport(reads, year, scope, places, viewer.role));
  });

  app.put(`${ANNUAL_REPORT}/text`, async (request, reply) => {
    let text = '';
    const { viewer, year, scope } = await readAnnualRequest(db, request, (r) => {
      const body = r.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('invalid_request', {}, 'Stuur een JSON-object met year, text en organisation of municipality.');
      const unknown = Object.keys(body).find((key) => !FIELDS.includes(key));
      if (unknown !== undefined) throw new ApiError('invalid_request', {}, `Het veld "${unknown.slice(0, 40)}" is onbekend. Toegestaan: ${FIELDS.join(', ')}.`);
      const checked = checkAnnualText((body as Record<string, unknown>).text);
      if ('message' in checked) throw new ApiError('invalid_request', {}, checked.message);
      text = checked.text;
      return readAnnualAsk(body as Record<string, unknown>, false);
    });
    if (!scope.canEditText) throw new ApiError('forbidden', {}, 'Een tablet kan de tekst van het jaarverslag niet wijzigen. Gebruik de toegangscode van de coördinator.');
    const saved = await writeTransaction(db, (tx) => saveAnnualText(tx, scope.subject, year, text, `${viewer.role}-token`));
    return reply.header('cache-control', 'no-store').send(saved);
  });
}
