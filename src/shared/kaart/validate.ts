import { isCode } from '../codelists';
import type { ValidationError } from '../validation';
import { isCalendarDay } from '../calendar';
import { checkedDayOutOfRange } from '../checked-day';
import { scheduleDayOutOfRange } from './schedule-days';
import { type FieldSpec, fieldLabel, KAART_FIELDS } from './fields';
import { isClockTime, isDialablePhone, isEmail, isPostalCode, isWebUrl } from './formats';
import { isThemeCode } from './themes';
import type { KaartEntity } from './types';
import { capitalize } from '../dutch-text';
import { isUuid } from '../ids';
import { syncedRecordFields } from './sync-record';
import { languageCodeOfName } from './spreadsheet-values';
import { cutText, isLongerThan, tooLongText } from '../text-length';

export type { ValidationError } from '../validation';

const LANGUAGE = /^[a-z]{2,3}$/;
/** The longest keyword (trefwoord), in characters as textLength counts them. */
const KEYWORD_MAX = 100;
const WEEKDAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;
const MONTHLY_DAY = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;
const FIELD_NAMES = new Map(Object.entries(KAART_FIELDS).map(([entity, specs]) => [entity, specs.map((spec) => spec.name)]));

type Add = (field: string, code: string, message: string) => void;
const label = fieldLabel;

/**
 * Checks one kaart record (its HSDS fields, optionally with version/updatedAt/deleted) and returns
 * every problem as `{field, code, message}` with a Dutch message; the server answers `rejected` with it.
 * `now` places "laatst gecontroleerd" (`assured_date`: from 2000 up to tomorrow, shared/checked-day.ts) and a
 * schedule's `valid_from`/`valid_to` (from 2000 up to five years ahead, schedule-days.ts).
 */
export function validateKaartRecord(entity: KaartEntity, data: unknown, now = new Date()): ValidationError[] {
  const errors: ValidationError[] = [];
  const add: Add = (field, code, message) => errors.push({ field, code, message });
  if (!FIELD_NAMES.has(entity)) {
    add('entity', 'unknown_entity', 'Dit soort gegeven kent de sociale kaart niet.');
    return errors;
  }
  const specs = KAART_FIELDS[entity];
  const record = syncedRecordFields(data, FIELD_NAMES.get(entity)!, 'Dit gegeven van de sociale kaart is leeg of ongeldig.', add);
  if (!record) return errors;
  for (const spec of specs) checkField(spec, record[spec.name], add);
  checkMeta(record, add);
  RULES[entity]?.(record, add, now);
  return errors;
}

/** Whether a record passed validation. */
export function isValidKaartRecord(entity: KaartEntity, data: unknown): boolean {
  return validateKaartRecord(entity, data).length === 0;
}

function checkField(spec: FieldSpec, value: unknown, add: Add): void {
  const { name } = spec;
  if (value === undefined || (value === null && spec.nullable)) {
    if (spec.required && value === undefined) add(name, 'required', `Vul ${label(name)} in.`);
    return;
  }
  const text = typeof value === 'string' ? value : undefined;
  if (spec.kind !== 'integer' && spec.kind !== 'latitude' && spec.kind !== 'longitude' && spec.kind !== 'topics' && spec.kind !== 'languages' && spec.kind !== 'keywords') {
    if (text === undefined) return add(name, 'invalid_text', `${capitalize(label(name))} moet tekst zijn.`);
    if (text.trim() === '') return add(name, spec.required ? 'required' : 'empty', spec.required ? `Vul ${label(name)} in.` : `Laat ${label(name)} weg of vul het in.`);
    if (spec.max !== undefined && isLongerThan(text, spec.max)) {
      return add(name, 'too_long', `Gebruik voor ${label(name)} ${tooLongText(spec.max, text)}`);
    }
  }
  switch (spec.kind) {
    case 'id':
    case 'ref':
    case 'owner':
      if (!isUuid(text)) add(name, 'invalid_id', spec.kind === 'id' ? 'Dit gegeven heeft geen geldige id.' : `De verwijzing naar ${label(name)} is ongeldig.`);
      break;
    case 'url':
      if (!isWebUrl(text)) add(name, 'invalid_url', 'Vul een webadres in dat begint met https://, bijvoorbeeld https://www.example.nl.');
      break;
    case 'email':
      if (!isEmail(text)) add(name, 'invalid_email', 'Vul een geldig e-mailadres in, bijvoorbeeld info@example.nl.');
      break;
    case 'phone':
      if (!isDialablePhone(text)) add(name, 'invalid_phone', 'Vul een telefoonnummer in dat te bellen is, bijvoorbeeld 030-123 45 67 of +31 30 123 45 67.');
      break;
    case 'postal_code':
      if (!isPostalCode(text)) add(name, 'invalid_postal_code', 'Vul de postcode in als 1234 AB.');
      break;
    case 'kvk':
      if (!/^\d{8}$/.test(text!)) add(name, 'invalid_kvk', 'Een KvK-nummer heeft 8 cijfers.');
      break;
    case 'date':
      if (!isCalendarDay(text)) add(name, 'invalid_date', `Vul ${label(name)} in als datum, bijvoorbeeld 2026-03-31.`);
      break;
    case 'time':
      if (!isClockTime(text)) add(name, 'invalid_time', `Vul ${label(name)} in als uren en minuten, bijvoorbeeld 09:30.`);
      break;
    case 'enum':
      if (!spec.values!.includes(text!)) add(name, 'invalid_code', `Kies ${label(name)} uit de lijst.`);
      break;
    case 'byday':
      break; // checked with freq, in the schedule rule
    case 'latitude':
    case 'longitude': {
      const limit = spec.kind === 'latitude' ? 90 : 180;
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
        add(name, 'out_of_range', `De ${label(name)} moet een getal zijn van -${limit} tot ${limit}.`);
      }
      break;
    }
    case 'integer':
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 52) add(name, 'out_of_range', 'Het interval is een heel getal van 1 tot 52.');
      break;
    case 'topics':
      checkList(name, value, 30, (v) => isCode('topic', v), 'Kies de IDO-onderwerpen uit de lijst.', add);
      break;
    case 'languages':
      checkList(name, value, 30, isLanguageCode, languageProblem, add);
      break;
    case 'keywords':
      checkList(name, value, 50, (v) => typeof v === 'string' && v.trim() !== '' && !isLongerThan(v, KEYWORD_MAX), `Een trefwoord is tekst van hoogstens ${KEYWORD_MAX} tekens.`, add);
      break;
    case 'text':
      break;
  }
}

