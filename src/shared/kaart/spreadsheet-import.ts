import Papa from 'papaparse';
import { guessMapping, normalizeHeader, type SpreadsheetField, type SpreadsheetMapping } from './spreadsheet-columns';
import { collectRow, type RowContext } from './spreadsheet-row';
import { emptyDataSet, type KaartDataSet, type KaartScope, type LocationFields, type OrganizationFields, type ServiceFields } from './types';

export { guessMapping, normalizeHeader, SPREADSHEET_FIELD_LABELS, type SpreadsheetField, type SpreadsheetMapping } from './spreadsheet-columns';
export { parseOpeningHoursText } from './opening-hours-text';

/**
 * Import of the plain CSV that libraries keep today: one row per service, Dutch headers.
 * `previewSpreadsheet` reads and guesses the columns; `applyMapping` turns rows into kaart records.
 * Both are pure and return everything (records, per-row errors and warnings, duplicates to offer
 * for merging); the caller shows it and applies the records in one transaction, or not at all.
 */

/** One data row; `row` is the row number as a spreadsheet shows it (the header is row 1). */
export interface SpreadsheetRow {
  row: number;
  cells: string[];
}

/** A problem in one row (row 1 = the header, for the whole file), by spreadsheet field. */
export interface SpreadsheetProblem {
  row: number;
  field: SpreadsheetField | '';
  code: string;
  message: string;
}

export interface SpreadsheetPreview {
  delimiter: SpreadsheetDelimiter;
  headers: string[];
  mapping: SpreadsheetMapping;
  rows: SpreadsheetRow[];
  problems: SpreadsheetProblem[];
}

/** More rows than this is not a library's sociale kaart; the preview refuses rather than hang. */
export const MAX_SPREADSHEET_ROWS = 50_000;

/** The cell separators a spreadsheet's CSV export uses: Dutch Excel `;`, elsewhere `,`, "Tekst (tab)" a tab. */
export type SpreadsheetDelimiter = ';' | ',' | '\t';

/** Reads the CSV text: strips a BOM, picks `;`, `,` or a tab, finds the header, guesses the mapping, keeps non-empty rows. */
export function previewSpreadsheet(csvText: string): SpreadsheetPreview {
  const text = csvText.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const problems: SpreadsheetProblem[] = [];
  for (const error of parsed.errors) {
    if (error.type === 'Quotes') {
      problems.push({ row: (error.row ?? 0) + 1, field: '', code: 'invalid_quotes', message: 'Hier mist een aanhalingsteken ("). Controleer deze rij in het bestand.' });
    }
  }
  const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');
  const headerIndex = parsed.data.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) {
    problems.push({ row: 1, field: '', code: 'empty_file', message: 'Het bestand is leeg.' });
    return { delimiter, headers: [], mapping: {}, rows: [], problems };
  }
  const headers = parsed.data[headerIndex].map((header) => header.trim());
  const mapping = guessMapping(headers);
  let rows: SpreadsheetRow[] = [];
  for (let i = headerIndex + 1; i < parsed.data.length; i++) {
    if (!isBlank(parsed.data[i])) rows.push({ row: i + 1, cells: parsed.data[i] });
  }
  if (rows.length > MAX_SPREADSHEET_ROWS) {
    problems.push({ row: 1, field: '', code: 'too_many_rows', message: `Het bestand heeft ${rows.length} rijen. Importeer hoogstens ${MAX_SPREADSHEET_ROWS} rijen per keer.` });
    rows = [];
  } else if (rows.length === 0) {
    problems.push({ row: headerIndex + 1, field: '', code: 'no_rows', message: 'Onder de kopjes staan geen rijen met gegevens. Vul het bestand aan en kies het opnieuw.' });
  }
  if (mapping.organization_name === undefined) {
    problems.push({ row: headerIndex + 1, field: 'organization_name', code: 'missing_column', message: 'Er is geen kolom "Organisatie" gevonden. Kies welke kolom de naam van de organisatie heeft.' });
  }
  return { delimiter, headers, mapping, rows, problems };
}

/**
 * The delimiter that makes the header most recognisable (then: most columns; a tie goes to `;`, Dutch Excel's
 * default, then `,`). A tab-separated header read with `;` was one column, which "Organisatie" matched: the whole row
 * became one organisation's name.
 */
function detectDelimiter(text: string): SpreadsheetDelimiter {
  const score = (delimiter: SpreadsheetDelimiter) => {
    const first = Papa.parse<string[]>(text, { delimiter, preview: 5, skipEmptyLines: 'greedy' }).data[0] ?? [];
    return { delimiter, known: Object.keys(guessMapping(first)).length, columns: first.length };
  };
  const [best] = [score(';'), score(','), score('\t')].sort((a, b) => b.known - a.known || b.columns - a.columns);
  return best.delimiter;
}

/** The problems of rows where a quote is missing: such a row swallowed the lines after it, and never imports. */
export function brokenRowProblems(preview: SpreadsheetPreview): SpreadsheetProblem[] {
  return preview.problems.filter((problem) => problem.code === 'invalid_quotes');
}

