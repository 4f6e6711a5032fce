import '@utrecht/select-css/dist/index.css';
import '@utrecht/table-css/dist/index.css';
import '@utrecht/form-label-css/dist/index.css';
import { SPREADSHEET_FIELD_LABELS, type SpreadsheetField, type SpreadsheetImportResult, type SpreadsheetMapping, type SpreadsheetRow } from '../../shared/kaart';
import { cellText, fieldOfColumn, mapColumn, mappedFields, rowStatus, SPREADSHEET_FIELDS, type RowStatus } from './import-columns';
import { countText } from '../../shared/count-text';
import { cutText } from '../../shared/text-length';

/** How many rows the preview table shows. */
export const PREVIEW_ROWS = 10;

interface MappingTableProps {
  headers: string[];
  rows: SpreadsheetRow[];
  mapping: SpreadsheetMapping;
  onChange: (mapping: SpreadsheetMapping) => void;
}

/** Per column of the file: its name, an example value and the kaart field it fills (a select, preset by the guess). */
export function MappingTable({ headers, rows, mapping, onChange }: MappingTableProps) {
  const example = rows[0];
  return (
    <div class="ido-table-scroll" role="region" aria-labelledby="import-mapping-caption" tabIndex={0}>
      <table class="utrecht-table utrecht-table--html-table ido-table">
        <caption class="utrecht-table__caption" id="import-mapping-caption">Welke kolom is wat?</caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">
          <th class="utrecht-table__header-cell" scope="col">Kolom in uw bestand</th>
          <th class="utrecht-table__header-cell" scope="col">Voorbeeld{example ? ` (rij ${example.row})` : ''}</th>
          <th class="utrecht-table__header-cell" scope="col">Wordt in de kaart</th>
        </tr></thead>
        <tbody class="utrecht-table__body">
          {headers.map((header, column) => {
            const field = fieldOfColumn(mapping, column);
            const id = `import-column-${column}`;
            return (
              <tr class="utrecht-table__row" key={column}>
                <th class="utrecht-table__header-cell" scope="row"><label class="utrecht-form-label" for={id}>{header || `Kolom ${column + 1} (zonder naam)`}</label></th>
                <td class="utrecht-table__cell">{example ? cellTextAt(example, column) : ''}</td>
                <td class="utrecht-table__cell">
                  <select class="utrecht-select utrecht-select--html-select" id={id} value={field ?? ''}
                    onChange={(e) => onChange(mapColumn(mapping, column, (e.currentTarget.value || undefined) as SpreadsheetField | undefined))}>
                    <option value="">Niet importeren</option>
                    {SPREADSHEET_FIELDS.map((name) => <option key={name} value={name}>{SPREADSHEET_FIELD_LABELS[name]}</option>)}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const cellTextAt = (row: SpreadsheetRow, column: number) => cutText((row.cells[column] ?? '').trim(), 40);

const STATUS_TEXT: Record<RowStatus, string> = { error: 'Fout, wordt niet geïmporteerd', duplicate: 'Lijkt al in de kaart te staan', warning: 'Let op', ok: 'Goed' };

interface PreviewTableProps {
  rows: SpreadsheetRow[];
  mapping: SpreadsheetMapping;
  result: SpreadsheetImportResult;
}

/** The first rows as the chosen mapping will import them, with how each row fares. */
export function PreviewTable({ rows, mapping, result }: PreviewTableProps) {
  const fields = mappedFields(mapping);
  const shown = rows.slice(0, PREVIEW_ROWS);
  return (
    <div class="ido-table-scroll" role="region" aria-labelledby="import-preview-caption" tabIndex={0}>
      <table class="utrecht-table utrecht-table--html-table ido-table">
        <caption class="utrecht-table__caption" id="import-preview-caption">
          {rows.length > shown.length ? `De eerste ${shown.length} van ${rows.length} rijen` : `Alle ${countText(rows.length, 'rij', 'rijen')}`}, zoals ze in de kaart komen
        </caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">
          <th class="utrecht-table__header-cell" scope="col">Rij</th>
          <th class="utrecht-table__header-cell" scope="col">Resultaat</th>
          {fields.map((field) => <th class="utrecht-table__header-cell" scope="col" key={field}>{SPREADSHEET_FIELD_LABELS[field]}</th>)}
        </tr></thead>
        <tbody class="utrecht-table__body">
          {shown.map((row) => {
            const status = rowStatus(row.row, result);
            return (
              <tr class="utrecht-table__row" key={row.row}>
                <th class="utrecht-table__header-cell" scope="row">{row.row}</th>
                <td class="utrecht-table__cell">{status === 'error' ? <strong>{STATUS_TEXT[status]}</strong> : STATUS_TEXT[status]}</td>
                {fields.map((field) => <td class="utrecht-table__cell" key={field}>{cellText(row, mapping, field)}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
