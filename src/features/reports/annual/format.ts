const whole = new Intl.NumberFormat('nl-NL');
const decimal = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });

/** 12.345 */
export const count = (n: number): string => whole.format(n);
/** 0,35 */
export const ratio = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : decimal.format(n));
/** 35 % */
export const percent = (share: number): string => `${whole.format(Math.round(share * 100))} %`;
/** 2026-03-05 → 5 maart 2026 */
export const longDate = (day: string): string => new Date(`${day}T12:00:00Z`).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
