import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  applyMapping, DATAPACKAGE_FILE, type ExistingKaart, HSDS_TABLES, importHsdsCsvPackage, importHsdsJson, type KaartDataSet,
  type KaartImportError, type KaartImportResult, type KaartScope, mergeDuplicate, previewSpreadsheet, themeById,
} from '../../shared/kaart';
import type { Database } from '../db/database';
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
  /** ignored fields, warnings, duplicates */
  notes: string[];
  /** wrong values dropped from records that are kept: notes with --skip-invalid, errors without (all or nothing) */
  repairs?: string[];
}

// Problems with the whole spreadsheet rather than one row.
const FILE_PROBLEMS = new Set(['empty_file', 'too_many_rows', 'missing_column']);

/** Imports a kaart file into one scope; returns the summary, or throws KaartFileError and applies nothing. */
export async function importKaartFile(db: Database, file: string, options: KaartFileImportOptions): Promise<KaartImportSummary> {
  const { scope, report } = options;
  const read = await readKaartFile(file, scope, {
    knownIds: new Set((await listLiveKaartKeys(db, scope)).map((key) => `${key.entity}:${key.id}`)),
    // only a spreadsheet compares with the stored entries (duplicates); an HSDS file needs their ids alone
    existing: async () => toDataSet((await listLiveKaartRecords(db, scope)).filter((record) => record.scope === scope)),
    mergeDuplicates: options.mergeDuplicates ?? false,
  });
  const repairs = read.repairs ?? [];
  const errorLines = options.skipInvalid ? read.errors : [...read.errors, ...repairs];
  for (const line of [...errorLines, ...read.notes, ...(options.skipInvalid ? repairs.map((line) => `${line} (waarschuwing)`) : [])]) report(line);
  if (read.fatal || (errorLines.length > 0 && !options.skipInvalid)) {
    throw new KaartFileError(`Niets geïmporteerd: het bestand heeft ${errorLines.length} ${errorLines.length === 1 ? 'fout' : 'fouten'}. `
      + (read.fatal ? 'Herstel het bestand.' : 'Herstel ze, of gebruik --skip-invalid om alleen de goede gegevens te importeren.'));
  }
  // The themes are built in (themes.json): a kaart of an organisation refers to them without owning them.
  const records = scope === null ? read.records : { ...read.records, taxonomy_term: read.records.taxonomy_term.filter((term) => !themeById(term.id)) };

  let refusedResults: KaartApplied[] = [];
  try {
    const applied = await db.transaction(async (tx) => {
      const versions = await storedVersions(tx, dataSetKeys(records));
      const results = await applyKaartChanges(tx, { scope, editsKaart: true, updatedBy: 'admin' }, changesFromDataSet(records, versions));
      refusedResults = results.filter((r) => r.outcome === 'rejected' || r.outcome === 'conflict');
      if (refusedResults.length > 0 && !options.skipInvalid) throw new RefusedImport();
      return results;
    });
    for (const refused of refusedResults) report(describeRefused(refused));
    const count = (outcome: KaartApplied['outcome']) => applied.filter((a) => a.outcome === outcome).length;
    return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: read.rejected + refusedResults.length };
  } catch (error) {
    if (!(error instanceof RefusedImport)) throw error;
    for (const refused of refusedResults) report(describeRefused(refused));
    throw new KaartFileError(`Niets geïmporteerd: ${refusedResults.length} ${refusedResults.length === 1 ? 'gegeven kan' : 'gegevens kunnen'} niet in deze kaart. `
      + 'Herstel het bestand, of gebruik --skip-invalid om alleen de goede gegevens te importeren.');
  }
}

/** The summary line the admin command prints. */
export function formatKaartSummary(summary: KaartImportSummary): string {
  return `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`;
}

/** Thrown inside the transaction to roll it back when a record cannot be applied. */
class RefusedImport extends Error {}

function describeRefused({ result }: KaartApplied): string {
  return `${HSDS_TABLES[result.entity as keyof typeof HSDS_TABLES] ?? result.entity} ${result.id}: ${result.field ? `${result.field}: ` : ''}${result.message ?? 'conflict'}`;
}

