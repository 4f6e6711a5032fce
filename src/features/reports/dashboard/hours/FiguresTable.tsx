import '@utrecht/table-css/dist/index.css';
import type { PeriodFigures } from '../../../../shared/hours-insight';
import { decimal, percent, whole } from './format';

/**
 * The columns every stretch of days shows: hours, contacts, and the ratios. The long words carry a soft hyphen
 * (`\u00AD`, shown only where the word breaks): eight columns in one line, a column as wide as its longest word,
 * were 50–70 px wider than a portrait tablet's card (768 px), and the tables scrolled sideways.
 */
const COLUMNS: { label: string; value: (f: PeriodFigures) => string }[] = [
  { label: 'Uren per week', value: (f) => decimal(f.hoursPerWeek, 1) },
  { label: 'IDO-uren', value: (f) => decimal(f.idoHours, 1) },
  { label: 'Con\u00ADtacten', value: (f) => whole(f.contacts) },
  { label: 'Con\u00ADtacten per IDO-uur', value: (f) => decimal(f.contactsPerIdoHour) },
  { label: 'Vragen per contact', value: (f) => decimal(f.questionsPerContact) },
  { label: 'Opgelost', value: (f) => percent(f.shareSolved) },
  { label: 'Door\u00ADverwezen', value: (f) => percent(f.shareReferred) },
];

/** A table of stretches (months, before/after, scenarios): one row each, the same columns. */
export function FiguresTable({ id, caption, rowHeader, rows }: { id: string; caption: string; rowHeader: string; rows: { key: string; label: string; figures: PeriodFigures }[] }) {
  return (
    <div class="ido-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="utrecht-table utrecht-table--html-table ido-table ido-hours-figures" id={id}>
        <caption class="utrecht-table__caption">{caption}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">{rowHeader}</th>
            {COLUMNS.map((c) => <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={c.label}>{c.label}</th>)}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {rows.map((row) => (
            <tr class="utrecht-table__row" key={row.key}>
              <th class="utrecht-table__header-cell" scope="row">{row.label}</th>
              {COLUMNS.map((c) => <td class="utrecht-table__cell utrecht-table__cell--numeric" key={c.label}>{c.value(row.figures)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
