import { isRecord } from '../json';
import { META_FIELDS } from './fields';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPath } from '../storable-text';
import { cutText } from '../text-length';

/** Adds one `{field, code, message}` to a validation list. */
export type AddError = (field: string, code: string, message: string) => void;

/**
 * The fields of a record the kaart sync carries (kaart entries, "Klopt niet" marks, Snelwijzer cards), with
 * its shape checked: no object is `invalid_record` (with `emptyMessage`) and gives undefined; each field
 * outside `fields` and the sync metadata (`version`, `updatedAt`, `deleted`) is `unknown_field`; a string PostgreSQL
 * cannot store (NUL, a lone surrogate) anywhere in a field is `invalid_text`, with its path.
 */
export function syncedRecordFields(data: unknown, fields: readonly string[], emptyMessage: string, add: AddError): Record<string, unknown> | undefined {
  if (!isRecord(data)) {
    add('', 'invalid_record', emptyMessage);
    return undefined;
  }
  for (const key of Object.keys(data)) {
    if (!fields.includes(key) && !META_FIELDS.has(key)) add(cutText(key, 40), 'unknown_field', `Het veld "${cutText(key, 40)}" hoort hier niet bij.`);
    else {
      const badText = unstorableTextPath(data[key], key);
      if (badText !== undefined) add(badText, 'invalid_text', UNSTORABLE_TEXT_MESSAGE);
    }
  }
  return data;
}
