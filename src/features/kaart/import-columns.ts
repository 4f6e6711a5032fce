import {
  SPREADSHEET_FIELD_LABELS, type SpreadsheetField, type SpreadsheetImportResult, type SpreadsheetMapping, type SpreadsheetRow,
} from '../../shared/kaart';

/** The column-mapping screen's logic: one field per column and one column per field. */

/** Every kaart field a column can fill, in the order the labels list them. */
export const SPREADSHEET_FIELDS = Object.keys(SPREADSHEET_FIELD_LABELS) as SpreadsheetField[];

/** The field a column fills, or undefined for "niet importeren". */
export function fieldOfColumn(mapping: SpreadsheetMapping, column: number): SpreadsheetField | undefined {
  return SPREADSHEET_FIELDS.find((field) => mapping[field] === column);
}

/** Lets a column fill a field (or nothing); a field moves from the column that had it before. */
export function mapColumn(mapping: SpreadsheetMapping, column: number, field: SpreadsheetField | undefined): SpreadsheetMapping {
  const next: SpreadsheetMapping = {};
  for (const name of SPREADSHEET_FIELDS) {
    const current = mapping[name];
    if (current !== undefined && current !== column && name !== field) next[name] = current;
  }
  if (field) next[field] = column;
  return next;
}

/** The mapped fields, in label order: the columns of the preview table. */
export function mappedFields(mapping: SpreadsheetMapping): SpreadsheetField[] {
  return SPREADSHEET_FIELDS.filter((field) => mapping[field] !== undefined);
}

/** What a row's cell for a field will import, shortened for a table cell. */
export function cellText(row: SpreadsheetRow, mapping: SpreadsheetMapping, field: SpreadsheetField, max = 60): string {
  const column = mapping[field];
  const value = column === undefined ? '' : (row.cells[column] ?? '').trim();
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export type RowStatus = 'error' | 'duplicate' | 'warning' | 'ok';

/** How a row fares in the import: left out for an error, a possible duplicate, imported with a warning, or fine. */
export function rowStatus(row: number, result: SpreadsheetImportResult): RowStatus {
  if (result.errors.some((problem) => problem.row === row)) return 'error';
  if (result.duplicates.some((duplicate) => duplicate.row === row)) return 'duplicate';
  if (result.warnings.some((problem) => problem.row === row)) return 'warning';
  return 'ok';
}

/** The rows with at least one error. */
export function rowsWithErrors(result: Pick<SpreadsheetImportResult, 'errors'>): number[] {
  return [...new Set(result.errors.map((problem) => problem.row))].sort((a, b) => a - b);
}
