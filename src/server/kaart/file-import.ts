import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  applyMapping, brokenRowProblems, DATAPACKAGE_FILE, decodeKaartFile, type ExistingKaart, HSDS_TABLES, importHsdsCsvPackage, importHsdsJson, type KaartDataSet,
  type KaartEntity, type KaartImportError, type KaartImportResult, type KaartScope, importableRows, mergeDuplicate, previewSpreadsheet, readTaxonomyMapping, type TaxonomyMapping, themeById,
} from '../../shared/kaart';
import { ID_IN_USE } from '../../shared/ownership';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { applyKaartChanges, type KaartApplied } from './apply';
import { changesFromDataSet, dataSetKeys, toDataSet } from './data-set';
import { listLiveKaartKeys, listLiveKaartRecords, storedVersions } from './store';

/**
 * `npm run admin -- import-kaart`: reads a file with the shared pure import functions, shows every
 * problem, and writes the records through applyKaartChanges in one transaction, or nothing at all.
 */

/** A file that cannot be imported; the message is Dutch and says what to do. */
export class KaartFileError extends Error {}

export interface KaartImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface KaartFileImportOptions {
  /** the organisation the kaart belongs to, or null for the national entries */
  scope: KaartScope;
  /** import the good records even when others have errors (those are left out and counted) */
  skipInvalid?: boolean;
  /** spreadsheet: attach rows whose organisation is already in the kaart (same KvK, or name + postcode) to it */
  mergeDuplicates?: boolean;
  /** term → theme code in place of the shipped table (`--mapping FILE.json`) */
  taxonomyMapping?: TaxonomyMapping;
  /** where problems and notes go, one line each (stderr) */
  report: (line: string) => void;
}

/** What a file holds, after the pure import functions. */
interface KaartFileRead {
  records: KaartDataSet;
  /** one line per error */
  errors: string[];
  /** records (HSDS) or rows (spreadsheet) left out */
  rejected: number;
  /** an error with the whole file: nothing can be imported */
  fatal: boolean;
  /** a spreadsheet's likely duplicates (the ignored fields are in ignoredFields) */
  notes: string[];
  /** what the kaart does not take of a sound file (a location's other addresses, a spreadsheet's unknown language): never a reason to stop */
  warnings: string[];
  /** wrong values dropped from records that are kept: warnings with --skip-invalid, errors without (all or nothing) */
  repairs?: string[];
  /** HSDS fields the kaart does not keep */
  ignoredFields?: string[];
}

// Problems with the whole spreadsheet rather than one row.
const FILE_PROBLEMS = new Set(['empty_file', 'no_rows', 'too_many_rows', 'missing_column']);

/** Imports a kaart file into one scope; returns the summary, or throws KaartFileError and applies nothing. */
export async function importKaartFile(db: Database, file: string, options: KaartFileImportOptions): Promise<KaartImportSummary> {
  const { report } = options;
  const outcome = await importKaartTexts(db, await readKaartSource(file), {
    ...options, updatedBy: 'admin', skip: { verb: 'gebruik', name: '--skip-invalid' }, duplicateHint: 'ze is als nieuwe toegevoegd. Gebruik --merge-duplicates om samen te voegen.',
  });
  const ignored = outcome.ignoredFields.length > 0 ? [`genegeerde velden: ${outcome.ignoredFields.join(', ')}`] : [];
  for (const line of [...outcome.errors, ...ignored, ...outcome.notes, ...outcome.warnings.map((line) => `${line} (waarschuwing)`), ...outcome.refused]) report(line);
  if (!outcome.imported) throw new KaartFileError(outcome.message);
  return outcome.summary;
}

/** The texts of a kaart import, by kind: what a file, a folder or an HTTP body holds. */
export type KaartSource =
  | { format: 'hsds-json'; text: string }
  | { format: 'hsds-csv'; files: Record<string, string> }
  | { format: 'spreadsheet'; text: string };

