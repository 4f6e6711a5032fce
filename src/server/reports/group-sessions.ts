import { label } from '../../shared/codelists';
import { GROUP_SESSION_KINDS, type GroupSessionKind } from '../../shared/group-session';
import type { GroupSessionSummary } from '../../shared/group-session-report';
import type { CsvDelimiter } from '../../shared/reports';
import type { Queryable } from '../db/database';
import { BOM, csvLine } from '../../shared/csv';
import type { Places, ReportFilters } from './places';

/** The WHERE clause of live group sessions inside the viewer's filters (the same filters as the stats, on the session's date). */
function whereClause(filters: ReportFilters): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (value: unknown, cast: string) => `$${params.push(value)}::${cast}`;
  const conditions = ['NOT g.deleted'];
  if (filters.from) conditions.push(`g.session_date >= ${add(filters.from, 'date')}`);
  if (filters.to) conditions.push(`g.session_date <= ${add(filters.to, 'date')}`);
  if (filters.organisation) conditions.push(`g.organisation_id = ${add(filters.organisation, 'uuid')}`);
  if (filters.excludeOrganisations?.length) conditions.push(`g.organisation_id <> ALL (${add(filters.excludeOrganisations, 'text[]')}::uuid[])`);
  if (filters.location) conditions.push(`g.location_id = ${add(filters.location, 'text')}`);
  if (filters.municipality) conditions.push(`g.location_id IN (SELECT id FROM locations WHERE municipality_code = ${add(filters.municipality, 'text')})`);
  if (filters.province) conditions.push(`g.location_id IN (SELECT id FROM locations WHERE province = ${add(filters.province, 'text')})`);
  return { where: conditions.join(' AND '), params };
}

/** Sessions, attendees and minutes per kind, and how many came from a rising topic. */
export async function groupSessionSummary(db: Queryable, filters: ReportFilters): Promise<GroupSessionSummary> {
  const { where, params } = whereClause(filters);
  const rows = await db.query<{ kind: string; sessions: number; attendees: number; minutes: number; rising: number }>(
    `SELECT g.kind, count(*)::int AS sessions, coalesce(sum(g.attendees), 0)::int AS attendees,
            coalesce(sum(g.duration_minutes), 0)::int AS minutes, count(*) FILTER (WHERE g.from_rising_topic)::int AS rising
     FROM group_sessions g WHERE ${where} GROUP BY g.kind ORDER BY g.kind`,
    params,
  );
  const byKind = (Object.keys(GROUP_SESSION_KINDS) as GroupSessionKind[]).map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return { kind, label: GROUP_SESSION_KINDS[kind], sessions: row?.sessions ?? 0, attendees: row?.attendees ?? 0 };
  });
  const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    totals: { sessions: sum((r) => r.sessions), attendees: sum((r) => r.attendees), minutes: sum((r) => r.minutes), fromRisingTopic: sum((r) => r.rising) },
    byKind,
  };
}

const HEADER = [
  'Bijeenkomst-id', 'Versie', 'Datum', 'Organisatie-id', 'Organisatie', 'Locatie-id', 'Locatie', 'Gemeentecode', 'Gemeente', 'Provincie',
  'Soort (code)', 'Soort', 'Duur (minuten)', 'Onderwerpen (codes)', 'Onderwerpen', 'Partner (code)', 'Partner', 'Deelnemers',
  'Uit opvallend onderwerp', 'Notitie',
];

/** The group sessions CSV: one row per live session, codes and Dutch labels, BOM and CRLF like export.csv. */
export async function groupSessionsCsv(db: Queryable, filters: ReportFilters, places: Places, delimiter: CsvDelimiter): Promise<string> {
  const { where, params } = whereClause(filters);
  const rows = await db.query<{ id: string; revision: number; day: string; organisation_id: string; location_id: string; kind: string; duration_minutes: number;
    topics: string; partner_organisation: string | null; attendees: number; from_rising_topic: boolean; note: string | null }>(
    `SELECT g.id::text AS id, g.revision, to_char(g.session_date, 'YYYY-MM-DD') AS day, g.organisation_id::text AS organisation_id, g.location_id,
            g.kind, g.duration_minutes, array_to_string(g.topics, '|') AS topics, g.partner_organisation, g.attendees, g.from_rising_topic, g.note
     FROM group_sessions g WHERE ${where} ORDER BY g.session_date, g.id`,
    params,
  );
  const lines = rows.map((row) => {
    const location = places.locations.get(row.location_id);
    return csvLine([
      row.id, row.revision, row.day, row.organisation_id, places.organisations.get(row.organisation_id) ?? null,
      row.location_id, location?.name ?? null, location?.municipalityCode ?? null,
      location ? places.municipalities.get(location.municipalityCode)?.name ?? null : null, location?.province ?? null,
      row.kind, GROUP_SESSION_KINDS[row.kind as GroupSessionKind] ?? row.kind, row.duration_minutes,
      row.topics, row.topics.split('|').map((code) => label('topic', code)).join(' | '),
      row.partner_organisation, row.partner_organisation === null ? null : label('partnerOrganisation', row.partner_organisation),
      row.attendees, row.from_rising_topic, row.note,
    ], delimiter);
  });
  return BOM + csvLine(HEADER, delimiter) + lines.join('');
}
