/**
 * Defuses spreadsheet formulas in CSV we write, reversibly. A cell starting with = + - @ tab or CR
 * runs as a formula when a CSV is opened in Excel; such a cell gets a leading apostrophe. Plain
 * numbers and phone numbers ("+31 30 …", "-4.5") stay as they are. A cell that already starts with
 * an apostrophe before such a start gets one more, so reading back is exact.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-]?[\d\s().,/-]*$/;

function needsApostrophe(value: string): boolean {
  if (FORMULA_START.test(value) && !NUMBER_LIKE.test(value)) return true;
  return value.startsWith("'") && needsApostrophe(value.slice(1));
}

/** The cell as written to CSV. */
export function defuseCell(value: string): string {
  return needsApostrophe(value) ? `'${value}` : value;
}

/** The cell as read back from CSV written by defuseCell. */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") && needsApostrophe(cell.slice(1)) ? cell.slice(1) : cell;
}
