import type { CsvDelimiter } from '../../shared/reports';

/** UTF-8 byte order mark: Excel reads the file as UTF-8 only with it. */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[";,\r\n]/;

/**
 * One cell as RFC 4180 wants it: quoted when it holds a quote, `;`, `,` or a line break, quotes doubled.
 * A text starting with = + - @ (or tab, CR) gets a leading apostrophe, so a spreadsheet shows it instead of
 * running it as a formula. Numbers are written as they are, with a decimal comma for `;` files.
 */
export function csvCell(value: string | number | boolean | null | undefined, delimiter: CsvDelimiter): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return delimiter === 'semicolon' ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, CRLF-terminated as RFC 4180 says. */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[], delimiter: CsvDelimiter): string {
  return `${cells.map((cell) => csvCell(cell, delimiter)).join(delimiter === 'semicolon' ? ';' : ',')}\r\n`;
}

/** The file name a download gets, e.g. ido-vragen-2025-01-01-2025-12-31.csv. */
export function csvFileName(kind: string, from: string | undefined, to: string | undefined): string {
  return `ido-${kind}${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`;
}
