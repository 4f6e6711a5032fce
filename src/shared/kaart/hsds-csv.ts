import Papa from 'papaparse';
import { csvRows, restoreCell } from '../csv';
import { type FieldSpec, HSDS_TABLES, ignoredName, KAART_FIELDS, LOCAL_EXTRA_FIELDS } from './fields';
import { exportRecords } from './hsds-json';
import { emptyRaw, finishImport, type KaartImportError, type KaartImportOptions, type KaartImportResult } from './import-pipeline';
import { mergeLocationRows, mergeServiceLanguages, reportSideRecord, SIDE_RECORD_FIELDS, type SideRecord } from './hsds-published';
import { filterByScope } from './scope';
import { KAART_ENTITIES, type KaartDataSet, type KaartEntity, type KaartScope } from './types';

/**
 * The HSDS tabular data package: one CSV per entity (organizations.csv, services.csv, …) and a
 * datapackage.json (Frictionless Data) that describes the columns. UTF-8, comma, CRLF, a header
 * row; list cells (languages, ido_topics) are joined with ";"; an empty owner_organisation_id
 * cell means national. Written by the project's one CSV writer (../csv.ts): cells that Excel would
 * run as a formula get a leading apostrophe, which reading removes again.
 */

export const DATAPACKAGE_FILE = 'datapackage.json';
const LIST_SEPARATOR = ';';

/** File name of an entity's CSV: "organizations.csv". */
export function csvFileName(entity: KaartEntity): string {
  return `${HSDS_TABLES[entity]}.csv`;
}

/** The kaart as `{ filename: content }`: eight CSV files and datapackage.json. Tombstones stay out. */
export function exportHsdsCsvPackage(set: KaartDataSet, options: { scope?: KaartScope } = {}): Record<string, string> {
  const scoped = options.scope === undefined ? set : filterByScope(set, options.scope);
  const files: Record<string, string> = {};
  for (const entity of KAART_ENTITIES) {
    const specs = KAART_FIELDS[entity];
    const rows = exportRecords(entity, scoped[entity]).map((record) =>
      specs.map((spec) => toCell((record as unknown as Record<string, unknown>)[spec.name])));
    files[csvFileName(entity)] = csvRows([specs.map((spec) => spec.name), ...rows]);
  }
  files[DATAPACKAGE_FILE] = JSON.stringify(datapackageDescriptor(), null, 2) + '\n';
  return files;
}

/** A field's value as the text of its cell (lists joined with ";"); the writer adds the formula guard. */
export function toCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(LIST_SEPARATOR);
  if (typeof value === 'number') return plainNumber(value);
  return String(value);
}

/** A number as a spreadsheet reads it: 1e-7 (a coordinate near 0) as 0.0000001, the same digits. */
function plainNumber(n: number): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e-(\d+)$/.exec(String(n));
  if (!match) return String(n);
  const [, sign, first, rest = '', exponent] = match;
  return `${sign}0.${'0'.repeat(Number(exponent) - 1)}${first}${rest}`;
}

/**
 * Reads a package back (`{ filename: content }`; datapackage.json is optional) into validated
 * records. A missing CSV means no records of that entity; other files and columns are reported.
 */
export function importHsdsCsvPackage(files: Record<string, string>, options: KaartImportOptions = {}): KaartImportResult {
  const raw = emptyRaw();
  const ignored = new Set<string>();
  const errors: KaartImportError[] = [];
  const byFile = new Map<string, KaartEntity | SideTable>([
    ...KAART_ENTITIES.map((entity) => [csvFileName(entity), entity] as const), ...PUBLISHED_FILE_NAMES,
  ]);
  const extra: Record<SideTable, Record<string, unknown>[]> = { address: [], accessibility: [], language: [] };
  for (const [name, content] of Object.entries(files)) {
    const table = byFile.get(name.split('/').pop() ?? name);
    if (!table) {
      if (!name.endsWith(DATAPACKAGE_FILE)) ignored.add(ignoredName('file', name));
      continue;
    }
    const read = readTable(name, content, isSideTable(table) ? SIDE_TABLE_OWNER[table] : table);
    if ('code' in read) {
      errors.push(read);
      continue;
    }
    const { header, rows } = read;
    if (isSideTable(table)) {
      // Built as entries like the entity files below, so a column "__proto__" is a column like any other. The columns
      // the merge does not read are reported as ignored ("address.address_2"), as an entity file's unknown columns are,
      // and as the same parts nested in an HSDS JSON document are (reportSideRecord).
      for (const column of header) if (column !== '' && !SIDE_RECORD_FIELDS[table].includes(column)) ignored.add(ignoredName(table, column));
      for (const cells of rows) {
        if (cells.every((cell) => cell.trim() === '')) continue;
        const row = Object.fromEntries(header.map((column, c) => [column, restoreCell(cells[c] ?? '')]));
        reportSideRecord(table, row, ignored);
        extra[table].push(row);
      }
      continue;
    }
    const entity = table;
    const specs = new Map(KAART_FIELDS[entity].map((spec) => [spec.name, spec]));
    for (const [name, field] of LOCAL_EXTRA_FIELDS) if (specs.has(field) && !specs.has(name)) specs.set(name, specs.get(field)!);
    rows.forEach((cells, i) => {
      if (cells.every((cell) => cell.trim() === '')) return;
      // Built as entries: a column "__proto__" becomes a field of its own (reported as ignored by the pipeline, as any
      // unknown column), where `record[column] = cell` would have set the object's prototype and lost the column.
      const record: Record<string, unknown> = Object.fromEntries(header.map((column, c) => {
        const spec = specs.get(column);
        const cell = restoreCell(cells[c] ?? '');
        const list = spec !== undefined && (spec.kind === 'topics' || spec.kind === 'languages' || spec.kind === 'keywords') && cell !== '';
        return [column, list ? cell.split(LIST_SEPARATOR).map((v) => v.trim()) : cell];
      }));
      raw[entity].push({ raw: record, index: i + 2 });
    });
  }
  mergeLocationRows(raw, extra.address, extra.accessibility);
  mergeServiceLanguages(raw, extra.language);
  return finishImport(raw, options, ignored, errors);
}

