import { dayText, monthText } from '../../../../shared/date-text';
import { dutchNumber } from '../../../../shared/count-text';
/** Dutch number formats of the hours view: '–' where there is no figure. */
export const whole = (n: number | null | undefined) => (n === null || n === undefined ? '–' : dutchNumber(n));
export const decimal = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '–' : dutchNumber(n, digits, digits));
export const percent = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${Math.round(n * 100)} %`);

/** "3 februari 2025" for 2025-02-03. */
export const dutchDay = dayText;
/** "februari 2025" for 2025-02. */
export const dutchMonth = monthText;
