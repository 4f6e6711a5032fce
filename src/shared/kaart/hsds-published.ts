import { ignoredName } from './fields';
import type { KaartImportError, RawRecords } from './import-pipeline';
import { DEFAULT_TAXONOMY_MAPPING, type TaxonomyMapping } from './taxonomy-mapping';
import { KAART_THEMES, type KaartTheme, themeByCode, themeById } from './themes';
import { addDays, isCalendarDay } from '../calendar';
import { countText } from '../count-text';
import { dutchList } from '../dutch-text';
import { isRecord } from '../json';
import { ownValue } from '../own-key';
import { cutText } from '../text-length';
import { WEEKDAY_CODES } from './recurrence';

/**
 * HSDS 3.0 as publishers send it, brought to the trimmed model before validation: times with
 * seconds and a zone, `accessibility` as a list of objects, addresses as their own records,
 * schedules hung from a location, and taxonomy terms that are not one of our themes.
 */

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

const CLOCK = /^(\d{1,2}):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** Amsterdam's own offsets: a time written with one of them is already Amsterdam wall-clock time. */
const AMSTERDAM_OFFSETS = new Set([60, 120]);

/**
 * "10:00", "10:00:00", "10:00:00+01:00", "09:00Z" → "HH:MM" Amsterdam wall-clock time. A time with
 * +01:00 or +02:00 keeps its digits (it is Amsterdam time in winter or summer); another zone
 * (Z, -05:00, …) is turned into Amsterdam standard time (+01:00). Anything else comes back unchanged.
 * The day that may change with it (23:30Z is 00:30 the next day) is zonedClockTime's `dayShift`.
 */
export function normalizeClockTime(value: unknown): unknown {
  return zonedClockTime(value)?.time ?? value;
}