function checkList(name: string, value: unknown, max: number, ok: (v: unknown) => boolean, message: string | ((wrong: unknown) => string), add: Add) {
  if (!Array.isArray(value)) return add(name, 'invalid_list', `${capitalize(label(name))} moet een lijst zijn.`);
  if (value.length > max) return add(name, 'too_many', `Kies hoogstens ${max} ${label(name)}.`);
  const wrong = value.findIndex((v) => !ok(v));
  if (wrong >= 0) return add(name, 'invalid_code', typeof message === 'string' ? message : message(value[wrong]));
  if (new Set(value).size !== value.length) add(name, 'duplicate_code', 'Elke keuze mag maar één keer.');
}

const isLanguageCode = (value: unknown) => typeof value === 'string' && LANGUAGE.test(value);

/**
 * A service's languages are codes (HSDS: ISO 639). The edit form chooses them by their Dutch name, so a wrong one comes
 * from a file, or from a record written elsewhere: say both what the form asks and what a file holds, with the code of a
 * Dutch name or a code in capitals where we know it ("Nederlands", "NL" → nl).
 */
function languageProblem(wrong: unknown): string {
  const text = typeof wrong === 'string' ? wrong.trim() : undefined;
  if (text === undefined || text === '') return `Een van de talen is geen taalcode. ${LANGUAGE_HOW} In een importbestand staat een taal als taalcode, bijvoorbeeld ar voor Arabisch.`;
  const shown = cutText(text, 40);
  const code = languageCodeOfName(text);
  if (code) return `"${shown}" is geen taalcode. ${LANGUAGE_HOW} In een importbestand staat een taal als taalcode: ${code} voor ${shown}.`;
  const lower = text.toLowerCase();
  if (LANGUAGE.test(lower)) return `"${shown}" is geen taalcode: een taalcode is in kleine letters. ${LANGUAGE_HOW} In een importbestand staat dan ${lower}.`;
  return `"${shown}" is geen taalcode. ${LANGUAGE_HOW} In een importbestand staat een taal als taalcode, bijvoorbeeld ar voor Arabisch.`;
}
const LANGUAGE_HOW = 'Kies in het formulier de taal bij naam.';

function checkMeta(data: Record<string, unknown>, add: Add) {
  if (data.version !== undefined && (!Number.isInteger(data.version) || (data.version as number) < 0)) {
    add('version', 'invalid_version', 'Het versienummer moet 0 of hoger zijn.');
  }
  if (data.updatedAt !== undefined && (typeof data.updatedAt !== 'string' || data.updatedAt.length > 40 || Number.isNaN(Date.parse(data.updatedAt)))) {
    add('updatedAt', 'invalid_time', 'De tijd van de laatste wijziging is ongeldig.');
  }
  if (data.deleted !== undefined && typeof data.deleted !== 'boolean') add('deleted', 'invalid_flag', 'Het veld "verwijderd" moet waar of onwaar zijn.');
}

