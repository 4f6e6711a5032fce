/** Dutch number formats of the hours view: '–' where there is no figure. */
export const whole = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString('nl-NL', { maximumFractionDigits: 0 }));
export const decimal = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '–' : n.toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
export const percent = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${Math.round(n * 100)} %`);

const dayFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "3 februari 2025" for 2025-02-03. */
export const dutchDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
/** "februari 2025" for 2025-02. */
export const dutchMonth = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));
