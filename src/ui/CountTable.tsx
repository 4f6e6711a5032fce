import '@utrecht/table-css/dist/index.css';

export interface CountRow {
  key: string;
  label: string;
  contacts: number;
  questions: number;
}

interface CountTableProps {
  id: string;
  title: string;
  rows: CountRow[];
  /** the caption only for screen readers (a heading beside the table already names it) */
  captionHidden?: boolean;
  emptyText?: string;
}

/** A table of contacts and questions per row: the tablet's overview and each chart's table view. */
export function CountTable({ id, title, rows, captionHidden, emptyText }: CountTableProps) {
  return (
    <table class="utrecht-table utrecht-table--html-table ido-table" id={id} aria-labelledby={captionHidden ? undefined : `${id}-caption`}>
      <caption class={captionHidden ? 'ido-visually-hidden' : 'utrecht-table__caption'} id={`${id}-caption`}>{title}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          <th class="utrecht-table__header-cell" scope="col">{title}</th>
          <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">Contacten</th>
          <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">Vragen</th>
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {rows.length === 0 && emptyText && <tr class="utrecht-table__row"><td class="utrecht-table__cell" colSpan={3}>{emptyText}</td></tr>}
        {rows.map((row) => (
          <tr class="utrecht-table__row" key={row.key}>
            <th class="utrecht-table__header-cell" scope="row">{row.label}</th>
            <td class="utrecht-table__cell utrecht-table__cell--numeric">{row.contacts}</td>
            <td class="utrecht-table__cell utrecht-table__cell--numeric">{row.questions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
