import type { KaartEntity, KaartImportError, KaartImportResult } from '../../shared/kaart';
import { countRecords, type ImportPlan } from './import-plan';
import { dutchNumber } from '../../shared/count-text';

/**
 * What the import page shows of an HSDS file before anything is stored: counts, the first errors
 * and warnings, and what the import will do. Small on purpose: the records themselves stay in
 * the import worker, so a directory of 100,000+ records never crosses to the page's thread.
 */

/** As many errors or warnings as the page lists; the rest are counted. */
export const SHOWN_PROBLEMS = 100;

/** An import plan without its records: what the button and the notes beside it say. */
export type PlanSummary = Omit<ImportPlan, 'edits'> & {
  /** records to write */
  changes: number;
};

export interface HsdsPreview {
  format: 'hsds-json' | 'hsds-csv';
  fileName: string;
  counts: Record<KaartEntity, number>;
  /** problems with the whole file */
  fileErrors: string[];
  recordErrors: KaartImportError[];
  recordErrorCount: number;
  /** wrong values dropped from records that are kept: "alles of niets" refuses them like errors */
  warnings: KaartImportError[];
  warningCount: number;
  /** what the kaart does not take of a sound file (a location's other addresses): told, never a reason to stop */
  notices: KaartImportError[];
  noticeCount: number;
  /** records with an error: they add nothing */
  failedRecords: number;
  /** records kept without a wrong value ("alles of niets" refuses them like errors) */
  repairedRecords: number;
  ignoredFields: string[];
  replacedIds: number;
  plan: PlanSummary;
}

/** The plan as the page needs it. */
export function summarizePlan({ edits, ...rest }: ImportPlan): PlanSummary {
  return { ...rest, changes: edits.length };
}

/** The preview of a read HSDS file and its plan. */
export function summarizeHsds(format: HsdsPreview['format'], fileName: string, result: KaartImportResult, plan: ImportPlan): HsdsPreview {
  const fileErrors = result.errors.filter((error) => error.entity === undefined).map((error) => error.message);
  const recordErrors = result.errors.filter((error) => error.entity !== undefined);
  return {
    format, fileName,
    counts: countRecords(result.records),
    fileErrors,
    recordErrors: recordErrors.slice(0, SHOWN_PROBLEMS),
    recordErrorCount: recordErrors.length,
    warnings: result.warnings.slice(0, SHOWN_PROBLEMS),
    warningCount: result.warnings.length,
    notices: result.notices.slice(0, SHOWN_PROBLEMS),
    noticeCount: result.notices.length,
    failedRecords: new Set(recordErrors.map((error) => `${error.entity}:${error.index ?? error.id}`)).size,
    repairedRecords: new Set(result.warnings.map((warning) => `${warning.entity}:${warning.index ?? warning.id}`)).size,
    ignoredFields: result.ignoredFields,
    replacedIds: result.replacedIds,
    plan: summarizePlan(plan),
  };
}

/** Where an import is, as the worker tells the page. */
export type ImportProgress =
  | { phase: 'reading'; done: number; total: number }
  | { phase: 'checking' }
  | { phase: 'writing'; done: number; total: number; services: number };

/** "12.000" */

/**
 * The words for a progress report. While writing, the services count goes with all records
 * written (a service's phones and hours come after it), so it ends at the total when all is in.
 */
export function progressText(progress: ImportProgress): string {
  switch (progress.phase) {
    case 'reading': return `Bestand lezen: ${dutchNumber(Math.round(progress.done / 1e6))} van ${dutchNumber(Math.max(1, Math.round(progress.total / 1e6)))} MB`;
    case 'checking': return 'Gegevens controleren…';
    case 'writing': {
      const services = progress.total === 0 ? 0 : Math.floor((progress.services * progress.done) / progress.total);
      return `${dutchNumber(services)} van ${dutchNumber(progress.services)} diensten verwerkt`;
    }
  }
}