/** The rows an import takes: not those where a quote is missing (brokenRowProblems). */
export function importableRows(preview: SpreadsheetPreview): SpreadsheetRow[] {
  const broken = new Set(brokenRowProblems(preview).map((problem) => problem.row));
  return preview.rows.filter((row) => !broken.has(row.row));
}

/** What the kaart already holds, to find duplicates (tombstones are skipped). */
export interface ExistingKaart {
  organizations: readonly OrganizationFields[];
  locations?: readonly LocationFields[];
  services?: readonly ServiceFields[];
}

export interface SpreadsheetImportOptions {
  /** owner_organisation_id of new organizations: the library importing (null only for a national list) */
  ownerOrganisationId: KaartScope;
  /** id maker; default crypto.randomUUID */
  newId?: () => string;
}

/** A row whose organization looks like one already in the kaart: offer to merge, never merge silently. */
export interface SpreadsheetDuplicate {
  row: number;
  /** the organization already in the kaart */
  existingId: string;
  /** the organization this import would add (shared by all rows of that organization) */
  newId: string;
  reason: 'kvk' | 'name_postcode';
  /** a service of the existing organization with the same name, if any */
  existingServiceId?: string;
}

export interface SpreadsheetImportResult {
  /** the records of every row without errors (new ids), one array per entity */
  records: KaartDataSet;
  /** rows with an error add no records at all */
  errors: SpreadsheetProblem[];
  /** imported, but worth a look (e.g. opening hours kept as text) */
  warnings: SpreadsheetProblem[];
  duplicates: SpreadsheetDuplicate[];
  /** how many rows added records */
  importedRows: number;
}

/** Turns mapped rows into kaart records, per-row errors and warnings, and duplicates by KvK or name + postcode. */
export function applyMapping(rows: readonly SpreadsheetRow[], mapping: SpreadsheetMapping, existing: ExistingKaart, options: SpreadsheetImportOptions): SpreadsheetImportResult {
  const result: SpreadsheetImportResult = { records: emptyDataSet(), errors: [], warnings: [], duplicates: [], importedRows: 0 };
  const context: RowContext = {
    options: { ownerOrganisationId: options.ownerOrganisationId, newId: options.newId ?? (() => globalThis.crypto.randomUUID()) },
    organizationsByKvk: new Map(),
    organizationsByName: new Map(),
    locationsByKey: new Map(),
    existing: indexExisting(existing),
  };
  for (const row of rows) {
    const get = (field: SpreadsheetField) => {
      const column = mapping[field];
      return column === undefined ? '' : (row.cells[column] ?? '').trim();
    };
    const outcome = collectRow(row.row, get, context);
    result.warnings.push(...outcome.warnings);
    if (outcome.errors.length > 0) {
      result.errors.push(...outcome.errors);
      continue;
    }
    outcome.commit();
    for (const entity of Object.keys(outcome.records) as (keyof KaartDataSet)[]) {
      (result.records[entity] as unknown[]).push(...outcome.records[entity]);
    }
    if (outcome.duplicate) result.duplicates.push(outcome.duplicate);
    result.importedRows++;
  }
  return result;
}

function indexExisting(existing: ExistingKaart): RowContext['existing'] {
  const live = <T>(records: readonly T[] | undefined) => (records ?? []).filter((r) => !(r as { deleted?: boolean }).deleted);
  const byKvk = new Map<string, OrganizationFields>();
  const byName = new Map<string, OrganizationFields[]>();
  for (const organization of live(existing.organizations)) {
    if (organization.kvk) byKvk.set(organization.kvk, organization);
    const key = normalizeHeader(organization.name);
    byName.set(key, [...(byName.get(key) ?? []), organization]);
  }
  const postcodes = new Map<string, Set<string>>();
  for (const location of live(existing.locations)) {
    if (!location.postal_code) continue;
    const set = postcodes.get(location.organization_id) ?? new Set<string>();
    set.add(location.postal_code);
    postcodes.set(location.organization_id, set);
  }
  const services = new Map<string, Map<string, string>>();
  for (const service of live(existing.services)) {
    const names = services.get(service.organization_id) ?? new Map<string, string>();
    names.set(normalizeHeader(service.name), service.id);
    services.set(service.organization_id, names);
  }
  return { byKvk, byName, postcodes, services };
}

/** Accepts a duplicate: the rows' records attach to the existing organization and the new one is dropped. */
export function mergeDuplicate(result: SpreadsheetImportResult, duplicate: Pick<SpreadsheetDuplicate, 'existingId' | 'newId'>): SpreadsheetImportResult {
  const { existingId, newId } = duplicate;
  const repoint = <T extends { organization_id?: string }>(record: T): T =>
    record.organization_id === newId ? { ...record, organization_id: existingId } : record;
  const records: KaartDataSet = {
    ...result.records,
    organization: result.records.organization.filter((organization) => organization.id !== newId),
    service: result.records.service.map(repoint),
    location: result.records.location.map(repoint),
    phone: result.records.phone.map(repoint),
  };
  return { ...result, records, duplicates: result.duplicates.filter((d) => d.newId !== newId) };
}
