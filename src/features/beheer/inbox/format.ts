import { TIME_ZONE } from '../../../shared/time';

/** A date (YYYY-MM-DD) as "3 maart 2026". */
export function dayText(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** An instant's day in Amsterdam as "24 november 2026". */
export function momentDayText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'een onbekende dag' : date.toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE });
}

/** An instant as "24 november 2026 om 10:15", in Amsterdam. */
export function momentText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'onbekend moment';
  const day = momentDayText(iso);
  const time = date.toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });
  return `${day} om ${time}`;
}
