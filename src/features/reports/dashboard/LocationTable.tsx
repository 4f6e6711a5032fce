import '@utrecht/table-css/dist/index.css';
import { useState } from 'preact/hooks';
import { useViewId } from './Results';
import { dutchNumber } from '../../../shared/count-text';

export interface LocationRow {
  id: string;
  name: string;
  contacts: number;
  questions: number;
  questionsPerResident?: number;
  hoursPerWeek?: number;
  scenario?: string;
  staffing?: string;
}

type Column = { key: keyof LocationRow; label: string; numeric?: boolean };
const COLUMNS: Column[] = [
  { key: 'name', label: 'Locatie' },
  { key: 'contacts', label: 'Contacten', numeric: true },
  { key: 'questions', label: 'Vragen', numeric: true },
  { key: 'questionsPerResident', label: 'Vragen per 1.000 inwoners', numeric: true },
  { key: 'hoursPerWeek', label: 'IDO-uren per week', numeric: true },
  { key: 'scenario', label: 'Meeste hulp via' },
  { key: 'staffing', label: 'Geholpen door' },
];

const number = (value: number | undefined, digits = 0) => (value === undefined ? '–' : dutchNumber(value, digits));

/** Locations side by side, sortable, to test the hypotheses (more hours → more questions?). */
export function LocationTable({ rows }: { rows: LocationRow[] }) {
  const id = useViewId();
  const [sort, setSort] = useState<{ key: keyof LocationRow; descending: boolean }>({ key: 'contacts', descending: true });
  const sorted = [...rows].sort((a, b) => {
    const [x, y] = [a[sort.key], b[sort.key]];
    const order = typeof x === 'number' || typeof y === 'number' ? (Number(x ?? -1) - Number(y ?? -1)) : String(x ?? '').localeCompare(String(y ?? ''), 'nl');
    return sort.descending ? -order : order;
  });
  return (
    <section class="ido-card" aria-labelledby={id('locations-title')}>
      <h2 class="utrecht-heading-2" id={id('locations-title')}>Locaties</h2>
      {rows.length === 0 ? (
        // Only locations with contacts have a row: without any, a table of a header only said nothing.
        <p class="utrecht-paragraph" id={id('locations-empty')}>Er zijn nog geen contacten op een locatie in deze keuze. Zodra er contacten zijn, ziet u hier de cijfers per locatie naast elkaar.</p>
      ) : (
        <div class="ido-table-scroll">
          <table class="utrecht-table utrecht-table--html-table ido-table" id={id('location-table')}>
            <caption class="ido-visually-hidden">Locaties, gesorteerd op {COLUMNS.find((c) => c.key === sort.key)?.label}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                {COLUMNS.map((column) => (
                  <th class={`utrecht-table__header-cell${column.numeric ? ' utrecht-table__header-cell--numeric' : ''}`} scope="col" key={column.key}
                    aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                    <button type="button" class="ido-sort-button" onClick={() => setSort({ key: column.key, descending: sort.key === column.key ? !sort.descending : column.numeric === true })}>
                      {column.label}{sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {sorted.map((row) => (
                <tr class="utrecht-table__row" key={row.id}>
                  <th class="utrecht-table__header-cell" scope="row">{row.name}</th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric">{number(row.contacts)}</td>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric">{number(row.questions)}</td>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric">{number(row.questionsPerResident === undefined ? undefined : row.questionsPerResident * 1000, 2)}</td>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric">{number(row.hoursPerWeek, 1)}</td>
                  <td class="utrecht-table__cell">{row.scenario ?? '–'}</td>
                  <td class="utrecht-table__cell">{row.staffing ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