export interface KaartTextImportOptions {
  scope: KaartScope;
  skipInvalid?: boolean;
  mergeDuplicates?: boolean;
  /** check only: everything is applied in a transaction that is rolled back, so the counts are exact and nothing is kept */
  dryRun?: boolean;
  /** term → theme code, in place of the shipped table (readTaxonomyMapping) */
  taxonomyMapping?: TaxonomyMapping;
  /** stored beside each record: `admin`, `national-token`, `coordinator-token`, `device:<id>` */
  updatedBy: string;
  /**
   * The choice "skip wrong values" in this face: its name ('"Foute waarden overslaan"', '--skip-invalid') and the verb
   * that asks for it ('kies', 'gebruik'): "of kies …" where it helps, the name alone where it would import nothing.
   */
  skip: { verb: string; name: string };
  /** what a spreadsheet's likely duplicate becomes and what the user can do, in this face's words (after "…al in de kaart te staan (zelfde KvK-nummer); ") */
  duplicateHint: string;
  /** called in the import's transaction after a real (not dry) import, e.g. for the audit log */
  afterApply?: (tx: Queryable, summary: KaartImportSummary) => Promise<void>;
  /** where each line of the answer points, in this face's words; the admin command's (`cliPlace`) when left out */
  place?: (place: ProblemPlace) => string;
}

/**
 * Where a line of an import's answer points, before its message: the whole file, a spreadsheet's row, an HSDS record
 * in the file (its table and its position) or one the kaart refused (its table and id), and the field.
 */
export interface ProblemPlace {
  format: KaartSource['format'];
  /** the HSDS record's kind; undefined for the whole file and for a spreadsheet's row */
  entity?: KaartEntity;
  /** HSDS JSON: the position in its list, 0-based; a CSV file (HSDS or spreadsheet): the row, the header is 1 */
  index?: number;
  /** the record's id, where it has no position */
  id?: string;
  /** a record the kaart refused (another owner's id, a conflict): named by its id, it has no place in the file */
  refused?: boolean;
  field?: string;
}

/** The admin command's words: "services[3]: latitude", "services.csv rij 4: name", "rij 2", "bestand", "services <id>: name". */
export function cliPlace({ format, entity, index, id, refused, field }: ProblemPlace): string {
  const at = index ?? id ?? '?';
  const where = entity === undefined ? (index === undefined ? 'bestand' : `rij ${index}`)
    : refused ? `${HSDS_TABLES[entity]} ${id}` : format === 'hsds-csv' ? `${HSDS_TABLES[entity]}.csv rij ${at}` : `${HSDS_TABLES[entity]}[${at}]`;
  return field ? `${where}: ${field}` : where;
}

/** What an import did or (dry run, or refused) would do, with every line to show. */
export interface KaartImportOutcome {
  /** written (never on a dry run) */
  imported: boolean;
  /** nothing wrong that stops the import with these options */
  acceptable: boolean;
  /** Dutch: what happened, or why nothing was imported */
  message: string;
  summary: KaartImportSummary;
  /** errors in the file: they stop the import unless skipInvalid leaves those records or values out */
  errors: string[];
  /** never stop the import: what the kaart does not take of a sound file, and (skipInvalid) the wrong values it dropped */
  warnings: string[];
  /** a spreadsheet's likely duplicates: told, never a reason to stop */
  notes: string[];
  /** fields the kaart does not keep, sorted */
  ignoredFields: string[];
  /** records the kaart refuses (another owner's id: id_in_use, broken references) */
  refused: string[];
  /** how many of the refused are another owner's id */
  idInUse: number;
}

/**
 * Imports texts into one scope in one transaction: all or nothing, unless skipInvalid leaves the wrong
 * records and values out. A dry run applies the good records the same way and rolls back.
 */
