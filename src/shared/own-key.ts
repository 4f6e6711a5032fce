/**
 * A lookup table's own entry for a key, or undefined. For keys that come from outside (a file's column, a code, a
 * field named in a message): `table[key]` would read Object.prototype's members for "__proto__", "constructor" or
 * "toString", and answer an object or a function where a string was meant.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
