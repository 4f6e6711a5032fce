import Papa from 'papaparse';

/*
 * The one CSV writer of the project: the reports and statistics, group sessions, the audit log and the
 * kaart's CSV packages all write through it, on the server and on the tablet.
 *
 * Quoting (RFC 4180, by papaparse's `unparse`): a cell is quoted when it holds the delimiter, a double
 * quote, CR or LF, or starts or ends with a space; quotes inside are doubled. Every line ends in CRLF,
 * the last one too.
 *
 * Formula guard (OWASP "CSV injection"): a text cell that starts with = + - @ tab or CR gets a leading
 * apostrophe, so a spreadsheet shows it instead of running it. One exception: a cell that is only a
 * number or a phone number after its + or - (digits, spaces, ( ) . , / -) stays as it is. Such a cell
 * holds no letter, so it cannot name a function, a cell or another program; phone numbers like
 * "+31 30 123 45 67" and amounts like "-4.5" keep their value for every other reader. A cell that
 * already starts with apostrophes before such a start gets one more, so `restoreCell` reads back
 * exactly what was written (the kaart's import relies on that).
 *
 * Typed values: null and undefined are empty, numbers are written as numbers (never guarded; with a
 * decimal comma in `;` files, for Dutch spreadsheets), booleans as "ja"/"nee".
 */

/** `;` (Dutch Excel's default) or `,`. */
export type CsvDelimiter = 'semicolon' | 'comma';
/** What a cell may be given as. */
export type CsvValue = string | number | boolean | null | undefined;

/** UTF-8 byte order mark: Excel reads the file as UTF-8 only with it. */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-]?[\d ().,/-]*$/;

function needsApostrophe(text: string): boolean {
  if (FORMULA_START.test(text) && !NUMBER_LIKE.test(text)) return true;
  return text.startsWith("'") && needsApostrophe(text.slice(1));
}

/** A text cell as written: with the formula guard's apostrophe where it needs one. */
export function defuseCell(text: string): string {
  return needsApostrophe(text) ? `'${text}` : text;
}

/** A cell as read back from CSV this module wrote: the guard's apostrophe taken off again. */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") && needsApostrophe(cell.slice(1)) ? cell.slice(1) : cell;
}

/** The text of one cell before quoting. */
export function cellText(value: CsvValue, delimiter: CsvDelimiter = 'comma'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return delimiter === 'semicolon' ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  return defuseCell(value);
}

/** Rows as CSV text, each line CRLF-terminated; the first row is the header when there is one. */
export function csvRows(rows: readonly (readonly CsvValue[])[], delimiter: CsvDelimiter = 'comma'): string {
  if (rows.length === 0) return '';
  const cells = rows.map((row) => row.map((value) => cellText(value, delimiter)));
  return `${Papa.unparse(cells, { delimiter: delimiter === 'semicolon' ? ';' : ',', newline: '\r\n' })}\r\n`;
}

/** One line, CRLF-terminated. */
export function csvLine(cells: readonly CsvValue[], delimiter: CsvDelimiter = 'comma'): string {
  return csvRows([cells], delimiter);
}
