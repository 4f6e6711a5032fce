import { isCode, isSchemaVersion, type ListName } from './codelists';
import { findPersonalData, personalDataMessages } from './personal-data';
import { MAX_DURATION, MAX_OTHER_TEXT, MAX_QUESTIONS, MIN_DURATION, type Registration } from './registration';
import { isUuid } from './ids';
import { isRecord } from './json';
import { isLongerThan, tooLongText } from './text-length';

/** One problem with one field: the form shows it beside the field, the server returns it as `rejected`. */
export interface ValidationError {
  /** path of the field, e.g. `questions[0].topics` */
  field: string;
  /** stable snake_case code */
  code: string;
  /** Dutch, B1: what is wrong and what to do */
  message: string;
}

export interface ValidationContext {
  /** ids of the organisation's IDO locations; when given, locationId must be one of them */
  locationIds?: readonly string[];
  /** the clock, for "not in the future" */
  now?: Date;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A field name that may be echoed in an error: a plain name without anything that looks like personal data. */
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** The message for a code or id field that holds something that looks like personal data. */
const personalDataInCode = (what: string) =>
  `Schrijf geen telefoonnummer, BSN of adres van de bezoeker. ${what}`;

/** How an unknown field is named in an error: its own name only when that is a plain name without personal data. */
function unknownField(at: string, key: string): string {
  const named = SAFE_KEY.test(key) && findPersonalData(key).length === 0;
  return named ? (at ? `${at}.${key}` : key) : at;
}
const unknownFieldMessage = (key: string, of: string) =>
  SAFE_KEY.test(key) && findPersonalData(key).length === 0
    ? `Het veld "${key}" hoort niet bij ${of}.`
    : `Er staat een veld in dat niet bij ${of} hoort. Werk de app bij.`;

/**
 * A field with a code list: missing, a code from the list, or refused. Something that is no code but looks
 * like personal data gets `personal_data` (and the message says so), anything else `invalid_code`.
 */
function checkCodeField(value: unknown, isCodeValue: (v: unknown) => boolean, field: string, choose: string, add: (field: string, code: string, message: string) => void) {
  if (isCodeValue(value)) return;
  if (typeof value === 'string' && findPersonalData(value).length > 0) add(field, 'personal_data', personalDataInCode(choose));
  else add(field, 'invalid_code', choose);
}

const CONTACT_FIELDS = new Set([
  'id', 'revision', 'schemaVersion', 'deviceId', 'organisationId', 'locationId', 'scenario', 'channel', 'staffRole',
  'partnerOrganisation', 'startedAt', 'durationMinutes', 'questions', 'consentForReferral', 'deleted',
]);
const QUESTION_FIELDS = new Set([
  'category', 'topics', 'governmentOrganisations', 'digidFollowUp', 'help', 'referral', 'resolved', 'otherText',
]);
const REFERRAL_FIELDS = new Set(['kind', 'serviceId', 'organisation', 'consent']);

/**
 * Whether an ISO instant ("2026-03-01T10:00:00+01:00", "…Z") names a day and time that exist: Date.parse rolls 30
 * February over into March (and what it does with 24:00 or a 60th second differs between engines); a real date keeps
 * its own day, hour, minute and second. The one rule for a real moment: registrations' startedAt (on the tablet and
 * the server) and the tablet's IDO-Clock.
 */
export function isRealDate(iso: string): boolean {
  if (Number.isNaN(Date.parse(iso))) return false;
  const [y, m, d, hh, mm] = iso.slice(0, 16).split(/[-T:]/).map(Number);
  const seconds = iso[16] === ':' ? Number(iso.slice(17, 19)) : 0;
  const calendar = new Date(Date.UTC(y, m - 1, d, hh, mm));
  return calendar.getUTCFullYear() === y && calendar.getUTCMonth() === m - 1 && calendar.getUTCDate() === d && calendar.getUTCHours() === hh && calendar.getUTCMinutes() === mm && seconds < 60;
}


/**
 * Checks a whole registration against schema, code lists and the personal-data guard.
 * Takes `unknown` because the server feeds it whatever arrived; returns every problem found.
 */
export function validateRegistration(input: unknown, context: ValidationContext = {}): ValidationError[] {
  const errors: ValidationError[] = [];
  const add = (field: string, code: string, message: string) => errors.push({ field, code, message });
  if (!isRecord(input)) {
    add('', 'invalid_record', 'Deze registratie is geen geldig record.');
    return errors;
  }
  const r = input;
  for (const key of Object.keys(r)) {
    if (!CONTACT_FIELDS.has(key)) add(unknownField('', key), 'unknown_field', unknownFieldMessage(key, 'een registratie'));
  }
  const version = r.schemaVersion;
  if (!isSchemaVersion(version)) {
    add('schemaVersion', 'unknown_schema_version', 'Deze versie van het formulier is onbekend. Werk de app bij.');
    return errors;
  }
  const code = (list: ListName, value: unknown) => isCode(list, value, version);

  if (!isUuid(r.id)) add('id', 'invalid_id', 'De registratie heeft geen geldige id.');
  if (!Number.isInteger(r.revision) || (r.revision as number) < 1) add('revision', 'invalid_revision', 'Het versienummer moet 1 of hoger zijn.');
  if (!isUuid(r.deviceId)) add('deviceId', 'invalid_id', 'De tablet heeft geen geldige id. Koppel de tablet opnieuw.');
  if (!isUuid(r.organisationId)) add('organisationId', 'invalid_id', 'De organisatie is onbekend. Koppel de tablet opnieuw.');

  if (typeof r.locationId !== 'string' || r.locationId === '') add('locationId', 'required', 'Kies de IDO-locatie.');
  else if (!ID.test(r.locationId) || (context.locationIds && !context.locationIds.includes(r.locationId))) {
    if (findPersonalData(r.locationId).length > 0) add('locationId', 'personal_data', personalDataInCode('Kies een IDO-locatie uit de lijst.'));
    else add('locationId', 'unknown_location', 'Deze IDO-locatie hoort niet bij uw organisatie. Kies een locatie uit de lijst.');
  }
  if (!code('scenario', r.scenario)) add('scenario', r.scenario === undefined ? 'required' : 'invalid_code', 'Kies hoe de hulp gegeven werd.');
  if (!code('channel', r.channel)) add('channel', r.channel === undefined ? 'required' : 'invalid_code', 'Kies het kanaal.');
  if (!code('staffRole', r.staffRole)) add('staffRole', r.staffRole === undefined ? 'required' : 'invalid_code', 'Kies wie er hielp.');
  if (r.staffRole === 'partner') {
    if (r.partnerOrganisation === undefined || r.partnerOrganisation === '') add('partnerOrganisation', 'required', 'Kies de partnerorganisatie.');
    else checkCodeField(r.partnerOrganisation, (v) => code('partnerOrganisation', v), 'partnerOrganisation', 'Kies de partnerorganisatie uit de lijst.', add);
  } else if (r.partnerOrganisation !== undefined) {
    add('partnerOrganisation', 'not_allowed', 'Een partnerorganisatie hoort alleen bij hulp door een partner.');
  }

  if (typeof r.startedAt !== 'string' || !ISO_WITH_OFFSET.test(r.startedAt) || !isRealDate(r.startedAt)) {
    add('startedAt', 'invalid_time', 'Vul een geldige datum en tijd in.');
  } else {
    const started = Date.parse(r.startedAt);
    const now = (context.now ?? new Date()).getTime();
    if (started > now + 24 * 3600_000) add('startedAt', 'in_future', 'De datum ligt in de toekomst. Kies een datum van vandaag of eerder.');
    if (started < Date.UTC(2020, 0, 1)) add('startedAt', 'too_early', 'De datum ligt voor 2020. Kies een recentere datum.');
  }
  const duration = r.durationMinutes;
  if (!Number.isInteger(duration) || (duration as number) < MIN_DURATION || (duration as number) > MAX_DURATION) {
    add('durationMinutes', 'out_of_range', `Vul een duur in van ${MIN_DURATION} tot ${MAX_DURATION} minuten.`);
  }
  if (typeof r.consentForReferral !== 'boolean') add('consentForReferral', 'required', 'Geef aan of de bezoeker toestemming gaf.');
  if (typeof r.deleted !== 'boolean') add('deleted', 'required', 'Het veld "verwijderd" ontbreekt.');

  const questions = r.questions;
  if (!Array.isArray(questions) || questions.length === 0) {
    add('questions', 'required', 'Vul minstens één vraag in.');
  } else if (questions.length > MAX_QUESTIONS) {
    add('questions', 'too_many', `Eén contact heeft hoogstens ${MAX_QUESTIONS} vragen. Maak een tweede registratie.`);
  } else {
    questions.forEach((question, index) => validateQuestion(question, `questions[${index}]`, code, add));
  }
  return errors;
}

type CodeCheck = (list: ListName, value: unknown) => boolean;
type Add = (field: string, code: string, message: string) => void;

function validateCodeArray(value: unknown, field: string, list: ListName, min: number, code: CodeCheck, add: Add, missing: string) {
  if (!Array.isArray(value) || value.length < min) return add(field, 'required', missing);
  if (value.length > 50 || value.some((v) => !code(list, v))) {
    return add(field, 'invalid_code', 'Kies alleen uit de lijst.');
  }
  if (new Set(value).size !== value.length) add(field, 'duplicate_code', 'Elke keuze mag maar één keer.');
}

function validateQuestion(input: unknown, at: string, code: CodeCheck, add: Add) {
  if (!isRecord(input)) return add(at, 'invalid_question', 'Deze vraag is leeg of ongeldig.');
  const q = input;
  for (const key of Object.keys(q)) {
    if (!QUESTION_FIELDS.has(key)) add(unknownField(at, key), 'unknown_field', unknownFieldMessage(key, 'een vraag'));
  }
  if (!code('category', q.category)) add(`${at}.category`, 'required', 'Kies het soort vraag.');
  validateCodeArray(q.topics, `${at}.topics`, 'topic', 1, code, add, 'Kies minstens één onderwerp.');
  validateCodeArray(q.governmentOrganisations ?? [], `${at}.governmentOrganisations`, 'governmentOrganisation', 0, code, add, 'Kies de overheidsorganisaties uit de lijst.');
  validateCodeArray(q.help, `${at}.help`, 'help', 1, code, add, 'Kies minstens één soort hulp.');
  if (!code('resolved', q.resolved)) add(`${at}.resolved`, 'required', 'Kies of de vraag is opgelost.');

  const topics = Array.isArray(q.topics) ? q.topics : [];
  const help = Array.isArray(q.help) ? q.help : [];
  if (topics.includes('digid')) {
    if (!code('digidFollowUp', q.digidFollowUp)) add(`${at}.digidFollowUp`, 'required', 'Kies waar de DigiD-vraag over ging.');
  } else if (q.digidFollowUp !== undefined) {
    add(`${at}.digidFollowUp`, 'not_allowed', 'Een DigiD-vervolgvraag hoort alleen bij het onderwerp DigiD.');
  }
  if (help.includes('doorverwezen')) validateReferral(q.referral, `${at}.referral`, code, add);
  else if (q.referral !== undefined) add(`${at}.referral`, 'not_allowed', 'Een verwijzing hoort alleen bij de hulp "Doorverwezen".');

  if (q.otherText !== undefined) {
    const field = `${at}.otherText`;
    const hasOther = [q.category, q.digidFollowUp, ...topics, ...help, ...(Array.isArray(q.governmentOrganisations) ? q.governmentOrganisations : [])].includes('anders');
    if (typeof q.otherText !== 'string') add(field, 'invalid_text', 'Dit veld moet tekst zijn.');
    else if (isLongerThan(q.otherText, MAX_OTHER_TEXT)) add(field, 'too_long', otherTextTooLong(q.otherText));
    else if (!hasOther) add(field, 'not_allowed', 'Deze toelichting hoort alleen bij een keuze "Iets anders".');
    else {
      const kinds = findPersonalData(q.otherText);
      if (kinds.length > 0) add(field, 'personal_data', personalDataMessages[kinds[0]]);
    }
  }
}

/** The one message for an "anders, namelijk" or a group session's note over MAX_OTHER_TEXT characters (textLength). */
export function otherTextTooLong(text: string): string {
  return `Gebruik ${tooLongText(MAX_OTHER_TEXT, text)}`;
}

function validateReferral(input: unknown, at: string, code: CodeCheck, add: Add) {
  if (!isRecord(input)) return add(at, 'required', 'Kies hoe u de bezoeker hebt doorverwezen.');
  for (const key of Object.keys(input)) {
    if (!REFERRAL_FIELDS.has(key)) add(unknownField(at, key), 'unknown_field', unknownFieldMessage(key, 'een verwijzing'));
  }
  if (!code('referralKind', input.kind)) add(`${at}.kind`, 'required', 'Kies het soort verwijzing.');
  // A sociale-kaart service is named by its UUID, never by free text.
  if (input.serviceId !== undefined && (!isUuid(input.serviceId))) {
    const choose = 'Kies de dienst opnieuw uit de sociale kaart, of kies "Geen dienst kiezen".';
    if (typeof input.serviceId === 'string' && findPersonalData(input.serviceId).length > 0) add(`${at}.serviceId`, 'personal_data', personalDataInCode(choose));
    else add(`${at}.serviceId`, 'invalid_id', `De gekozen dienst uit de sociale kaart is ongeldig. ${choose}`);
  }
  if (input.organisation !== undefined) {
    checkCodeField(input.organisation, (v) => code('governmentOrganisation', v) || code('partnerOrganisation', v), `${at}.organisation`,
      'Kies de organisatie van de verwijzing uit de lijst.', add);
  }
  if (input.kind === 'warm') {
    if (typeof input.consent !== 'boolean') add(`${at}.consent`, 'required', 'Geef aan of de bezoeker toestemming gaf om gegevens door te geven.');
  } else if (input.consent !== undefined) {
    add(`${at}.consent`, 'not_allowed', 'Toestemming hoort alleen bij een warme verwijzing.');
  }
}

/** Narrows a value that passed validation. */
export function isValidRegistration(input: unknown, context?: ValidationContext): input is Registration {
  return validateRegistration(input, context).length === 0;
}
