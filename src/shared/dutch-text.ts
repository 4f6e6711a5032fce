/** Small rules of Dutch sentences that every part writes the same way. */

/** ["a", "b", "c"] → "a, b en c". */
export function dutchList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/** First letter upper case ("loopt 3 uur achter" → "Loopt 3 uur achter"). */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
