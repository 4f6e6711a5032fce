import { csvFileName, DATAPACKAGE_FILE, ENTITY_NAMES, fieldLabel, KAART_ENTITIES, PUBLISHED_FILE_NAMES, readTaxonomyMapping, type TaxonomyMapping } from '../../shared/kaart';
import { amsterdamDay } from '../../shared/time';
import { cutText, isLongerThan } from '../../shared/text-length';
import type { Database } from '../db/database';
import { ApiError } from '../errors';
import { exportKaart, type KaartExportFormat } from '../kaart/file-export';
import { importKaartTexts, type KaartImportOutcome, type KaartSource, type ProblemPlace } from '../kaart/file-import';
import { zipTextFiles } from '../kaart/zip-writer';
import { type Actor, kaartUpdatedBy, organisationInScope, requireNational } from './actor';
import { appendAudit } from './audit';
import { boolean, invalidField, oneOf, readBody } from './input';

/**
 * The sociale kaart in and out over the admin API (docs/admin-api.md, "Sociale kaart importeren en
 * exporteren"): the same import as `import-kaart` (src/server/kaart/file-import.ts), with the files'
 * texts in a JSON body, and the same export as `export-kaart`. An organisation's coordinator reaches only
 * its own kaart; the national team any organisation's and the national entries (scope null).
 */

/** The import's body may be this large (a regional directory of 20,000 services is some 40 MB of JSON); every other route keeps its small limit. */
export const KAART_IMPORT_BODY_LIMIT = 100 * 1024 * 1024;
/** A CSV package has some twenty tables; more files in one import is a mistake. */
export const MAX_IMPORT_FILES = 40;
export const KAART_IMPORT_FORMATS = ['hsds-json', 'hsds-csv', 'spreadsheet'] as const;
export const KAART_EXPORT_FORMATS = ['hsds-3.0', 'hsds-3.0-csv', 'json', 'csv-package'] as const;
/** At most this many lines of each kind go back: enough to fix a file, not a second copy of it. */
const MAX_LINES = 50;
/** A line is cut after this many characters: a value of a megabyte in a file is never sent back whole. */
export const MAX_LINE_LENGTH = 300;
/** The longest file name, id or field name a line repeats from the file. */
const NAMED_MAX = 60;

/** Imports one server process runs at once (memory: a large one takes some 1 GB). */
export const MAX_CONCURRENT_IMPORTS = 1;
export const BUSY = 'Er loopt al een import van de sociale kaart op de server. Wacht een minuut en probeer het dan opnieuw.';
export const TOO_LARGE = `De bestanden zijn samen te groot: hoogstens ${KAART_IMPORT_BODY_LIMIT / (1024 * 1024)} MB per import. Splits het bestand, of importeer per organisatie.`;

/** A checked import request. */
export interface KaartImportRequest {
  source: KaartSource;
  fileNames: string[];
  /** the name the lines give the file of a JSON or a spreadsheet (one file), without a folder */
  fileName: string;
  skipInvalid: boolean;
  dryRun: boolean;
  mergeDuplicates: boolean;
  taxonomyMapping?: TaxonomyMapping;
}

