import { amsterdamDay } from '../../../shared/time';
import { adminCall, downloadAdminCsv } from '../api';

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

/** Sends the files' texts; `dryRun` checks only. */
export function postKaartImport(token: string, base: KaartBase, body: { format: string; files: { name: string; text: string }[]; skipInvalid: boolean; dryRun: boolean }): Promise<KaartImportAnswer> {
  return adminCall<KaartImportAnswer>(token, 'POST', `${base}/kaart-import`, body);
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