export async function importKaartTexts(db: Database, source: KaartSource, options: KaartTextImportOptions): Promise<KaartImportOutcome> {
  const { scope } = options;
  const place = options.place ?? cliPlace;
  const read = await readKaartSourceRecords(source, scope, {
    knownIds: new Set((await listLiveKaartKeys(db, scope)).map((key) => `${key.entity}:${key.id}`)),
    // only a spreadsheet compares with the stored entries (duplicates); an HSDS file needs their ids alone
    existing: async () => toDataSet((await listLiveKaartRecords(db, scope)).filter((record) => record.scope === scope)),
    mergeDuplicates: options.mergeDuplicates ?? false,
    duplicateHint: options.duplicateHint,
    taxonomyMapping: options.taxonomyMapping,
    place,
  });
  const repairs = read.repairs ?? [];
  // A wrong value is an error of the file: all or nothing refuses it, as the tablet does; kept, it is a warning of what
  // was dropped. A warning (what the kaart does not take) never stops an import, here or on the tablet.
  const errors = options.skipInvalid ? read.errors : [...read.errors, ...repairs];
  const warnings = options.skipInvalid ? [...repairs, ...read.warnings] : read.warnings;
  const base = { errors, warnings, notes: read.notes, ignoredFields: read.ignoredFields ?? [] };
  const empty: KaartImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: read.rejected };
  const fileErrors = `het bestand heeft ${errors.length} ${errors.length === 1 ? 'fout' : 'fouten'}. `;
  const nothing = options.dryRun ? 'Zo wordt niets geïmporteerd' : 'Niets geïmporteerd';
  if (read.fatal) return { ...base, imported: false, acceptable: false, summary: empty, refused: [], idInUse: 0, message: `${nothing}: ${fileErrors}Herstel het bestand.` };
  // A file that holds no entry at all (`{"organizations": []}`, a package of headers) is the wrong file, not a success.
  if (errors.length === 0 && read.rejected === 0 && Object.values(read.records).every((list) => list.length === 0)) {
    return { ...base, imported: false, acceptable: false, summary: empty, refused: [], idInUse: 0, message: `${nothing}: het bestand heeft geen gegevens van de sociale kaart (geen organisaties, diensten of locaties). Kies het goede bestand.` };
  }
  const stopsOnErrors = errors.length > 0 && !options.skipInvalid;
  // The themes are built in (themes.json): a kaart of an organisation refers to them without owning them.
  const records = scope === null ? read.records : { ...read.records, taxonomy_term: read.records.taxonomy_term.filter((term) => !themeById(term.id)) };

  let refusedResults: KaartApplied[] = [];
  let applied: KaartApplied[] = [];
  let imported = false;
  try {
    await writeTransaction(db, async (tx) => {
      const versions = await storedVersions(tx, dataSetKeys(records));
      applied = await applyKaartChanges(tx, { scope, editsKaart: true, updatedBy: options.updatedBy }, changesFromDataSet(records, versions));
      refusedResults = applied.filter((r) => r.outcome === 'rejected' || r.outcome === 'conflict');
      // A dry run, an import that stops, or one that skips every record (nothing good to write) rolls everything back;
      // the counts stay.
      if (options.dryRun || stopsOnErrors || (refusedResults.length > 0 && !options.skipInvalid) || skipsAll(applied, read.rejected)) throw new RolledBack();
      await options.afterApply?.(tx, summarise(applied, read.rejected, refusedResults.length));
      imported = true;
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  const summary = summarise(applied, read.rejected, refusedResults.length);
  const refused = refusedResults.map(({ result }) => line(place({
    format: source.format, entity: result.entity as KaartEntity, id: result.id, refused: true, field: result.field,
  }), result.code === ID_IN_USE ? ID_IN_USE_IN_FILE : result.message ?? 'conflict'));
  const idInUse = refusedResults.filter((r) => r.result.code === ID_IN_USE).length;
  const result = { ...base, refused, idInUse, summary };
  const refusedText = `${refusedResults.length} ${refusedResults.length === 1 ? 'gegeven kan' : 'gegevens kunnen'} niet in deze kaart${idInUse > 0 ? ` (${idInUse} met een id die al van een andere organisatie of van de landelijke gegevens is)` : ''}. `;
  // Skipping helps only where some record is good: where every one is wrong or refused, it would import nothing, and the
  // advice to skip (which the page's what-to-do leaves out there too) sent the coordinator to an empty import.
  const canSkip = summary.created + summary.updated + summary.unchanged > 0;
  const fixOrSkip = (fix: string) => (canSkip ? `${fix}, of ${options.skip.verb} ${options.skip.name} om alleen de goede gegevens te importeren.`
    : `${fix}. Er is geen enkel goed gegeven, dus ${options.skip.name} helpt hier niet.`);
  if (stopsOnErrors) return { ...result, imported: false, acceptable: false, message: `${nothing}: ${fileErrors}${fixOrSkip('Herstel ze')}` };
  if (refusedResults.length > 0 && !options.skipInvalid) return { ...result, imported: false, acceptable: false, message: `${nothing}: ${refusedText}${fixOrSkip('Herstel het bestand')}` };
  // Skipping every record leaves nothing to import: said so, not "kan worden geïmporteerd (0 nieuw, …, 3 overgeslagen)".
  if (skipsAll(applied, read.rejected)) {
    const all = summary.rejected === 1 ? 'het enige gegeven heeft' : `alle ${summary.rejected} gegevens hebben`;
    return { ...result, imported: false, acceptable: false, message: `${nothing}: ${all} een fout of ${summary.rejected === 1 ? 'kan' : 'kunnen'} niet in deze kaart, dus er is niets om te importeren. Herstel het bestand.` };
  }
  const counts = `${summary.created} nieuw, ${summary.updated} gewijzigd, ${summary.unchanged} ongewijzigd, ${summary.rejected} overgeslagen`;
  return { ...result, imported, acceptable: true, message: options.dryRun ? `Controle: het bestand kan worden geïmporteerd (${counts}). Er is nog niets opgeslagen.` : `Geïmporteerd: ${counts}.` };
}

/** Every record of the file skipped (wrong, or refused by the kaart), none to write: an import of nothing. */
function skipsAll(applied: readonly KaartApplied[], readRejected: number): boolean {
  return !applied.some((a) => a.outcome === 'created' || a.outcome === 'updated' || a.outcome === 'unchanged') && readRejected + applied.length > 0;
}

function summarise(applied: readonly KaartApplied[], readRejected: number, refused: number): KaartImportSummary {
  const count = (outcome: KaartApplied['outcome']) => applied.filter((a) => a.outcome === outcome).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: readRejected + refused };
}

/** The summary line the admin command prints. */
export function formatKaartSummary(summary: KaartImportSummary): string {
  return `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`;
}

/** Thrown inside the transaction to roll it back: a dry run, or a record that cannot be applied. */
class RolledBack extends Error {}

/** A record of the file whose id another organisation or the national entries have: the sync's words ("Uw wijziging blijft bewaard") are no help here. */
const ID_IN_USE_IN_FILE = 'Deze id is al van een andere organisatie of van de landelijke gegevens. Geef dit gegeven in het bestand een eigen id.';

/** One line of the answer: where, then what. */
const line = (where: string, message: string): string => `${where}: ${message}`;

interface ReadContext {
  knownIds: ReadonlySet<string>;
  existing: () => Promise<KaartDataSet>;
  mergeDuplicates: boolean;
  duplicateHint: string;
  taxonomyMapping?: TaxonomyMapping;
  place: (place: ProblemPlace) => string;
}

/** Reads HSDS JSON (.json), an HSDS CSV data package (a directory or its datapackage.json) or a library spreadsheet (.csv). */
async function readKaartSource(file: string): Promise<KaartSource> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new KaartFileError(`Kan ${file} niet lezen.`);
  if (info.isDirectory() || path.basename(file) === DATAPACKAGE_FILE) {
    const directory = info.isDirectory() ? file : path.dirname(file);
    const names = (await readdir(directory)).filter((name) => name.endsWith('.csv') || name === DATAPACKAGE_FILE);
    if (!names.some((name) => name.endsWith('.csv'))) throw new KaartFileError(`In ${directory} staan geen CSV-bestanden van een HSDS-datapakket.`);
    return { format: 'hsds-csv', files: Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readText(path.join(directory, name))] as const))) };
  }
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return { format: 'hsds-json', text: await readText(file) };
  if (lower.endsWith('.csv')) return { format: 'spreadsheet', text: await readText(file) };
  throw new KaartFileError('Onbekend soort bestand. Kies HSDS JSON (.json), een HSDS CSV-datapakket (een map of datapackage.json) of een spreadsheet (.csv).');
}

