/**
 * "1 regel", "3 regels": a count with the word that fits it. Plain digits by default, as the tablet's
 * own counts are written (and no Intl, which would load ICU on the first screen); `format` for a count
 * that goes with Dutch thousands separators (`dutchNumber`).
 */
export const countText = (count: number, one: string, many: string, format: (n: number) => string = String): string =>
  `${format(count)} ${count === 1 ? one : many}`;
