import { isCode, isSchemaVersion, type SchemaVersion } from './codelists';
import { findPersonalData, personalDataMessages } from './personal-data';
import { MAX_OTHER_TEXT } from './registration';
import { amsterdamDay } from './time';
import { otherTextTooLong, type ValidationError } from './validation';
import { isLongerThan } from './text-length';
import { isUuid } from './ids';

/** The `recordType` that marks a group session in a batch's `records` (a registration has none). */
export const GROUP_SESSION_TYPE = 'groupSession' as const;

/** The kinds of group session, code → Dutch label. */
export const GROUP_SESSION_KINDS = {
  voorlichting: 'Voorlichting',
  cursus: 'Cursus',
  spreekuur_op_locatie: 'Spreekuur op locatie',
} as const;
export type GroupSessionKind = keyof typeof GROUP_SESSION_KINDS;

export const MIN_ATTENDEES = 1;
export const MAX_ATTENDEES = 500;
export const MIN_GROUP_DURATION = 1;
export const MAX_GROUP_DURATION = 600;
export const MAX_GROUP_TOPICS = 10;

/** A group session (docs/registration.md, "Group sessions"): counts, codes and a short note, never names. */
export interface GroupSession {
  recordType: typeof GROUP_SESSION_TYPE;
  id: string;
  revision: number;
  schemaVersion: SchemaVersion;
  deviceId: string;
  organisationId: string;
  /** one of the organisation's IDO locations */
  locationId: string;
  /** Amsterdam calendar day, YYYY-MM-DD */
  date: string;
  durationMinutes: number;
  /** topic codes (list `topic`), at least one */
  topics: string[];
  kind: GroupSessionKind;
  /** a code of the list `partnerOrganisation` */
  partnerOrganisation?: string;
  /** a whole number, 1–500; no names */
  attendees: number;
  /** the session answered a topic the dashboard flagged as rising ("Opvallend") */
  fromRisingTopic: boolean;
  /** at most 140 characters, checked by the personal-data guard */
  note?: string;
  deleted: boolean;
}

/** Whether a record of a batch is a group session (anything with this recordType is checked as one). */
export function isGroupSessionRecord(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { recordType?: unknown }).recordType === GROUP_SESSION_TYPE;
}

const FIELDS = new Set([
  'recordType', 'id', 'revision', 'schemaVersion', 'deviceId', 'organisationId', 'locationId', 'date', 'durationMinutes',
  'topics', 'kind', 'partnerOrganisation', 'attendees', 'fromRisingTopic', 'note', 'deleted',
]);
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

function isRealDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.getUTCFullYear() === +match[1] && date.getUTCMonth() === +match[2] - 1 && date.getUTCDate() === +match[3];
}

/**
 * Checks a whole group session against schema, code lists and the personal-data guard; the form shows
 * the list beside the fields, the server answers the first as `rejected`. Takes `unknown`: the server feeds it what arrived.
 */
