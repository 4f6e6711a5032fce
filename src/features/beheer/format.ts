import type { DeviceRole } from '../../shared/api';
import { dayText, momentDayText, shortMomentText } from '../../shared/date-text';

/** A code's or token's kenmerk (shared/admin-api.ts): the lists show what the Logboek names. */
export { idMark } from '../../shared/admin-api';

/** "30 nov 2026, 14:05" in Amsterdam time, or the text for "none". */
export const dateTime = (iso: string | null, none = '–'): string => (iso ? shortMomentText(iso, none) : none);

/** "30 november 2026" for a timestamp (its day in Amsterdam) or a `YYYY-MM-DD` day. */
export const day = (value: string | null, none = '–'): string => (value ? (value.length === 10 ? dayText(value) : momentDayText(value, none)) : none);

export const ROLE_LABELS: Record<DeviceRole, string> = { medewerker: 'Medewerker', coordinator: 'Coördinator' };

const ACTION_LABELS: Record<string, string> = {
  'organisation.create': 'Organisatie gemaakt', 'organisation.rename': 'Organisatie hernoemd', 'organisation.deactivate': 'Organisatie gedeactiveerd', 'organisation.reactivate': 'Organisatie weer geactiveerd',
  'location.create': 'Locatie gemaakt', 'location.update': 'Locatie gewijzigd', 'location.close': 'Locatie gesloten',
  'code.create': 'Koppelcode gemaakt', 'code.revoke': 'Koppelcode ingetrokken', 'device.rename': 'Tablet hernoemd', 'device.revoke': 'Tablet ontkoppeld',
  'token.create': 'Toegangscode gemaakt', 'token.revoke': 'Toegangscode ingetrokken', 'municipalities.import': 'Inwonertallen ingelezen',
  'kaart.feedback.resolve': 'Melding "Klopt niet" afgehandeld', 'kaart.assure': 'Kaartgegeven gecontroleerd',
  'snelwijzer.create': 'Snelwijzerkaart gemaakt', 'snelwijzer.update': 'Snelwijzerkaart gewijzigd', 'snelwijzer.copy': 'Landelijke Snelwijzerkaart gekopieerd', 'snelwijzer.delete': 'Snelwijzerkaart verwijderd',
  'kaart.import': 'Sociale kaart geïmporteerd',
};

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

/** A short text of an audit row's before/after (`naam: Noord`), for the list; the CSV has the full JSON. */
export function changeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const one = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  // A list of objects (a location's hoursHistory) as their fields: join() would write "[object Object]".
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => `${key}: ${Array.isArray(v) ? v.map(one).join(', ') : one(v)}`).join('; ');
}
