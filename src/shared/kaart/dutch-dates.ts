import { isCalendarDay, MONTH_NAMES, yearMonth } from '../calendar';

/** Dutch names for days and dates in kaart texts (lower case, as inside a sentence). */
export const WEEKDAY_NAMES = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'] as const;

/** "2026-11-10" → "10 november", or "10 november 2026" with the year; what is no calendar day stays as it is. */
export function dutchDate(day: string, withYear = false): string {
  if (!isCalendarDay(day)) return day;
  const { year, month } = yearMonth(day);
  return `${Number(day.slice(8, 10))} ${MONTH_NAMES[month - 1]}${withYear ? ` ${year}` : ''}`;
}

/** ["a", "b", "c"] → "a, b en c". */
export function dutchList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/** First letter upper case. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
