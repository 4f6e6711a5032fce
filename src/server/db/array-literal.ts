/**
 * A PostgreSQL array literal of these values, sent as one text parameter and cast (`$1::text[]`, `::date[]`,
 * `::uuid[]`, `::int[]`): PostgreSQL reads it faster than the same values as JSON. Every text element is quoted, with
 * `"` and `\` escaped, so commas, braces, spaces, an empty string or the word NULL stay the text they are. Numbers
 * must be finite; no element is NULL.
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  const parts = values.map((value) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`arrayLiteral: ${value} is not a finite number`);
      return String(value);
    }
    return `"${value.replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${parts.join(',')}}`;
}