interface ReadContext {
  knownIds: ReadonlySet<string>;
  existing: () => Promise<KaartDataSet>;
  mergeDuplicates: boolean;
}

/** Reads HSDS JSON (.json), an HSDS CSV data package (a directory or its datapackage.json) or a library spreadsheet (.csv). */
async function readKaartFile(file: string, scope: KaartScope, context: ReadContext): Promise<KaartFileRead> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new KaartFileError(`Kan ${file} niet lezen.`);
  const importOptions = { ownerOrganisationId: scope, dropInvalidValues: true, knownIds: (entity: string, id: string) => context.knownIds.has(`${entity}:${id.toLowerCase()}`) };
  if (info.isDirectory() || path.basename(file) === DATAPACKAGE_FILE) {
    const directory = info.isDirectory() ? file : path.dirname(file);
    const names = (await readdir(directory)).filter((name) => name.endsWith('.csv') || name === DATAPACKAGE_FILE);
    if (!names.some((name) => name.endsWith('.csv'))) throw new KaartFileError(`In ${directory} staan geen CSV-bestanden van een HSDS-datapakket.`);
    const files = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readText(path.join(directory, name))] as const)));
    return fromHsds(importHsdsCsvPackage(files, importOptions), (entity, index) => `${entity}.csv rij ${index}`);
  }
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return fromHsds(importHsdsJson(await readText(file), importOptions), (entity, index) => `${entity}[${index}]`);
  if (lower.endsWith('.csv')) return fromSpreadsheet(await readText(file), scope, context.mergeDuplicates, await context.existing());
  throw new KaartFileError('Onbekend soort bestand. Kies HSDS JSON (.json), een HSDS CSV-datapakket (een map of datapackage.json) of een spreadsheet (.csv).');
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => {
    throw new KaartFileError(`Kan ${file} niet lezen.`);
  });
}

function fromHsds(result: KaartImportResult, where: (table: string, index: number | string) => string): KaartFileRead {
  const rejected = new Set<string>();
  const line = (error: KaartImportError) => {
    const place = error.entity === undefined ? 'bestand' : where(HSDS_TABLES[error.entity], error.index ?? error.id ?? '?');
    return `${place}: ${error.field ? `${error.field}: ` : ''}${error.message}`;
  };
  const errors = result.errors.map((error) => {
    if (error.entity !== undefined) rejected.add(`${error.entity}:${error.index ?? error.id}`);
    return line(error);
  });
  return {
    records: result.records,
    errors,
    rejected: rejected.size,
    fatal: result.errors.some((error) => error.entity === undefined || error.index === undefined),
    notes: result.ignoredFields.length > 0 ? [`genegeerde velden: ${result.ignoredFields.join(', ')}`] : [],
    repairs: result.warnings.map(line),
  };
}

function fromSpreadsheet(text: string, scope: KaartScope, mergeDuplicates: boolean, stored: KaartDataSet): KaartFileRead {
  const preview = previewSpreadsheet(text);
  const existing: ExistingKaart = { organizations: stored.organization, locations: stored.location, services: stored.service };
  let result = applyMapping(preview.rows, preview.mapping, existing, { ownerOrganisationId: scope });
  const notes = result.warnings.map((warning) => `rij ${warning.row}: ${warning.message} (waarschuwing)`);
  for (const duplicate of [...result.duplicates]) {
    if (mergeDuplicates) result = mergeDuplicate(result, duplicate);
    else notes.push(`rij ${duplicate.row}: de organisatie lijkt al in de kaart te staan (${duplicate.reason === 'kvk' ? 'zelfde KvK-nummer' : 'zelfde naam en postcode'}); ze is als nieuwe toegevoegd. Gebruik --merge-duplicates om samen te voegen.`);
  }
  const problems = [...preview.problems, ...result.errors];
  return {
    records: result.records,
    errors: problems.map((problem) => `rij ${problem.row}: ${problem.message}`),
    rejected: new Set(result.errors.map((problem) => problem.row)).size,
    fatal: preview.problems.some((problem) => FILE_PROBLEMS.has(problem.code)),
    notes,
  };
}