const PACKAGE_FILES = new Set<string>([DATAPACKAGE_FILE, ...KAART_ENTITIES.map(csvFileName), ...PUBLISHED_FILE_NAMES.map(([name]) => name)]);
const HOSTILE_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Reads the body strictly: `{format?, files: [{name, text}], skipInvalid?, dryRun?, mergeDuplicates?, mapping?}`. */
export function readKaartImportBody(body: unknown): KaartImportRequest {
  if (body === undefined || body === null) throw new ApiError('invalid_request', {}, 'Stuur een JSON-object met de bestanden: {"files": [{"name": "kaart.json", "text": "…"}]}.');
  const input = readBody(body, ['format', 'files', 'skipInvalid', 'dryRun', 'mergeDuplicates', 'mapping']);
  const files = input.files;
  if (!Array.isArray(files) || files.length === 0) throw invalidField('files', 'moet een lijst met 1 of meer bestanden zijn: [{"name": "kaart.json", "text": "…"}].');
  if (files.length > MAX_IMPORT_FILES) throw invalidField('files', `heeft ${files.length} bestanden; hoogstens ${MAX_IMPORT_FILES} mogen in één import.`);
  const texts = new Map<string, string>();
  const displayNames = new Map<string, string>();
  for (const [index, file] of files.entries()) {
    if (typeof file !== 'object' || file === null || Array.isArray(file)) throw invalidField(`files[${index}]`, 'moet een object {"name", "text"} zijn.');
    const entry = readBody(file, ['name', 'text']);
    if (typeof entry.name !== 'string' || entry.name.trim() === '' || isLongerThan(entry.name, 200) || HOSTILE_NAME.test(entry.name)) throw invalidField(`files[${index}].name`, 'moet een bestandsnaam van hoogstens 200 tekens zijn.');
    // a zip's folder or a browser's path is no part of the name
    const name = entry.name.split(/[\\/]/).pop()!.trim();
    if (!/\.(json|csv)$/i.test(name)) throw invalidField(`files[${index}].name`, `moet op .json of .csv eindigen (${cutText(name, 60)}). Pak een zip-bestand eerst uit.`);
    if (typeof entry.text !== 'string') throw invalidField(`files[${index}].text`, 'moet de inhoud van het bestand als tekst zijn.');
    if (entry.text.trim() === '') throw invalidField(`files[${index}].text`, `is leeg: ${cutText(name, 60)} heeft geen inhoud.`);
    if (texts.has(name.toLowerCase())) throw invalidField('files', `noemt ${cutText(name, 60)} twee keer.`);
    texts.set(name.toLowerCase(), entry.text.replace(/^\uFEFF/, ''));
    displayNames.set(name.toLowerCase(), name);
  }
  const format = oneOf(input, 'format', KAART_IMPORT_FORMATS, true) ?? detectFormat([...texts.keys()]);
  const names = [...texts.keys()];
  let source: KaartSource;
  if (format === 'hsds-csv') {
    const wrong = names.find((name) => !name.endsWith('.csv') && name !== DATAPACKAGE_FILE);
    if (wrong) throw invalidField('files', `past niet bij een HSDS CSV-pakket: ${cutText(wrong, 60)} is geen CSV-bestand of datapackage.json.`);
    if (!names.some((name) => name.endsWith('.csv'))) throw invalidField('files', 'heeft geen CSV-bestand van het pakket (organizations.csv, services.csv, …).');
    source = { format, files: Object.fromEntries(texts) };
  } else {
    if (names.length !== 1) throw invalidField('files', `moet voor ${format === 'hsds-json' ? 'HSDS JSON' : 'een spreadsheet'} precies één bestand hebben.`);
    const wanted = format === 'hsds-json' ? '.json' : '.csv';
    if (!names[0].endsWith(wanted)) throw invalidField('files', `moet voor ${format === 'hsds-json' ? 'HSDS JSON een .json-bestand' : 'een spreadsheet een .csv-bestand'} zijn.`);
    source = { format, text: texts.get(names[0])! };
  }
  let taxonomyMapping: TaxonomyMapping | undefined;
  if (input.mapping !== undefined) {
    const read = readTaxonomyMapping(input.mapping);
    if (!read.ok) throw new ApiError('invalid_request', {}, `Het veld "mapping" klopt niet; niets geïmporteerd. ${read.problems.join(' ')}`);
    taxonomyMapping = read.mapping;
  }
  return {
    source, fileName: names.length === 1 ? displayNames.get(names[0])! : '', fileNames: files.map((file) => (file as { name: string }).name), // each checked above: at most 200 characters
    skipInvalid: boolean(input, 'skipInvalid', true) ?? false,
    dryRun: boolean(input, 'dryRun', true) ?? false,
    mergeDuplicates: boolean(input, 'mergeDuplicates', true) ?? false,
    taxonomyMapping,
  };
}

/** One .json is HSDS JSON; the package's table names (or several files) a CSV package; one other .csv a library spreadsheet. */
function detectFormat(names: readonly string[]): (typeof KAART_IMPORT_FORMATS)[number] {
  if (names.length === 1 && names[0].endsWith('.json') && names[0] !== DATAPACKAGE_FILE) return 'hsds-json';
  if (names.length > 1 || names.some((name) => PACKAGE_FILES.has(name))) return 'hsds-csv';
  return 'spreadsheet';
}

/** The kaart's scope for this actor: an organisation it may manage, or (no organisation) the national entries, national team only. */
export async function kaartScopeFor(db: Database, actor: Actor, organisationId: string | undefined): Promise<string | null> {
  if (organisationId === undefined) {
    requireNational(actor);
    return null;
  }
  return organisationInScope(db, actor, organisationId);
}

/** The answer of an import or a dry run: counts, the first lines of each kind, and how many there were. */
export type KaartImportAnswer = ReturnType<typeof importAnswer>;

