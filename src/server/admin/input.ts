import { HIDDEN_CHARACTERS_PROBLEM, hasHiddenCharacters, MAX_DEVICE_LABEL, nameTooLong } from '../../shared/admin-api';
import { isCode, type ListName } from '../../shared/codelists';
import { ApiError } from '../errors';
import { messageNamingFields } from '../../shared/field-names';
import { cutText } from '../../shared/text-length';

/** A management request body, read strictly: unknown fields, wrong types, too long or hostile text are 400 with a Dutch message naming the field. */
export type Body = Record<string, unknown>;

/** 400 invalid_request naming the field. */
export function invalidField(field: string, problem: string): ApiError {
  return new ApiError('invalid_request', {}, `Het veld "${field}" ${problem}`);
}

/**
 * The body as an object with only the allowed fields. No body at all reads as `{}`; a body that is there must be an
 * object: JSON `null` is a body too, and is refused like an array (else a `null` sent to a deactivate or a new token
 * would be carried out as if nothing had been sent).
 */
export function readBody(body: unknown, allowed: readonly string[]): Body {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('invalid_request', {}, 'Stuur een JSON-object (tussen { en }). Een lijst, null, tekst of een getal kan niet.');
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new ApiError('invalid_request', {}, `Het veld "${cutText(key, 40)}" is onbekend. Toegestaan: ${allowed.join(', ') || 'geen velden'}.`);
  }
  return body as Body;
}

/**
 * A message of these readers in the admin command's words: a field it names (`Het veld "hoursFrom"`, or
 * `"idoHoursPerWeek"` in quotes) becomes the option that fills it (`options`: field → option, such as `--hours-from`).
 * Own entries of `options` only: a quoted word such as "constructor" or "toString" in a message stays as it is.
 */
export function messageInOptionWords(message: string, options: Readonly<Record<string, string>>): string {
  return messageNamingFields(message, options, (option, capital) => `${capital ? 'De' : 'de'} optie ${option}`, (option) => option)
    .replace('Geef minstens één veld om te wijzigen.', 'Geef minstens één optie om te wijzigen, zoals --hours of --name.');
}

/** A text: trimmed, 1…max characters (nameTooLong: an emoji is 1), no control or direction characters. */
export function text(body: Body, field: string, max: number): string;
export function text(body: Body, field: string, max: number, optional: true): string | undefined;
export function text(body: Body, field: string, max: number, optional = false): string | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (value === undefined) throw invalidField(field, 'ontbreekt.');
  if (typeof value !== 'string') throw invalidField(field, 'moet tekst zijn.');
  const trimmed = value.normalize('NFC').trim();
  if (trimmed === '') throw invalidField(field, 'is leeg.');
  const tooLong = nameTooLong(trimmed, max);
  if (tooLong) throw invalidField(field, `is ${tooLong}`);
  // Mostly invisible: a direction mark copied along from a chat or a web page. Say so, and how to get rid of it.
  if (hasHiddenCharacters(trimmed)) throw invalidField(field, HIDDEN_CHARACTERS_PROBLEM);
  return trimmed;
}

/** A tablet's label, as `PATCH …/devices/{id}` and the enrollment (`POST /devices/enroll`) both read it. */
export function deviceLabel(body: Body): string {
  return text(body, 'label', MAX_DEVICE_LABEL);
}

/** A text matching a pattern (codes such as GM0855). */
export function pattern(body: Body, field: string, re: RegExp, example: string, optional = false): string | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (value === undefined) throw invalidField(field, 'ontbreekt.');
  if (typeof value !== 'string' || !re.test(value)) throw invalidField(field, `heeft niet de juiste vorm, zoals ${example}.`);
  return value;
}

/** A number in [min, max] (whole when `integer`). */
export function number(body: Body, field: string, range: { min: number; max: number; integer?: boolean }, optional = false): number | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (value === undefined) throw invalidField(field, 'ontbreekt.');
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
    throw invalidField(field, `moet een ${range.integer ? 'heel ' : ''}getal van ${range.min} tot en met ${range.max} zijn.`);
  }
  return value;
}

/** true or false. */
export function boolean(body: Body, field: string, optional = false): boolean | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field, value === undefined ? 'ontbreekt.' : 'moet true of false zijn.');
  return value;
}

/** A calendar date, YYYY-MM-DD, from the year 1 on (PostgreSQL has no year 0: 0000-01-01 would be a 500). */
export function date(body: Body, field: string, optional = false): string | undefined {
  const value = pattern(body, field, /^\d{4}-\d{2}-\d{2}$/, '2025-01-31', optional);
  if (value !== undefined && (value < '0001' || Number.isNaN(Date.parse(value)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)) {
    throw invalidField(field, 'is geen bestaande datum. Gebruik JJJJ-MM-DD, zoals 2025-01-31.');
  }
  return value;
}

/** One code of a code list. */
export function listCode(body: Body, field: string, list: ListName, optional = false): string | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (value === undefined) throw invalidField(field, 'ontbreekt.');
  if (!isCode(list, value)) throw invalidField(field, 'heeft een onbekende code.');
  return value;
}

/** A non-empty list of codes of a code list, without repeats. */
export function listCodes(body: Body, field: string, list: ListName, optional = false): string[] | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (value === undefined) throw invalidField(field, 'ontbreekt.');
  if (!Array.isArray(value) || value.length === 0 || value.length > 20) throw invalidField(field, 'moet een lijst met 1 tot 20 codes zijn.');
  if (value.some((code) => !isCode(list, code))) throw invalidField(field, 'bevat een onbekende code.');
  if (new Set(value).size !== value.length) throw invalidField(field, 'noemt een code twee keer.');
  return value as string[];
}

/** One of a few words. */
export function oneOf<T extends string>(body: Body, field: string, values: readonly T[], optional = false): T | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (value === undefined) throw invalidField(field, 'ontbreekt.');
  if (!values.includes(value as T)) throw invalidField(field, `moet een van deze zijn: ${values.join(', ')}.`);
  return value as T;
}
