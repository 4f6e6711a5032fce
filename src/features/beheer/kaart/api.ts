import { amsterdamDay } from '../../../shared/time';
import { AdminError, adminCall, downloadAdminCsv } from '../api';

/** The answer of `POST …/kaart-import` (docs/admin-api.md, "Sociale kaart importeren en exporteren"). */
export interface KaartImportAnswer {
  dryRun: boolean;
  imported: boolean;
  acceptable: boolean;
  message: string;
  format: 'hsds-json' | 'hsds-csv' | 'spreadsheet';
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  idInUse: number;
  errors: string[];
  errorCount: number;
  warnings: string[];
  warningCount: number;
  refused: string[];
  refusedCount: number;
  /** a spreadsheet's likely duplicates (the first 50), and how many */
  notes: string[];
  noteCount: number;
  /** fields the kaart does not know (the first 50), and how many */
  ignoredFields: string[];
  ignoredFieldCount: number;
}

/** The server takes at most this much per import (the route's own body limit). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/** The admin path of a kaart: an organisation's (`/organisations/<id>`) or the national entries (''). */
export type KaartBase = string;

/**
 * Sends the files' texts; `dryRun` checks only. An import the server refuses (400: nothing written) carries the same
 * answer, with the lines that say why: that answer is returned (`imported: false`), not thrown, so the page lists them.
 */
export async function postKaartImport(token: string, base: KaartBase, body: { format: string; files: { name: string; text: string }[]; skipInvalid: boolean; dryRun: boolean }): Promise<KaartImportAnswer> {
  try {
    return await adminCall<KaartImportAnswer>(token, 'POST', `${base}/kaart-import`, body);
  } catch (error) {
    const refused = error instanceof AdminError && error.status === 400 ? refusedImport(error.body) : undefined;
    if (refused) return refused;
    throw error;
  }
}

const LISTS = ['errors', 'warnings', 'refused', 'notes', 'ignoredFields'] as const;
const COUNTS = ['created', 'updated', 'unchanged', 'rejected', 'idInUse', 'errorCount', 'warningCount', 'refusedCount', 'noteCount', 'ignoredFieldCount'] as const;

/** The body of a 400 when it is a refused import's answer (every list of text, every count a number); else undefined (a wrong body: its message alone). */
export function refusedImport(body: unknown): KaartImportAnswer | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const answer = body as Record<string, unknown>;
  if (answer.imported !== false || answer.dryRun !== false || typeof answer.message !== 'string') return undefined;
  if (!LISTS.every((key) => Array.isArray(answer[key]) && (answer[key] as unknown[]).every((line) => typeof line === 'string'))) return undefined;
  if (!COUNTS.every((key) => Number.isSafeInteger(answer[key]) && (answer[key] as number) >= 0)) return undefined;
  return { ...(answer as unknown as KaartImportAnswer), acceptable: false };
}

export const EXPORT_FORMATS = [
  { format: 'hsds-3.0', text: 'HSDS 3.0 JSON downloaden', extension: 'json' },
  { format: 'hsds-3.0-csv', text: 'HSDS 3.0 CSV (zip) downloaden', extension: 'zip' },
] as const;

/** Downloads the kaart in a format, fetched with the token in the header and saved from a Blob. */
export function downloadKaartExport(token: string, base: KaartBase, format: (typeof EXPORT_FORMATS)[number]): Promise<void> {
  const name = `sociale-kaart-${format.format}-${amsterdamDay(new Date())}.${format.extension}`;
  return downloadAdminCsv(token, `${base}/kaart-export?format=${format.format}`, name);
}

