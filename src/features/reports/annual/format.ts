import { dayText } from '../../../shared/date-text';
const whole = new Intl.NumberFormat('nl-NL');
const decimal = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });
const significant = new Intl.NumberFormat('nl-NL', { maximumSignificantDigits: 2 });

/** 12.345 */
export const count = (n: number): string => whole.format(n);
/** 0,35; a small figure that two decimals would make 0 keeps two digits (2 questions per 931.000 inwoners: 0,0021 per 1.000, not 0) */
export const ratio = (n: number | null | undefined): string => {
  if (n === null || n === undefined) return '–';
  return n !== 0 && Math.abs(n) < 0.005 ? significant.format(n) : decimal.format(n);
};
/** 35 % */
export const percent = (share: number): string => `${whole.format(Math.round(share * 100))} %`;
/** 2026-03-05 → 5 maart 2026 */
export const longDate = dayText;