const present = (value: unknown) => value !== undefined && value !== null;

/** Rules that span fields, per entity. */
const RULES: Partial<Record<KaartEntity, (data: Record<string, unknown>, add: Add, now: Date) => void>> = {
  service(data, add, now) {
    const problem = isCalendarDay(data.assured_date) ? checkedDayOutOfRange(data.assured_date, now) : undefined;
    if (problem) add('assured_date', 'out_of_range', problem);
  },
  location(data, add) {
    if (present(data.latitude) !== present(data.longitude)) add('longitude', 'coordinates_pair', 'Vul breedtegraad en lengtegraad allebei in, of allebei niet.');
  },
  phone(data, add) {
    const owners = ['service_id', 'organization_id', 'location_id'].filter((field) => present(data[field]));
    if (owners.length !== 1) add('service_id', 'one_owner', 'Een telefoonnummer hoort bij precies één dienst, organisatie of locatie.');
  },
  taxonomy_term(data, add) {
    if (typeof data.code === 'string' && !isThemeCode(data.code)) add('code', 'unknown_theme', 'Dit thema bestaat niet. Kies een thema uit de lijst.');
  },
  schedule: checkSchedule,
};

function checkSchedule(data: Record<string, unknown>, add: Add, now: Date) {
  for (const field of ['valid_from', 'valid_to'] as const) {
    const problem = isCalendarDay(data[field]) ? scheduleDayOutOfRange(field, data[field], now) : undefined;
    if (problem) add(field, 'out_of_range', problem);
  }
  const owners = ['service_id', 'service_at_location_id'].filter((field) => present(data[field]));
  if (owners.length !== 1) add('service_id', 'one_owner', 'Openingstijden horen bij precies één dienst of één dienst op een locatie.');
  if (isCalendarDay(data.valid_from) && isCalendarDay(data.valid_to) && data.valid_from > data.valid_to) {
    add('valid_to', 'date_order', 'De einddatum ligt voor de begindatum. Kies een einddatum op of na de begindatum.');
  }
  const freq = data.freq;
  if (freq === undefined) {
    for (const field of ['byday', 'opens_at', 'closes_at', 'interval', 'week_parity']) {
      if (present(data[field])) add('freq', 'required', 'Kies of dit elke week of elke maand is.');
    }
    if (!present(data.description)) add('description', 'required', 'Vul dagen en tijden in, of een omschrijving zoals "Alleen op afspraak".');
    return;
  }
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') return;
  if (!present(data.opens_at)) add('opens_at', 'required', 'Vul de openingstijd in.');
  if (!present(data.closes_at)) add('closes_at', 'required', 'Vul de sluitingstijd in.');
  if (isClockTime(data.opens_at) && isClockTime(data.closes_at) && data.closes_at <= data.opens_at) {
    add('closes_at', 'time_order', 'De sluitingstijd moet na de openingstijd liggen, op dezelfde dag.');
  }
  checkByday(freq, data.byday, add);
  const interval = data.interval;
  if (Number.isInteger(interval) && (interval as number) > 1) {
    if (freq === 'MONTHLY' && (interval as number) > 12) add('interval', 'out_of_range', 'Om de hoeveel maanden: kies 1 tot 12.');
    if (!present(data.valid_from)) add('valid_from', 'anchor_required', `Vul "geldig vanaf" in: vanaf die ${freq === 'WEEKLY' ? 'week' : 'maand'} telt "om de ${interval}".`);
  }
  if (present(data.week_parity)) {
    if (freq !== 'WEEKLY') add('week_parity', 'not_allowed', 'Even of oneven weken kan alleen bij een wekelijkse herhaling.');
    else if (Number.isInteger(interval) && (interval as number) > 1) add('week_parity', 'not_allowed', 'Kies even of oneven weken, of een interval, niet allebei.');
  }
}

function checkByday(freq: 'WEEKLY' | 'MONTHLY', byday: unknown, add: Add) {
  if (!present(byday)) return add('byday', 'required', 'Kies op welke dagen.');
  if (typeof byday !== 'string') return;
  const days = byday.split(',');
  const pattern = freq === 'WEEKLY' ? WEEKDAY : MONTHLY_DAY;
  if (days.some((day) => !pattern.test(day))) {
    return add('byday', 'invalid_byday', freq === 'WEEKLY'
      ? 'Gebruik dagen als MO,TU,WE,TH,FR,SA,SU, met komma\'s ertussen.'
      : 'Gebruik dagen als TU, 1TU (eerste dinsdag) of -1FR (laatste vrijdag), met komma\'s ertussen.');
  }
  const normal = days.map((day) => day.replace(/^\+/, ''));
  if (new Set(normal).size !== normal.length) add('byday', 'duplicate_code', 'Elke dag mag maar één keer.');
}
