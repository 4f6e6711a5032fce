/** Text PostgreSQL can store: the one check of every string a request brings to the database. */

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The Dutch message of `invalid_text` for such a string: what to do about it. */
export const UNSTORABLE_TEXT_MESSAGE = 'Dit veld bevat tekens die niet opgeslagen kunnen worden. Haal ze weg.';

/** Whether a string holds NUL or a lone surrogate (PostgreSQL text cannot hold NUL and jsonb refuses lone surrogates). */
export function isUnstorableText(value: string): boolean {
  return UNSTORABLE.test(value);
}

/**
 * The path of the first string in `value` PostgreSQL cannot store (`at` for the value itself), or undefined. Walks
 * with a stack of its own, not by recursion: a body may nest a hundred thousand levels deep (JSON.parse takes it), and
 * recursion ran out of stack (RangeError, a 500).
 */
export function unstorableTextPath(value: unknown, at: string): string | undefined {
  const pending: [unknown, string][] = [[value, at]];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (isUnstorableText(item)) return path;
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push([item[i], `${path}[${i}]`]);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) pending.push([entries[i][1], path ? `${path}.${entries[i][0]}` : entries[i][0]]);
    }
  }
  return undefined;
}
