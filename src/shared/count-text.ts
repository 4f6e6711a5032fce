/**
 * "1 regel", "3 regels": a count with the word that fits it. Plain digits by default, as the tablet's
 * own counts are written (and no Intl, which would load ICU on the first screen); `format` for a count
 * that goes with Dutch thousands separators (`dutchNumber`).
 */
export const countText = (count: number, one: string, many: string, format: (n: number) => string = String): string =>
  `${format(count)} ${countWord(count, one, many)}`;

/** The word alone, where the count stands apart from it (a figure in bold): "contact" for 1, "contacten" else. */
export const countWord = (count: number, one: string, many: string): string => (count === 1 ? one : many);

/**
 * A number written the Dutch way: "4.000", "2,5", "-1.234,05". At most `maxDigits` decimals and at least `minDigits`:
 * what `toLocaleString('nl-NL', { minimumFractionDigits, maximumFractionDigits })` writes for a finite number (rounded
 * half away from zero on the number's shortest decimal form, so 1.005 is "1,01" as there), without Intl: the first
 * screen's messages use it too, and it is the one writer of every count and figure on the tablet and the laptop pages.
 */
export function dutchNumber(n: number, maxDigits = 0, minDigits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  // the shortest decimal digits of |n| and how many of them stand before the point
  const [mantissa, exponent] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const kept = Number(exponent) + 1 + maxDigits;
  const roundUp = kept >= 0 && (digits[kept] ?? '0') >= '5' ? 1n : 0n;
  const units = (kept > 0 ? BigInt(digits.slice(0, kept).padEnd(kept, '0')) : 0n) + roundUp;
  const text = units.toString().padStart(maxDigits + 1, '0');
  const whole = text.slice(0, text.length - maxDigits);
  const decimals = text.slice(text.length - maxDigits).replace(/0+$/, '').padEnd(Math.min(minDigits, maxDigits), '0');
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${decimals ? `,${decimals}` : ''}`;
}

/**
 * A whole number as people type or export it the Dutch way, the reader beside `dutchNumber`: "25736", "25.736",
 * "25 736" → 25736 (spaces anywhere, and a point only between groups of three digits); "25,7", "2.5", "-3", "1e9",
 * "٣" or "" → undefined. At most `maxDigits` digits.
 */
export function dutchWholeNumber(typed: string, maxDigits = 9): number | undefined {
  let text = typed.replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d{1,3}(\.\d{3})+$/.test(text)) text = text.replaceAll('.', '');
  return new RegExp(`^\\d{1,${maxDigits}}$`).test(text) ? Number(text) : undefined;
}
