import { addDays } from '../../shared/calendar';
import { dayText, wallClockParts } from '../../shared/date-text';

/**
 * The form's start time as a sentence part at B1 level: "vandaag om 21:47", "gisteren om 14:05",
 * "3 december om 14:05", or with the year when it is not this year's ("30 december 2025 om 09:00").
 * `local` is the draft's wall clock in Amsterdam (`YYYY-MM-DDTHH:MM`), `today` Amsterdam's day;
 * undefined for anything else, such as a half-typed value (the form then shows the date field itself).
 */
export function startedAtText(local: string, today: string): string | undefined {
  const parts = wallClockParts(local);
  if (!parts) return undefined;
  const { day, time } = parts;
  if (day === today) return `vandaag om ${time}`;
  if (day === addDays(today, -1)) return `gisteren om ${time}`;
  return `${dayText(day, day.slice(0, 4) !== today.slice(0, 4))} om ${time}`;
}
