/** What an array literal holds: texts, finite numbers, booleans, NULL, and arrays of those (as one text each). */
export type ArrayElement = string | number | boolean | null | readonly (string | number | boolean | null)[];

/**
 * A PostgreSQL array literal of these values, sent as one text parameter and cast (`$1::text[]`, `::date[]`,
 * `::uuid[]`, `::int[]`, `::boolean[]`): PostgreSQL reads it faster than the same values as JSON. Every text element
 * is quoted, with `"` and `\` escaped, so commas, braces, spaces, an empty string or the word NULL stay the text they
 * are; null is NULL. Numbers must be finite. An element that is an array becomes the text of its own literal: cast it
 * per row (`unnest($1::text[])` gives `'{a,b}'`, `::text[]` makes it an array again), as a ragged array of arrays
 * cannot be one PostgreSQL array.
 */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  // One string built along, a text escaped only when it holds " or \: a batch's delta arrays 5.0 -> 1.7 ms.
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    if (value === null) out += 'NULL';
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`arrayLiteral: ${value} is not a finite number`);
      out += String(value);
    } else if (typeof value === 'boolean') out += value ? 't' : 'f';
    else out += quoted(typeof value === 'string' ? value : arrayLiteral(value));
  }
  return `${out}}`;
}

const SPECIAL = /["\\]/;
const quoted = (text: string) => (SPECIAL.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`);

/**
 * One array literal per column of these rows, in the columns' order: the parameters of an `unnest` that takes one
 * array per column (a row at each index).
 */
export function columnArrays<K extends string, T extends { readonly [P in K]: ArrayElement }>(rows: readonly T[], columns: readonly K[]): string[] {
  return columns.map((column) => arrayLiteral(rows.map((row) => row[column])));
}