/** A published time as Amsterdam wall-clock time, and the days it moved (-1, 0 or 1); undefined when it is no time. */
export function zonedClockTime(value: unknown): { time: string; dayShift: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = CLOCK.exec(value.trim());
  if (!match) return undefined;
  const [, h, m, , zone] = match;
  if (Number(h) > 23) return undefined;
  let minutes = Number(h) * 60 + Number(m);
  if (zone) {
    const offset = zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone);
    if (!AMSTERDAM_OFFSETS.has(offset)) minutes = minutes - offset + 60;
  }
  const dayShift = Math.floor(minutes / 1440);
  minutes -= dayShift * 1440;
  return { time: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`, dayShift };
}

/**
 * Schedules whose times are in another zone (09:00Z, 18:00-05:00) can fall on another Amsterdam day: 23:30Z on a
 * Monday is 00:30 on Tuesday. The days (byday, valid_from, valid_to) move with the times. A span that crosses
 * Amsterdam midnight cannot be one schedule, and a day counted within its month or week (1MO, odd weeks, every
 * other week) cannot simply move: both are left out with an error that says how to write them.
 */
export function moveZonedSchedules(raw: RawRecords, errors: KaartImportError[]): void {
  raw.schedule = raw.schedule.filter(({ raw: schedule, index }) => {
    const opens = zonedClockTime(schedule.opens_at);
    const closes = zonedClockTime(schedule.closes_at);
    if (!opens || !closes || (opens.dayShift === 0 && closes.dayShift === 0)) return true;
    const refuse = (code: string, message: string) => {
      errors.push({ entity: 'schedule', index, id: typeof schedule.id === 'string' ? schedule.id : undefined, field: 'closes_at', code, message });
      return false;
    };
    if (opens.dayShift !== closes.dayShift) {
      return refuse('over_midnight', `In Nederlandse tijd is dit van ${opens.time} tot ${closes.time} de volgende dag. Dat kan niet in één tijd: maak er twee van, tot 23:59 en vanaf 00:00.`);
    }
    const days = typeof schedule.byday === 'string' && schedule.byday !== '' ? schedule.byday.split(',') : undefined;
    // no days, or days that are not days: the validation says what is wrong with them
    if (!days || days.some((part) => !ANY_DAY.test(part))) return true;
    if (days.some((part) => !WEEKDAY_CODE.test(part)) || present(schedule.week_parity) || (present(schedule.interval) && Number(schedule.interval) > 1)) {
      return refuse('zone_other_day', `In Nederlandse tijd valt dit op een andere dag (${opens.time} tot ${closes.time}), en die dag is niet om te rekenen. Schrijf de tijden in Nederlandse tijd (met +01:00 of +02:00).`);
    }
    schedule.byday = days.map((code) => WEEKDAY_CODES[(WEEKDAY_CODES.indexOf(code as Weekday) + opens.dayShift + 7) % 7]).join(',');
    for (const field of ['valid_from', 'valid_to'] as const) {
      const day = schedule[field];
      if (isCalendarDay(day)) schedule[field] = addDays(day, opens.dayShift);
    }
    schedule.opens_at = opens.time;
    schedule.closes_at = closes.time;
    return true;
  });
}

const WEEKDAY_CODE = new RegExp(`^(${WEEKDAY_CODES.join('|')})$`);
const ANY_DAY = new RegExp(`^([+-]?[1-5])?(${WEEKDAY_CODES.join('|')})$`);
type Weekday = (typeof WEEKDAY_CODES)[number];

function zoneMinutes(zone: string): number {
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

/** HSDS 3.0 `accessibility` (a list of {description, details, url}) as one text; text stays text. */
export function accessibilityText(value: unknown): unknown {
  const list = Array.isArray(value) ? value : isRecord(value) ? [value] : undefined;
  if (!list) return value;
  const parts = list.flatMap((item) => (isRecord(item)
    ? [item.description, item.details, item.url].filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
    : typeof item === 'string' && item.trim() !== '' ? [item.trim()] : []));
  return parts.length > 0 ? [...new Set(parts)].join('; ') : undefined;
}

/** The parts of a record the official HSDS 3.0 keeps as records of their own: a location's addresses and accessibility, a service's languages. */
export type SideRecord = 'address' | 'accessibility' | 'language';

/**
 * The fields of those parts that the kaart reads (addressFields, accessibilityText, mergeServiceLanguages), with the
 * part's own id and parent. `state_province` is read but not kept (the kaart keeps no province: the postcode and place
 * say where; HSDS requires the field, so the export writes it empty): only a value in it is reported as ignored.
 */
export const SIDE_RECORD_FIELDS: Readonly<Record<SideRecord, readonly string[]>> = {
  address: ['id', 'location_id', 'address_1', 'postal_code', 'city', 'country', 'state_province', 'address_type'],
  accessibility: ['id', 'location_id', 'description', 'details', 'url'],
  language: ['id', 'service_id', 'code'],
};

/**
 * Reports what the kaart does not keep of one such part as "address.address_2", the way the CSV package names an
 * unknown column of addresses.csv and the pipeline an unknown field of a record ("location.transportation").
 */
export function reportSideRecord(kind: SideRecord, part: unknown, ignored: Set<string>): void {
  if (!isRecord(part)) return;
  for (const [key, value] of Object.entries(part)) {
    if (key === '') continue; // an unnamed column: a trailing comma in the header
    if (!SIDE_RECORD_FIELDS[kind].includes(key) || (key === 'state_province' && present(value))) ignored.add(ignoredName(kind, key));
  }
}

/**
 * The addresses of a location that the kaart did not take (it keeps one address per location), carried on the raw
 * location from addressFields to the pipeline, which tells them as a notice once the location is imported. A symbol:
 * no field of a file can be it, and the pipeline's field cleaning never sees it.
 */
export const OTHER_ADDRESSES = Symbol('addresses not taken');

/** What a notice says of a location's addresses: the one taken and the others, by their `address_type` and first line. */
export interface OtherAddresses {
  taken: unknown;
  others: Array<{ type: unknown; line: unknown }>;
}

/**
 * The physical address (else the first) of a list of HSDS addresses, as the location's fields it lacks (its `country`
 * too, which readLocationCountry checks). Another address that says something else (a postal or virtual address, a
 * second visiting address) is not taken: it goes along under OTHER_ADDRESSES. One with the same street, postcode and
 * place, or an empty one, loses nothing.
 */
export function addressFields(value: unknown, location: Record<string, unknown>): Record<string | symbol, unknown> {
  const list = Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
  const address = list.find((a) => a.address_type === 'physical') ?? list[0];
  if (!address) return {};
  const fields: Record<string | symbol, unknown> = {};
  for (const name of ['address_1', 'postal_code', 'city', 'country'] as const) {
    if (!present(location[name]) && present(address[name])) fields[name] = address[name];
  }
  const others = list.filter((other) => other !== address && hasAddress(other) && addressKey(other) !== addressKey(address));
  if (others.length > 0) {
    const found: OtherAddresses = { taken: address.address_type, others: others.map((other) => ({ type: other.address_type, line: other.address_1 })) };
    fields[OTHER_ADDRESSES] = found;
  }
  return fields;
}

const ADDRESS_PARTS = ['address_1', 'postal_code', 'city'] as const;
const hasAddress = (address: Record<string, unknown>) => ADDRESS_PARTS.some((part) => present(address[part]));
/** An address as compared: street, postcode and place, without case or spaces. */
const addressKey = (address: Record<string, unknown>) =>
  JSON.stringify(ADDRESS_PARTS.map((part) => (typeof address[part] === 'string' ? (address[part] as string).toLowerCase().replace(/\s+/g, '') : address[part] ?? '')));

/** The addresses addressFields did not take of this raw location, if any. */
export function otherAddressesOf(location: Record<string | symbol, unknown>): OtherAddresses | undefined {
  return location[OTHER_ADDRESSES] as OtherAddresses | undefined;
}

/** How a notice names an address by its HSDS `address_type`. */
function addressKind(type: unknown): string {
  if (type === 'physical') return 'het bezoekadres';
  if (type === 'postal') return 'het postadres';
  if (type === 'virtual') return 'het online adres';
  return present(type) ? `het adres van de soort "${shown(type)}"` : 'een adres zonder soort';
}

/** The most addresses a notice names; the rest are counted. */
const NAMED_ADDRESSES = 3;

/**
 * The notice of a location whose other addresses were not taken: which location (its name, else its street), which
 * address was taken and which were not, by their kind and first line. "Locatie "Bibliotheek Oss": de kaart houdt één
 * adres per locatie. Overgenomen: het bezoekadres. Niet overgenomen: het postadres "Postbus 12"."
 */
export function otherAddressesNotice(location: Record<string, unknown>, found: OtherAddresses): KaartImportError {
  const which = present(location.name) ? `Locatie "${shown(location.name)}"` : present(location.address_1) ? `Locatie ${shown(location.address_1)}` : 'Deze locatie';
  const named = found.others.slice(0, NAMED_ADDRESSES).map((other) => `${addressKind(other.type)}${present(other.line) ? ` "${shown(other.line)}"` : ''}`);
  const more = found.others.length - named.length;
  const list = dutchList(more > 0 ? [...named, `nog ${countText(more, 'adres', 'adressen')}`] : named);
  return {
    entity: 'location', id: typeof location.id === 'string' ? location.id : undefined, field: 'addresses', code: 'address_not_taken',
    message: `${which}: de kaart houdt één adres per locatie. Overgenomen: ${addressKind(found.taken)}. Niet overgenomen: ${list}.`,
  };
}

/** How a file may name the Netherlands as an address's country: ISO 3166-1 alpha-2 (HSDS, and what the export writes) and alpha-3, or the name. */
const NETHERLANDS = new Set(['nl', 'nld', 'nederland', 'netherlands', 'the netherlands']);

/**
 * A location's `country` (from its address), which the kaart does not keep, is read here and taken off the record.
 * The kaart is for addresses in the Netherlands: a location in another country is an error and left out, also when the
 * user keeps the good (its postcode, phone and handout would be read as Dutch ones).
 */
export function readLocationCountry(raw: RawRecords, errors: KaartImportError[]): void {
  raw.location = raw.location.filter((item) => {
    const { country, ...location } = item.raw;
    item.raw = location;
    if (!present(country) || (typeof country === 'string' && NETHERLANDS.has(country.trim().toLowerCase()))) return true;
    errors.push({
      entity: 'location', index: item.index, id: typeof location.id === 'string' ? location.id : undefined, field: 'country', code: 'not_in_netherlands',
      message: `Dit adres ligt niet in Nederland (land: "${shown(country)}"). Op de sociale kaart staan alleen adressen in Nederland. De locatie is niet overgenomen.`,
    });
    return false;
  });
}

/** A file's value as a message shows it: text or a number, at most 40 characters (a megabyte of text stays in the file). */
function shown(value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : typeof value;
  return cutText(text, 40);
}

/** Rows of addresses.csv and accessibility.csv put on their locations (by location_id). */
export function mergeLocationRows(raw: RawRecords, addresses: Record<string, unknown>[], accessibility: Record<string, unknown>[]): void {
  const byLocation = new Map<unknown, Record<string, unknown>[]>();
  for (const row of addresses) byLocation.set(row.location_id, [...(byLocation.get(row.location_id) ?? []), row]);
  const access = new Map<unknown, Record<string, unknown>[]>();
  for (const row of accessibility) access.set(row.location_id, [...(access.get(row.location_id) ?? []), row]);
  for (const { raw: location } of raw.location) {
    const rows = byLocation.get(location.id);
    if (rows) Object.assign(location, addressFields(rows, location));
    const accessRows = access.get(location.id);
    if (accessRows && !present(location.accessibility)) location.accessibility = accessibilityText(accessRows);
  }
}

/** Rows of languages.csv put on their services (by service_id) as codes; rows of a location or phone are not kept. */
export function mergeServiceLanguages(raw: RawRecords, rows: Record<string, unknown>[]): void {
  const byService = new Map<unknown, string[]>();
  for (const row of rows) {
    if (!present(row.service_id) || typeof row.code !== 'string' || row.code.trim() === '') continue;
    const codes = byService.get(row.service_id) ?? [];
    const code = row.code.trim().toLowerCase();
    if (!codes.includes(code)) codes.push(code);
    byService.set(row.service_id, codes);
  }
  for (const { raw: service } of raw.service) {
    const codes = byService.get(service.id);
    if (codes && (!Array.isArray(service.languages) || service.languages.length === 0)) service.languages = codes;
  }
}

// ---- taxonomy terms outside our themes ----

/** As many keywords as validation allows on one service (fields.ts, kind `keywords`). */
const MAX_KEYWORDS = 50;
/** The longest keyword validation takes (validate.ts, kind `keywords`), in characters as textLength counts them. */
const MAX_KEYWORD_LENGTH = 100;

const SYNONYMS = new Map<string, KaartTheme>(KAART_THEMES.flatMap((theme) => [
  [theme.name.toLowerCase(), theme] as const, ...theme.synonyms.map((word) => [word.toLowerCase(), theme] as const),
]));

/** The theme a taxonomy term gets: the mapping table (the shipped defaults or a coordinator's) by code or name, else a theme's name or synonym. */
export function themeForTerm(term: { code?: unknown; name?: unknown }, mapping: TaxonomyMapping = DEFAULT_TAXONOMY_MAPPING): KaartTheme | undefined {
  const keys = [term.code, term.name].filter((v): v is string => typeof v === 'string').map((v) => v.trim().replace(/\s+/g, ' ').toLowerCase());
  for (const key of keys) {
    const code = ownValue(mapping, key);
    if (code && themeByCode(code)) return themeByCode(code);
  }
  for (const key of keys) if (SYNONYMS.has(key)) return SYNONYMS.get(key);
  return undefined;
}

/**
 * Taxonomy terms that are not one of our themes leave the import as records: each attribute that
 * points to one puts the term's name on its service as a keyword, and points to a theme instead
 * where themeForTerm finds one (else it is left out). Themes and unknown references stay as they are.
 */
export function resolveTaxonomy(raw: RawRecords, mapping?: TaxonomyMapping): void {
  const foreign = new Map<string, Record<string, unknown>>();
  raw.taxonomy_term = raw.taxonomy_term.filter(({ raw: term }) => {
    const isTheme = (typeof term.code === 'string' && themeByCode(term.code)) || (typeof term.id === 'string' && themeById(term.id));
    if (isTheme || typeof term.id !== 'string') return true;
    foreign.set(term.id, term);
    return false;
  });
  if (foreign.size === 0) return;
  const services = new Map(raw.service.map(({ raw: service }) => [service.id, service]));
  const linked = new Set<string>();
  raw.attribute = raw.attribute.filter(({ raw: attribute }) => {
    const term = typeof attribute.taxonomy_term_id === 'string' ? foreign.get(attribute.taxonomy_term_id) : undefined;
    if (!term) return true;
    // ";" separates list cells in the CSV package, so a keyword never holds one
    const spaced = (typeof term.name === 'string' && term.name.trim() !== '' ? term.name.trim() : typeof term.code === 'string' ? term.code.trim() : '')
      .replace(/;/g, ',').replace(/\s+/g, ' ');
    // at most 100 characters as validation counts them (textLength), never half an emoji
    // (200 UTF-16 units hold at least 100 code points, and a pair cut at their end falls past the 100th)
    const word = [...spaced.slice(0, 2 * MAX_KEYWORD_LENGTH)].slice(0, MAX_KEYWORD_LENGTH).join('').trim();
    const service = services.get(attribute.link_id);
    if (service && word) {
      const words = Array.isArray(service.keywords) ? service.keywords : [];
      const known = words.some((w) => typeof w === 'string' && w.toLowerCase() === word.toLowerCase());
      if (!known && words.length < MAX_KEYWORDS) service.keywords = [...words, word];
    }
    const theme = themeForTerm(term, mapping);
    if (!theme) return false;
    attribute.taxonomy_term_id = theme.id;
    const key = `${String(attribute.link_id)}:${theme.id}`;
    if (linked.has(key)) return false;
    linked.add(key);
    return true;
  });
}

// ---- schedules of a location ----

/**
 * HSDS lets a schedule hang from a location; the kaart keeps hours per service or per service at
 * a location. A location's schedule goes to every service_at_location of that location (of its
 * service, when it names one): the first keeps the schedule's id, the others get new ones. A
 * location that no service is given at keeps no hours: that is a warning.
 */
export function attachLocationSchedules(raw: RawRecords, newId: () => string, warnings: KaartImportError[]): void {
  if (!raw.schedule.some(({ raw: s }) => present(s.location_id))) return;
  const linksAt = new Map<unknown, Record<string, unknown>[]>();
  for (const { raw: link } of raw.service_at_location) {
    if (typeof link.id === 'string') linksAt.set(link.location_id, [...(linksAt.get(link.location_id) ?? []), link]);
  }
  const out: RawRecords['schedule'] = [];
  for (const item of raw.schedule) {
    const { location_id: location, ...schedule } = item.raw;
    if (!present(location) || present(schedule.service_at_location_id)) {
      out.push({ index: item.index, raw: schedule });
      continue;
    }
    const matches = (linksAt.get(location) ?? []).filter((link) => !present(schedule.service_id) || link.service_id === schedule.service_id);
    if (matches.length === 0) {
      if (present(schedule.service_id)) out.push({ index: item.index, raw: schedule });
      else {
        warnings.push({
          entity: 'schedule', index: item.index, id: typeof schedule.id === 'string' ? schedule.id : undefined, field: 'location_id', code: 'location_without_service',
          message: 'Deze openingstijden horen bij een locatie waar geen dienst wordt gegeven. Ze zijn niet overgenomen.',
        });
      }
      continue;
    }
    matches.forEach((link, i) => {
      const { service_id: _service, ...rest } = schedule;
      out.push({ index: item.index, raw: { ...rest, ...(i > 0 ? { id: newId() } : {}), service_at_location_id: link.id } });
    });
  }
  raw.schedule = out;
}

/**
 * HSDS lets a phone hang from a service at a location (`service_at_location_id`, or nested in it);
 * the kaart keeps phones per service, location or organization. Such a phone goes to the service
 * of that link, so the number stays with the service it is for.
 */
export function attachLinkPhones(raw: RawRecords): void {
  if (!raw.phone.some(({ raw: phone }) => present(phone.service_at_location_id))) return;
  const serviceOf = new Map(raw.service_at_location.map(({ raw: link }) => [link.id, link.service_id]));
  for (const item of raw.phone) {
    const { service_at_location_id: link, ...phone } = item.raw;
    if (!present(link)) continue;
    const owned = present(phone.service_id) || present(phone.location_id) || present(phone.organization_id);
    item.raw = owned || !present(serviceOf.get(link)) ? phone : { ...phone, service_id: serviceOf.get(link) };
  }
}
