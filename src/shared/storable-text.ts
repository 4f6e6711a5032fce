/** Text PostgreSQL can store: the one check of every string a request brings to the database. */

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The Dutch message of `invalid_text` for such a string: what to do about it. */
export const UNSTORABLE_TEXT_MESSAGE = 'Dit veld bevat tekens die niet opgeslagen kunnen worden. Haal ze weg.';

/** Whether a string holds NUL or a lone surrogate (PostgreSQL text cannot hold NUL and jsonb refuses lone surrogates). */
export function isUnstorableText(value: string): boolean {
  return UNSTORABLE.test(value);
}

// Find such a string anywhere in a value before it breaks the transaction it would be written in.
/** The path of the first string in `value` PostgreSQL cannot store (`at` for the value itself), or undefined. */
export function unstorableTextPath(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return isUnstorableText(value) ? at : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextPath(value[i], `${at}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableTextPath(item, at ? `${at}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
