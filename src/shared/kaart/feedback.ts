import { findPersonalData, personalDataMessages } from '../personal-data';
import { isUuid } from '../ids';
import type { ValidationError } from '../validation';
import { syncedRecordFields } from './sync-record';
import { isLongerThan, tooLongText } from '../text-length';

/**
 * "Klopt niet": a member of staff marks a kaart entry as wrong, with a short note for the coordinator.
 * A local entity beside HSDS's (docs/api-extensions.md): the spec asks for a note "stored and synced"
 * but names no entity for it. Its scope is the organisation of the tablet that wrote it. The tablet
 * queues it as a kaart change of entity `feedback`; the server checks it again with the same rules.
 */
export interface KaartFeedbackFields {
  id: string;
  /** the service that is wrong */
  service_id: string;
  /** what is wrong, for the coordinator (may be empty); never personal data */
  note: string;
  /** ISO 8601 instant the note was written */
  created_at: string;
  /** the coordinator handled it */
  resolved: boolean;
}

/** The longest note, in characters (UTF-16 code units, as `String.length` counts). */
export const FEEDBACK_NOTE_MAX = 500;
const FIELDS = ['id', 'service_id', 'note', 'created_at', 'resolved'] as const;
/** The fields a coordinator may not change: only `resolved` is theirs to set. */
export const FEEDBACK_FIXED_FIELDS = ['service_id', 'note', 'created_at'] as const;

/** The one message for a note over FEEDBACK_NOTE_MAX characters (textLength), on the tablet and on the server. */
export function feedbackTooLong(note: string): string {
  return `Gebruik ${tooLongText(FEEDBACK_NOTE_MAX, note)}`;
}

/** Checks a feedback record like validateKaartRecord checks the others: `{field, code, message}[]`, Dutch. */
export function validateFeedback(data: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const add = (field: string, code: string, message: string) => errors.push({ field, code, message });
  const record = syncedRecordFields(data, FIELDS, 'Deze melding is leeg of ongeldig.', add);
  if (!record) return errors;
  if (!isUuid(record.id)) add('id', 'invalid_id', 'Deze melding heeft geen geldige id.');
  if (!isUuid(record.service_id)) add('service_id', 'invalid_id', 'Kies de dienst waar de melding over gaat.');
  const note = record.note;
  // The note may be empty: the mark alone tells the coordinator to check the entry.
  if (typeof note !== 'string') add('note', 'invalid_text', 'De toelichting moet tekst zijn.');
  else if (isLongerThan(note, FEEDBACK_NOTE_MAX)) add('note', 'too_long', feedbackTooLong(note));
  else {
    const [kind] = findPersonalData(note);
    if (kind) add('note', 'personal_data', personalDataMessages[kind]);
  }
  const createdAt = record.created_at;
  if (typeof createdAt !== 'string' || createdAt.length > 40 || !/^\d{4}-\d{2}-\d{2}T/.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    add('created_at', 'invalid_time', 'De tijd van de melding is ongeldig.');
  }
  if (typeof record.resolved !== 'boolean') add('resolved', 'invalid_flag', 'Het veld "afgehandeld" moet waar of onwaar zijn.');
  return errors;
}

/** The stored form: only the model's fields, ids in lower case. */
export function normaliseFeedback(data: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of FIELDS) if (data[field] !== undefined) record[field] = data[field];
  for (const field of ['id', 'service_id']) if (typeof record[field] === 'string') record[field] = (record[field] as string).toLowerCase();
  return record;
}
