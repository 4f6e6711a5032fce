import type { ComponentChildren } from 'preact';

interface AdminTableProps {
  id?: string;
  /** what the table is, for screen readers (the caption is visually hidden: the heading above says it) */
  caption: string;
  headers: readonly string[];
  /** the text of the one row shown when there are no rows */
  empty: string;
  rows: number;
  /** the rows: `<tr class="utrecht-table__row">` with a row header and cells with `data-label` (cards below 900 px) */
  children: ComponentChildren;
}

/** A beheer list as a table (cards on a tablet held upright, beheer.css), with its "nothing yet" row. */
export function AdminTable({ id, caption, headers, empty, rows, children }: AdminTableProps) {
  return (
    <div class="ido-table-scroll">
      <table class="utrecht-table utrecht-table--html-table ido-table ido-beheer-table" id={id}>
        <caption class="ido-visually-hidden">{caption}</caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">
          {headers.map((h) => <th class="utrecht-table__header-cell" scope="col" key={h}>{h}</th>)}
        </tr></thead>
        <tbody class="utrecht-table__body">
          {rows === 0 && <tr class="utrecht-table__row"><td class="utrecht-table__cell" colSpan={headers.length}>{empty}</td></tr>}
          {children}
        </tbody>
      </table>
    </div>
  );
}