type SideTable = SideRecord;

/** The record a side table's rows end up on, which its file's errors name. */
const SIDE_TABLE_OWNER: Record<SideTable, KaartEntity> = { address: 'location', accessibility: 'location', language: 'service' };
const isSideTable = (table: KaartEntity | SideTable): table is SideTable => Object.hasOwn(SIDE_TABLE_OWNER, table);

/** One CSV file as its header and rows of cells, or the error that refuses the whole file (a lost quote, a column twice). */
function readTable(name: string, content: string, entity: KaartEntity): { header: string[]; rows: string[][] } | KaartImportError {
  const parsed = Papa.parse<string[]>(content.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
  if (parsed.errors.some((e) => e.type === 'Quotes')) {
    return { entity, field: '', code: 'invalid_csv', message: `${name} is geen geldig CSV-bestand: er mist een aanhalingsteken.` };
  }
  const [header = [], ...rows] = parsed.data;
  const twice = header.find((column, c) => column !== '' && header.indexOf(column) !== c);
  if (twice !== undefined) {
    return { entity, field: twice, code: 'invalid_csv', message: `In ${name} staat de kolom "${twice}" twee keer in de eerste rij. Laat er één over.` };
  }
  return { header, rows };
}

/** Files of the official HSDS 3.0 package that the kaart reads beside its own table names. */
export const PUBLISHED_FILE_NAMES = [
  ['service_at_location.csv', 'service_at_location'], ['addresses.csv', 'address'], ['accessibility.csv', 'accessibility'], ['languages.csv', 'language'],
] as const;

/** The Frictionless Data Package descriptor of the eight CSV files. */
export function datapackageDescriptor() {
  return {
    profile: 'tabular-data-package',
    name: 'ido-sociale-kaart',
    title: 'Sociale kaart (HSDS 3.0, ingekort)',
    resources: KAART_ENTITIES.map((entity) => ({
      name: HSDS_TABLES[entity],
      path: csvFileName(entity),
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: {
        fields: KAART_FIELDS[entity].map(frictionlessField),
        primaryKey: 'id',
        foreignKeys: KAART_FIELDS[entity]
          .filter((spec) => spec.kind === 'ref')
          .map((spec) => ({ fields: spec.name, reference: { resource: HSDS_TABLES[spec.ref!], fields: 'id' } })),
      },
    })),
  };
}

function frictionlessField(spec: FieldSpec) {
  const constraints: Record<string, unknown> = {};
  if (spec.required && !spec.nullable) constraints.required = true;
  if (spec.max) constraints.maxLength = spec.max;
  if (spec.values) constraints.enum = spec.values;
  const typed: Record<string, unknown> = { name: spec.name, type: 'string' };
  switch (spec.kind) {
    case 'id': case 'ref': case 'owner': typed.format = 'uuid'; break;
    case 'url': typed.format = 'uri'; break;
    case 'email': typed.format = 'email'; break;
    case 'date': typed.type = 'date'; break;
    case 'latitude': case 'longitude': typed.type = 'number'; break;
    case 'integer': typed.type = 'integer'; break;
    case 'time': constraints.pattern = '^([01][0-9]|2[0-3]):[0-5][0-9]$'; break;
    case 'postal_code': constraints.pattern = '^[1-9][0-9]{3} [A-Z]{2}$'; break;
    case 'kvk': constraints.pattern = '^[0-9]{8}$'; break;
    case 'topics': case 'languages': case 'keywords': typed.description = `codes, gescheiden door "${LIST_SEPARATOR}"`; break;
    default: break;
  }
  if (spec.kind === 'owner') typed.description = 'leeg = landelijk';
  return Object.keys(constraints).length > 0 ? { ...typed, constraints } : typed;
}