function importAnswer(request: KaartImportRequest, outcome: KaartImportOutcome) {
  const first = (lines: readonly string[]) => lines.slice(0, MAX_LINES).map((line) => cutText(line, MAX_LINE_LENGTH));
  return {
    dryRun: request.dryRun, imported: outcome.imported, acceptable: outcome.acceptable, message: outcome.message,
    format: request.source.format, ...outcome.summary, idInUse: outcome.idInUse,
    errors: first(outcome.errors), errorCount: outcome.errors.length,
    warnings: first(outcome.warnings), warningCount: outcome.warnings.length,
    refused: first(outcome.refused), refusedCount: outcome.refused.length,
    notes: first(outcome.notes), noteCount: outcome.notes.length,
    ignoredFields: first(outcome.ignoredFields), ignoredFieldCount: outcome.ignoredFields.length,
  };
}

/**
 * Where a line points, in the page's words: the file, then the row (a CSV) or the record ("dienst nr. 4" in a JSON
 * list, "dienst <id>" for one the kaart refused), then the field by its Dutch name with the file's own name beside it:
 * "services.csv, rij 4 (dienst), veld breedtegraad (latitude)", "regio.json, locatie nr. 1, veld adressen (addresses)".
 */
function placeInWords(request: KaartImportRequest): (place: ProblemPlace) => string {
  return ({ format, entity, index, id, refused, field }) => {
    const file = format === 'hsds-csv' ? (entity === undefined ? 'het CSV-pakket' : csvFileName(entity)) : cutText(request.fileName, NAMED_MAX);
    const parts = [file];
    const kind = entity && ENTITY_NAMES[entity][0];
    if (kind === undefined) {
      if (index !== undefined) parts.push(`rij ${index}`);
    } else if (refused || index === undefined) {
      if (id !== undefined) parts.push(`${kind} ${cutText(id, NAMED_MAX)}`);
    } else parts.push(format === 'hsds-json' ? `${kind} nr. ${index + 1}` : `rij ${index} (${kind})`);
    if (field) {
      const label = fieldLabel(field);
      parts.push(`veld ${cutText(label, NAMED_MAX)}${label === field ? '' : ` (${field})`}`);
    }
    return parts.join(', ');
  };
}

/** Imports (or checks, dryRun) the files into the scope; one audit row `kaart.import` per import that was written. */
export async function importKaartAs(db: Database, actor: Actor, scope: string | null, request: KaartImportRequest): Promise<KaartImportAnswer> {
  const outcome = await importKaartTexts(db, request.source, {
    scope, skipInvalid: request.skipInvalid, mergeDuplicates: request.mergeDuplicates, dryRun: request.dryRun,
    taxonomyMapping: request.taxonomyMapping, updatedBy: kaartUpdatedBy(actor),
    skip: { verb: 'kies', name: '"Foute waarden overslaan"' },
    place: placeInWords(request),
    // the page cannot merge: a row that is the same organisation is taken out of the file
    duplicateHint: 'ze komt er als nieuwe organisatie bij. Is het dezelfde organisatie? Haal de rij dan uit het bestand en controleer opnieuw.',
    // names and counts only: never the content
    afterApply: (tx, summary) => appendAudit(tx, actor, {
      organisationId: scope, action: 'kaart.import', target: request.source.format,
      after: { files: request.fileNames, ...summary, skipInvalid: request.skipInvalid, mapping: request.taxonomyMapping ? 'eigen tabel' : 'standaard' },
    }),
  });
  return importAnswer(request, outcome);
}

/** A download of the scope's live kaart: one JSON file, or a CSV package as one zip. */
export async function exportKaartFor(db: Database, scope: string | null, format: KaartExportFormat, now = new Date()): Promise<{ filename: string; contentType: string; body: string | Buffer }> {
  const files = await exportKaart(db, scope, format, now);
  const day = amsterdamDay(now);
  const label = format === 'json' ? '' : format === 'csv-package' ? '-csv' : `-${format}`;
  if (format === 'json' || format === 'hsds-3.0') {
    return { filename: `sociale-kaart${label}-${day}.json`, contentType: 'application/json; charset=utf-8', body: Object.values(files)[0] };
  }
  return { filename: `sociale-kaart${label}-${day}.zip`, contentType: 'application/zip', body: zipTextFiles(files, now) };
}

/** The export's `format` query parameter (default HSDS 3.0 JSON); nothing else may be asked. */
export function readExportQuery(query: unknown): KaartExportFormat {
  const input = readBody(query, ['format']);
  return oneOf(input, 'format', KAART_EXPORT_FORMATS, true) ?? 'hsds-3.0';
}