/** The records and problems of the texts, after the shared pure import functions. */
async function readKaartSourceRecords(source: KaartSource, scope: KaartScope, context: ReadContext): Promise<KaartFileRead> {
  const importOptions = {
    ownerOrganisationId: scope, dropInvalidValues: true, taxonomyMapping: context.taxonomyMapping,
    knownIds: (entity: string, id: string) => context.knownIds.has(`${entity}:${id.toLowerCase()}`),
  };
  if (source.format === 'hsds-csv') return fromHsds(importHsdsCsvPackage(source.files, importOptions), source.format, context.place);
  if (source.format === 'hsds-json') return fromHsds(importHsdsJson(source.text, importOptions), source.format, context.place);
  return fromSpreadsheet(source.text, scope, context, await context.existing());
}

/** A file's text as the tablet reads it: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 (Dutch Excel's CSV). */
async function readText(file: string): Promise<string> {
  const bytes = await readFile(file).catch(() => {
    throw new KaartFileError(`Kan ${file} niet lezen.`);
  });
  const decoded = decodeKaartFile(file, new Uint8Array(bytes));
  if (!decoded.ok) throw new KaartFileError(decoded.message);
  return decoded.text;
}

function fromHsds(result: KaartImportResult, format: 'hsds-json' | 'hsds-csv', place: ReadContext['place']): KaartFileRead {
  const rejected = new Set<string>();
  const describe = ({ entity, index, id, field, message }: KaartImportError) => line(place({ format, entity, index: entity === undefined ? undefined : index, id, field }), message);
  const errors = result.errors.map((error) => {
    if (error.entity !== undefined) rejected.add(`${error.entity}:${error.index ?? error.id}`);
    return describe(error);
  });
  return {
    records: result.records,
    errors,
    rejected: rejected.size,
    fatal: result.errors.some((error) => error.entity === undefined || error.index === undefined),
    notes: [],
    ignoredFields: result.ignoredFields,
    warnings: result.notices.map(describe),
    repairs: result.warnings.map(describe),
  };
}

