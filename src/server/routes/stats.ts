import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { STATS_DIMENSION_NAMES, type ReportLocationInfo, type ReportLocationsResponse, type StatsResponse } from '../../shared/reports';
import type { Database, Queryable } from '../db/database';
import { readReportRequest } from '../reports/access';
import { BOM, csvLine } from '../../shared/csv';
import { csvFileName } from '../reports/csv';
import { locationsIn } from '../reports/places';
import { runStats } from '../reports/stats';
import { hoursInForceSql } from '../organisations/location-hours';
import { rollupsCurrent } from '../reports/pending-rollups';

/**
 * GET /stats (JSON for the dashboard), GET /stats.csv (the same table, for "export the table behind
 * this chart") and GET /report-locations (hours, kind and scenarios beside the location table), all
 * with the same tokens, filters and scope.
 */
export function statsRoutes(app: FastifyInstance, options: { db: Database; reads: Queryable }): void {
  const { db, reads } = options;

  app.get(`${API_PREFIX}/stats`, async (request, reply) => {
    const { query, places } = await readReportRequest(db, request, ['groupBy']);
    await rollupsCurrent(db);
    const body: StatsResponse = await runStats(reads, query, places);
    return reply.header('cache-control', 'no-store').send(body);
  });

  app.get(`${API_PREFIX}/stats.csv`, async (request, reply) => {
    const { query, places } = await readReportRequest(db, request, ['groupBy', 'delimiter']);
    await rollupsCurrent(db);
    const stats = await runStats(reads, query, places);
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

  app.get(`${API_PREFIX}/report-locations`, async (request, reply) => {
    const { viewer, query, places } = await readReportRequest(db, request, []);
    const ids = locationsIn(places, query).map((location) => location.id);
    const rows = ids.length === 0 ? [] : await db.query<{
      id: string; organisation_id: string; name: string; municipality_code: string; province: string; kind: string;
      inside_library: boolean; scenarios: string[]; ido_hours_per_week: number | null; catchment_population: number | null;
    }>(
      `SELECT id, organisation_id::text AS organisation_id, name, municipality_code, province, kind, inside_library, scenarios,
              ${hoursInForceSql('locations')} AS ido_hours_per_week, catchment_population FROM locations WHERE id = ANY($1::text[]) ORDER BY name`,
      [ids],
    );
    const locations: ReportLocationInfo[] = rows.map((row) => ({
      id: row.id, organisationId: row.organisation_id, name: row.name, municipalityCode: row.municipality_code, province: row.province,
      kind: row.kind, insideLibrary: row.inside_library, scenarios: row.scenarios,
      idoHoursPerWeek: row.ido_hours_per_week === null ? null : Number(row.ido_hours_per_week),
      catchmentPopulation: row.catchment_population === null ? null : Number(row.catchment_population),
    }));
    // Who the token is (the browser's laptop menu offers Beheer only to a token that may open it).
    const answer: ReportLocationsResponse = { locations, viewer: viewer.role };
    return reply.header('cache-control', 'no-store').send(answer);
  });
}
