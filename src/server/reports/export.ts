import { label } from '../../shared/codelists';
import type { CsvDelimiter } from '../../shared/reports';
import type { Queryable } from '../db/database';
import { BOM, csvRows } from '../../shared/csv';
import type { Places, ReportFilters } from './places';
import { Params, placeConditions } from './stats-sql';

/** Rows read per query while streaming: memory stays flat however large the export. */
export const EXPORT_PAGE_SIZE = 5000;

interface QuestionRow extends Record<string, unknown> {
  registration_id: string;
  index: number;
  revision: number;
  started_local: string;
  cursor_at: string;
  organisation_id: string;
  location_id: string;
  scenario: string;
  channel: string;
  staff_role: string;
  partner_organisation: string | null;
  duration_minutes: number;
  category: string;
  /** codes joined with | (joined in SQL: cheaper than parsing arrays) */
  topics: string;
  government_organisations: string;
  digid_follow_up: string | null;
  help: string;
  referral_kind: string | null;
  resolved: string;
  other_text: string | null;
}

const HEADER = [
  'Registratie-id', 'Versie', 'Vraag', 'Begonnen op', 'Organisatie-id', 'Organisatie', 'Locatie-id', 'Locatie', 'Gemeentecode', 'Gemeente',
  'Provincie', 'Scenario (code)', 'Scenario', 'Kanaal (code)', 'Kanaal', 'Geholpen door (code)', 'Geholpen door', 'Partner (code)', 'Partner',
  'Duur (minuten)', 'Categorie (code)', 'Categorie', 'Onderwerpen (codes)', 'Onderwerpen', 'Overheidsorganisaties (codes)', 'Overheidsorganisaties',
  'DigiD-vervolg (code)', 'DigiD-vervolg', 'Hulp (codes)', 'Hulp', 'Doorverwijzing (code)', 'Doorverwijzing', 'Opgelost (code)', 'Opgelost', 'Anders, namelijk',
];

/** One page of questions after the cursor, in (started_at, registration, index) order: keyset paging, no OFFSET. */
function pageStatement(filters: ReportFilters, places: Places, after: QuestionRow | undefined, pageSize: number): { text: string; params: unknown[] } {
  const params = new Params();
  const add = (value: unknown, cast: string) => params.add(value, cast);
  const conditions: string[] = [];
  if (filters.from) conditions.push(`q.started_at >= (${add(filters.from, 'date')}::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
  if (filters.to) conditions.push(`q.started_at < ((${add(filters.to, 'date')} + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
  conditions.push(...placeConditions('q', filters, places, params));
  if (after) {
    const at = add(after.cursor_at, 'timestamptz');
    // The first condition lets an index on started_at find the place; the row comparison breaks ties.
    conditions.push(`q.started_at >= ${at}`, `(q.started_at, q.registration_id, q.index) > (${at}, ${add(after.registration_id, 'uuid')}, ${add(after.index, 'smallint')})`);
  }
  const text = `SELECT q.registration_id::text AS registration_id, q.index, r.revision,
      to_char(q.started_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI:SS') AS started_local, q.started_at::text AS cursor_at,
      q.organisation_id::text AS organisation_id, q.location_id, r.scenario, r.channel, r.staff_role, r.partner_organisation, r.duration_minutes,
      q.category, array_to_string(q.topics, '|') AS topics, array_to_string(q.government_organisations, '|') AS government_organisations,
      q.digid_follow_up, array_to_string(q.help, '|') AS help, q.referral_kind, q.resolved, q.other_text
    FROM questions q JOIN registrations r ON r.id = q.registration_id
    ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
    ORDER BY q.started_at, q.registration_id, q.index
    LIMIT ${add(pageSize, 'int')}`;
  return { text, params: params.values };
}

function toCells(row: QuestionRow, places: Places): (string | number | null)[] {
  const location = places.locations.get(row.location_id);
  const many = (list: Parameters<typeof label>[0], codes: string) => [codes, codes === '' ? '' : codes.split('|').map((code) => label(list, code)).join(' | ')];
  const one = (list: Parameters<typeof label>[0], code: string | null) => [code, code === null ? null : label(list, code)];
  return [
    row.registration_id, row.revision, row.index + 1, row.started_local,
    row.organisation_id, places.organisations.get(row.organisation_id) ?? null,
    row.location_id, location?.name ?? null,
    location?.municipalityCode ?? null, location ? places.municipalities.get(location.municipalityCode)?.name ?? null : null,
    location?.province ?? null,
    ...one('scenario', row.scenario), ...one('channel', row.channel), ...one('staffRole', row.staff_role),
    ...one('partnerOrganisation', row.partner_organisation), row.duration_minutes,
    ...one('category', row.category), ...many('topic', row.topics), ...many('governmentOrganisation', row.government_organisations),
    ...one('digidFollowUp', row.digid_follow_up), ...many('help', row.help), ...one('referralKind', row.referral_kind),
    ...one('resolved', row.resolved), row.other_text,
  ];
}

/**
 * The CSV export, one row per question, as chunks of text: the BOM and header, then one chunk per page.
 * The first page is read before the first chunk is yielded, so a database error still becomes an error
 * answer instead of a cut-off file.
 */
export async function exportChunks(db: Queryable, filters: ReportFilters, places: Places, delimiter: CsvDelimiter, pageSize = EXPORT_PAGE_SIZE): Promise<AsyncGenerator<string>> {
  const readPage = async (after: QuestionRow | undefined) => {
    const statement = pageStatement(filters, places, after, pageSize);
    return db.query<QuestionRow>(statement.text, statement.params);
  };
  const first = await readPage(undefined);
  return (async function* () {
    yield BOM + csvRows([HEADER], delimiter);
    let page = first;
    while (page.length > 0) {
      // The next page is read while this one is written out.
      const next = page.length < pageSize ? Promise.resolve([]) : readPage(page[page.length - 1]);
      next.catch(() => {});
      yield csvRows(page.map((row) => toCells(row, places)), delimiter);
      page = await next;
    }
  })();
}