function fromSpreadsheet(text: string, scope: KaartScope, { mergeDuplicates, duplicateHint, place }: ReadContext, stored: KaartDataSet): KaartFileRead {
  const row = (index: number) => place({ format: 'spreadsheet', index });
  const preview = previewSpreadsheet(text);
  const existing: ExistingKaart = { organizations: stored.organization, locations: stored.location, services: stored.service };
  // A row where a quote is missing swallowed the lines after it: it never imports (as on the tablet).
  const broken = brokenRowProblems(preview);
  let result = applyMapping(importableRows(preview), preview.mapping, existing, { ownerOrganisationId: scope });
  const warnings = result.warnings.map((warning) => line(row(warning.row), warning.message));
  const notes: string[] = [];
  for (const duplicate of [...result.duplicates]) {
    if (mergeDuplicates) result = mergeDuplicate(result, duplicate);
    else notes.push(line(row(duplicate.row), `de organisatie lijkt al in de kaart te staan (${duplicate.reason === 'kvk' ? 'zelfde KvK-nummer' : 'zelfde naam en postcode'}); ${duplicateHint}`));
  }
  const problems = [...preview.problems, ...result.errors];
  return {
    records: result.records,
    errors: problems.map((problem) => line(row(problem.row), problem.message)),
    rejected: new Set([...broken, ...result.errors].map((problem) => problem.row)).size,
    fatal: preview.problems.some((problem) => FILE_PROBLEMS.has(problem.code)),
    notes,
    warnings,
  };
}

/** `import-kaart --mapping FILE.json`: a mapping table in the shape of taxonomy-mapping.json, checked entry by entry. */
export async function readTaxonomyMappingFile(file: string): Promise<TaxonomyMapping> {
  const text = await readText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KaartFileError(`${file} is geen geldige JSON. Een tabel met thema’s heeft de vorm {"terms": {"term": "themacode"}}.`);
  }
  const read = readTaxonomyMapping(value);
  if (!read.ok) throw new KaartFileError(`De tabel met thema’s in ${file} is niet gebruikt; niets geïmporteerd.\n${read.problems.join('\n')}`);
  return read.mapping;
}