export function validateGroupSession(input: unknown, context: { locationIds?: readonly string[]; now?: Date; clockSlackMs?: number } = {}): ValidationError[] {
  const errors: ValidationError[] = [];
  const add = (field: string, code: string, message: string) => errors.push({ field, code, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    add('', 'invalid_record', 'Deze groepsbijeenkomst is geen geldig record.');
    return errors;
  }
  const r = input as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (FIELDS.has(key)) continue;
    const named = SAFE_KEY.test(key) && findPersonalData(key).length === 0;
    add(named ? key : '', 'unknown_field', named ? `Het veld "${key}" hoort niet bij een groepsbijeenkomst.` : 'Er staat een veld in dat niet bij een groepsbijeenkomst hoort. Werk de app bij.');
  }
  if (r.recordType !== GROUP_SESSION_TYPE) add('recordType', 'invalid_record', 'Deze groepsbijeenkomst is geen geldig record.');
  const version = r.schemaVersion;
  if (!isSchemaVersion(version)) {
    add('schemaVersion', 'unknown_schema_version', 'Deze versie van het formulier is onbekend. Werk de app bij.');
    return errors;
  }
  if (!isUuid(r.id)) add('id', 'invalid_id', 'De groepsbijeenkomst heeft geen geldige id.');
  if (!Number.isInteger(r.revision) || (r.revision as number) < 1) add('revision', 'invalid_revision', 'Het versienummer moet 1 of hoger zijn.');
  if (!isUuid(r.deviceId)) add('deviceId', 'invalid_id', 'De tablet heeft geen geldige id. Koppel de tablet opnieuw.');
  if (!isUuid(r.organisationId)) add('organisationId', 'invalid_id', 'De organisatie is onbekend. Koppel de tablet opnieuw.');

  if (typeof r.locationId !== 'string' || r.locationId === '') add('locationId', 'required', 'Kies de IDO-locatie.');
  else if (!ID.test(r.locationId) || (context.locationIds && !context.locationIds.includes(r.locationId))) {
    if (findPersonalData(r.locationId).length > 0) add('locationId', 'personal_data', 'Schrijf geen telefoonnummer, BSN of adres van de bezoeker. Kies een IDO-locatie uit de lijst.');
    else add('locationId', 'unknown_location', 'Deze IDO-locatie hoort niet bij uw organisatie. Kies een locatie uit de lijst.');
  }

  if (typeof r.date !== 'string' || !isRealDay(r.date)) add('date', 'invalid_time', 'Vul een geldige datum in.');
  else if (r.date > amsterdamDay(new Date((context.now ?? new Date()).getTime() + (context.clockSlackMs ?? 0)))) add('date', 'in_future', 'De datum ligt in de toekomst. Kies vandaag of een eerdere dag.');
  else if (r.date < '2020-01-01') add('date', 'too_early', 'De datum ligt voor 2020. Kies een recentere datum.');

  const duration = r.durationMinutes;
  if (!Number.isInteger(duration) || (duration as number) < MIN_GROUP_DURATION || (duration as number) > MAX_GROUP_DURATION) {
    add('durationMinutes', 'out_of_range', `Vul een duur in van ${MIN_GROUP_DURATION} tot ${MAX_GROUP_DURATION} minuten.`);
  }
  // In the form's order (the error summary lists them so): the kind, then the topics.
  if (r.kind === undefined) add('kind', 'required', 'Kies het soort bijeenkomst.');
  else if (typeof r.kind !== 'string' || !Object.hasOwn(GROUP_SESSION_KINDS, r.kind)) add('kind', 'invalid_code', 'Kies het soort bijeenkomst uit de lijst.');

  const topics = r.topics;
  if (!Array.isArray(topics) || topics.length === 0) add('topics', 'required', 'Kies minstens één onderwerp.');
  else if (topics.length > MAX_GROUP_TOPICS || topics.some((t) => !isCode('topic', t, version))) add('topics', 'invalid_code', 'Kies alleen onderwerpen uit de lijst.');
  else if (new Set(topics).size !== topics.length) add('topics', 'duplicate_code', 'Elk onderwerp mag maar één keer.');

  if (r.partnerOrganisation !== undefined && !isCode('partnerOrganisation', r.partnerOrganisation, version)) {
    if (typeof r.partnerOrganisation === 'string' && findPersonalData(r.partnerOrganisation).length > 0) {
      add('partnerOrganisation', 'personal_data', 'Schrijf geen telefoonnummer, BSN of adres van de bezoeker. Kies de partner uit de lijst.');
    } else add('partnerOrganisation', 'invalid_code', 'Kies de partner uit de lijst.');
  }
  const attendees = r.attendees;
  if (attendees === undefined) add('attendees', 'required', 'Vul het aantal deelnemers in.');
  else if (!Number.isInteger(attendees) || (attendees as number) < MIN_ATTENDEES || (attendees as number) > MAX_ATTENDEES) {
    add('attendees', 'out_of_range', `Vul het aantal deelnemers in als heel getal van ${MIN_ATTENDEES} tot ${MAX_ATTENDEES}.`);
  }
  if (typeof r.fromRisingTopic !== 'boolean') add('fromRisingTopic', 'required', 'Geef aan of de bijeenkomst over een opvallend onderwerp ging.');
  if (r.note !== undefined) {
    if (typeof r.note !== 'string') add('note', 'invalid_text', 'Dit veld moet tekst zijn.');
    else if (isLongerThan(r.note, MAX_OTHER_TEXT)) add('note', 'too_long', otherTextTooLong(r.note));
    else {
      const kinds = findPersonalData(r.note);
      if (kinds.length > 0) add('note', 'personal_data', personalDataMessages[kinds[0]]);
    }
  }
  if (typeof r.deleted !== 'boolean') add('deleted', 'required', 'Het veld "verwijderd" ontbreekt.');
  return errors;
}
