import type { KaartOutboxEntity, KaartOutboxEntry } from '../../db/types';
import { label } from '../../shared/codelists';
import { dayText } from '../../shared/date-text';
import { capitalize, dutchList } from '../../shared/dutch-text';
import {
  describeSchedules, ENTITY_NAMES, fieldLabel, KAART_FIELDS, repeatText, scheduleDaysText, shortTime,
  type FieldSpec, type KaartEntity, type KaartLookup, type LocationFields, type ScheduleFields,
} from '../../shared/kaart';
import { themeById } from '../../shared/kaart/themes';
import { CARD_FIELD_LABELS } from '../../shared/snelwijzer/card';
import { canonicalJson } from '../../shared/json';
import { ownValue } from '../../shared/own-key';
import { languageName, REFERRAL_METHOD_LABELS, STATUS_LABELS } from './labels';

/**
 * A kaart conflict or refusal in words for the conflicts page: a title that says what the record is and what it belongs
 * to ("Openingstijden van Taalcafé", never a bare id), and both versions as people read them ("donderdag",
 * "14:00–17:00", "om de 2 weken", a language's name), in the kaart's own Dutch (schedule-text.ts, FIELD_LABELS).
 */

/** One row of the side-by-side table: one field, or fields that are only chosen together (a schedule's times). */
export interface ConflictRow {
  key: string;
  label: string;
  fields: string[];
  mine: string;
  theirs: string;
  /** a Snelwijzer card's text with its marks ("**vet**", "- " lines): drawn as the card page draws it (ui/CardText) */
  marks?: boolean;
}

/** One field of a Snelwijzer card as its version is shown whole (a card removed on the other side). */
export interface CardFact { label: string; value: string; marks?: boolean }

/** One side of a card removed on the other: the card in full, or in words that it was removed there. */
export type CardSide = { facts: CardFact[] } | { gone: string };

/** changed: both versions exist; deleted_here: this tablet removed it, the server changed it; deleted_on_server: the reverse. */
export type ConflictKind = 'changed' | 'deleted_here' | 'deleted_on_server';

export interface ConflictView {
  title: string;
  kind: ConflictKind;
  /** each side as one line (the number, the hours, the address…): for records known by what they belong to, and for any delete */
  summary?: { mine: string; theirs: string };
  /** the rows that differ (none for a delete on one side: there is nothing to pick per field) */
  rows: ConflictRow[];
  /** a Snelwijzer card removed on one side: the other side in full, as staff will see it, instead of only its title */
  cardSides?: { mine: CardSide; theirs: CardSide };
}

export const EMPTY_TEXT = '(leeg)';
export const DELETED_TEXT = 'Weggehaald';
/** What the page says when the answer carried no copy of the server's record. */
export const NO_SERVER_COPY_TEXT = 'Niet op deze tablet';

type Data = Record<string, unknown>;

const NOT_HERE: Partial<Record<KaartEntity, string>> = {
  service: 'een dienst die niet op deze tablet staat',
  location: 'een locatie die niet op deze tablet staat',
  organization: 'een organisatie die niet op deze tablet staat',
  service_at_location: 'een dienst op een locatie die niet op deze tablet staat',
  taxonomy_term: 'een thema dat niet op deze tablet staat',
};

/** Fields of a schedule that are chosen together, with the row's name. */
const SCHEDULE_GROUPS = [
  { key: 'times', label: 'Tijden', fields: ['opens_at', 'closes_at'] },
  { key: 'repeat', label: 'Herhaling', fields: ['freq', 'interval', 'week_parity'] },
];

/** A schedule's rows as people say it: of what, which days, what times, how often, from when to when. */
const SCHEDULE_ORDER = ['service_id', 'service_at_location_id', 'byday', 'opens_at', 'closes_at', 'freq', 'interval', 'week_parity', 'valid_from', 'valid_to', 'description'];

/** A card's fields that hold text with marks (shared/snelwijzer/marks.ts). */
const MARKED_CARD_FIELDS = new Set(['body', 'bring']);
/** A card's fields as a version is shown whole: what the card page shows, not whose it is or where it was copied from (ids). */
const CARD_FACTS = ['title', 'topics', 'body', 'bring', 'links', 'service_id', 'checked_on'];
/** What the page says of a card's side that was removed: where, in words. */
export const CARD_GONE_HERE = 'U heeft deze kaart op deze tablet weggehaald.';
export const CARD_GONE_ON_SERVER = 'Deze kaart is op de server weggehaald.';
export const CARD_NO_SERVER_COPY = 'De versie van de server staat niet op deze tablet.';

/** Fields of a "Klopt niet" mark (not in the kaart's catalogue). */
const FEEDBACK_LABELS: Record<string, string> = { service_id: 'Dienst', note: 'Toelichting', created_at: 'Gemeld op', resolved: 'Afgehandeld' };

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A location as staff know it: its name, else its street and place. */
function locationText(location: Partial<LocationFields>): string {
  return text(location.name) || [text(location.address_1), text(location.city)].filter(Boolean).join(', ') || 'zonder naam of adres';
}

const notHere = (entity: KaartEntity) => NOT_HERE[entity] ?? `een ${ENTITY_NAMES[entity][0]} die niet op deze tablet staat`;

/** The name of a record another one refers to, as a sentence goes on: "Taalcafé", "locatie Bibliotheek Centrum". */
function refText(entity: KaartEntity, id: unknown, lookup: KaartLookup): string {
  const found = typeof id === 'string' ? lookup(entity, id) as Data | undefined : undefined;
  if (entity === 'taxonomy_term' && found === undefined && typeof id === 'string') {
    const theme = themeById(id);
    if (theme) return theme.name;
  }
  if (found === undefined) return notHere(entity);
  if (entity === 'location') return `locatie ${locationText(found)}`;
  if (entity === 'service_at_location') return salText(found, lookup);
  return text(found.name) || `een ${ENTITY_NAMES[entity][0]} zonder naam`;
}

/** A service at a location: "Taalcafé op locatie Bibliotheek Centrum". */
function salText(data: Data, lookup: KaartLookup): string {
  return `${refText('service', data.service_id, lookup)} op ${refText('location', data.location_id, lookup)}`;
}

/** What a phone number belongs to: its service, location or organization. */
function phoneOwner(data: Data, lookup: KaartLookup): string {
  if (data.service_id) return refText('service', data.service_id, lookup);
  if (data.location_id) return refText('location', data.location_id, lookup);
  return refText('organization', data.organization_id, lookup);
}

/** What a schedule belongs to: its service, or its service at a location. */
function scheduleOwner(data: Data, lookup: KaartLookup): string {
  return data.service_id ? refText('service', data.service_id, lookup) : refText('service_at_location', data.service_at_location_id, lookup);
}

/**
 * The heading of a conflict or a refusal: the record's name where it has one, else what it is and what it belongs to:
 * "Telefoonnummer van Taalcafé", "Openingstijden van Taalcafé op locatie Bibliotheek Centrum", "Locatie Stationsplein 1,
 * Utrecht". A parent the tablet does not have is said in words ("… van een dienst die niet op deze tablet staat").
 */
export function recordTitle(entity: KaartOutboxEntity, record: object, lookup: KaartLookup): string {
  const data = record as Data;
  switch (entity) {
    case 'organization': return text(data.name) || 'Organisatie zonder naam';
    case 'service': return text(data.name) || 'Dienst zonder naam';
    case 'taxonomy_term': return text(data.name) || 'Thema zonder naam';
    case 'snelwijzer_card': return text(data.title) || 'Snelwijzerkaart zonder titel';
    case 'location': return `Locatie ${locationText(data)}`;
    case 'service_at_location': return capitalize(salText(data, lookup));
    case 'phone': {
      const owner = phoneOwner(data, lookup);
      // without its owner, the number itself tells the conflicts apart
      return owner.startsWith('een ') && text(data.number) ? `Telefoonnummer ${text(data.number)} van ${owner}` : `Telefoonnummer van ${owner}`;
    }
    case 'schedule': return `Openingstijden van ${scheduleOwner(data, lookup)}`;
    case 'attribute': return `Thema ${refText('taxonomy_term', data.taxonomy_term_id, lookup)} bij ${refText('service', data.link_id, lookup)}`;
    case 'feedback': return `Melding ‘Klopt niet’ bij ${refText('service', data.service_id, lookup)}`;
  }
  return 'Gegeven van de sociale kaart';
}

/** The whole record as one line, for records known by what they belong to: the number, the hours, the address. */
export function summaryText(entity: KaartOutboxEntity, data: Data, lookup: KaartLookup): string | undefined {
  switch (entity) {
    case 'phone': return text(data.number) ? `${text(data.number)}${text(data.description) ? ` (${text(data.description)})` : ''}` : EMPTY_TEXT;
    case 'schedule': {
      const lines = describeSchedules([data as unknown as ScheduleFields]);
      return lines.length > 0 ? lines.join('; ') : 'Geen tijden';
    }
    case 'location': return [text(data.name), text(data.address_1), [text(data.postal_code), text(data.city)].filter(Boolean).join(' ')].filter(Boolean).join(', ') || EMPTY_TEXT;
    case 'service_at_location': return capitalize(salText(data, lookup));
    case 'attribute': return capitalize(refText('taxonomy_term', data.taxonomy_term_id, lookup));
  }
  return undefined;
}

/** The times of a schedule: "14:00–17:00", "vanaf 9:00", "tot 12:00". */
function timesText(data: Data): string {
  const opens = text(data.opens_at);
  const closes = text(data.closes_at);
  if (opens && closes) return `${shortTime(opens)}–${shortTime(closes)}`;
  if (opens) return `vanaf ${shortTime(opens)}`;
  return closes ? `tot ${shortTime(closes)}` : EMPTY_TEXT;
}

/** One field's value as people read it; a reference by the name of what it refers to, never its id. */
export function valueText(entity: KaartOutboxEntity, field: string, record: object, lookup: KaartLookup): string {
  const data = record as Data;
  const value = data[field];
  // a national record's owner is null: that is a value, not an empty field
  if (field === 'owner_organisation_id') return value === null ? 'Landelijk' : isEmpty(value) ? EMPTY_TEXT : 'Uw organisatie';
  if (isEmpty(value)) return EMPTY_TEXT;
  if (entity === 'snelwijzer_card') return cardValueText(field, value, lookup);
  if (entity === 'feedback') {
    if (field === 'service_id') return capitalize(refText('service', value, lookup));
    if (field === 'resolved') return value ? 'Ja' : 'Nee';
    if (field === 'created_at' && typeof value === 'string') return dayText(value.slice(0, 10));
    return String(value);
  }
  const spec: FieldSpec | undefined = ownValue(KAART_FIELDS, entity)?.find((f) => f.name === field);
  const list = Array.isArray(value) ? value.map(String) : [String(value)];
  switch (spec?.kind) {
    case 'ref': return capitalize(refText(spec.ref!, value, lookup));
    case 'date': return dayText(String(value));
    case 'time': return shortTime(String(value));
    case 'byday': return capitalize(scheduleDaysText(data as unknown as ScheduleFields)) || String(value);
    case 'languages': return dutchList(list.map(languageName));
    case 'topics': return dutchList(list.map((code) => label('topic', code)));
    case 'keywords': return list.join(', ');
    case 'enum':
      if (field === 'status') return ownValue(STATUS_LABELS as Record<string, string>, String(value)) ?? String(value);
      if (field === 'referral_method') return ownValue(REFERRAL_METHOD_LABELS as Record<string, string>, String(value)) ?? String(value);
      if (field === 'link_entity') return 'Dienst';
  }
  return list.join(', ');
}

function cardValueText(field: string, value: unknown, lookup: KaartLookup): string {
  if (field === 'service_id') return capitalize(refText('service', value, lookup));
  if (field === 'topics' && Array.isArray(value)) return dutchList(value.map((code) => label('topic', String(code))));
  if (field === 'checked_on') return dayText(String(value));
  // a link by its name and address, whatever order the stored JSON gives their keys
  if (field === 'links' && Array.isArray(value)) return value.map((link: { label?: unknown; url?: unknown }) => `${String(link?.label ?? '')} (${String(link?.url ?? '')})`).join(', ');
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** Equal as data: the server's stored JSON may give an object's keys in another order (a card's link as {url, label}). */
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The rows of the side-by-side table: the fields that differ, in the catalogue's order; a schedule's times as one row. */
function rowsOf(entity: KaartOutboxEntity, mine: Data, theirs: Data, lookup: KaartLookup): ConflictRow[] {
  const catalogue = entity === 'schedule' ? SCHEDULE_ORDER : entity === 'snelwijzer_card' ? Object.keys(CARD_FIELD_LABELS) : entity === 'feedback' ? Object.keys(FEEDBACK_LABELS)
    : ownValue(KAART_FIELDS, entity)?.map((f) => f.name) ?? [];
  const fields = [...new Set([...catalogue, ...Object.keys(mine), ...Object.keys(theirs)])]
    .filter((field) => field !== 'id' && !same(mine[field], theirs[field]));
  const rows: ConflictRow[] = [];
  const grouped = new Set<string>();
  for (const field of fields) {
    if (grouped.has(field)) continue;
    const group = entity === 'schedule' ? SCHEDULE_GROUPS.find((g) => g.fields.includes(field)) : undefined;
    if (group) {
      for (const f of group.fields) grouped.add(f);
      const show = group.key === 'times' ? timesText : (data: Data) => repeatText(data as unknown as ScheduleFields) ?? EMPTY_TEXT;
      rows.push({ key: group.key, label: group.label, fields: group.fields, mine: show(mine), theirs: show(theirs) });
      continue;
    }
    const name = entity === 'snelwijzer_card' ? ownValue(CARD_FIELD_LABELS, field) ?? field
      : entity === 'feedback' ? ownValue(FEEDBACK_LABELS, field) ?? field : capitalize(fieldLabel(field));
    const marks = entity === 'snelwijzer_card' && MARKED_CARD_FIELDS.has(field);
    rows.push({ key: field, label: name, fields: [field], mine: valueText(entity, field, mine, lookup), theirs: valueText(entity, field, theirs, lookup), ...(marks ? { marks } : {}) });
  }
  return rows;
}

/** A conflict as the page shows it: title, kind, each side in one line where that helps, and the rows that differ. */
export function conflictView(entry: KaartOutboxEntry, lookup: KaartLookup): ConflictView {
  const mine = entry.data as unknown as Data;
  const current = entry.current;
  const theirs = (current?.data ?? {}) as Data;
  const kind: ConflictKind = entry.deleted && current && !current.deleted ? 'deleted_here'
    : !entry.deleted && current?.deleted ? 'deleted_on_server' : 'changed';
  const title = recordTitle(entry.entity, Object.keys(mine).length > 1 ? mine : theirs, lookup);
  const side = (data: Data, deleted: boolean, present: boolean) => (!present ? NO_SERVER_COPY_TEXT : deleted ? DELETED_TEXT
    : summaryText(entry.entity, data, lookup) ?? recordTitle(entry.entity, data, lookup));
  const summary = kind !== 'changed' || summaryText(entry.entity, mine, lookup) !== undefined
    ? { mine: side(mine, entry.deleted, true), theirs: side(theirs, current?.deleted ?? false, current !== undefined) }
    : undefined;
  const cardSides = entry.entity === 'snelwijzer_card' && kind !== 'changed' ? {
    mine: entry.deleted ? { gone: CARD_GONE_HERE } : cardFacts(mine, lookup),
    theirs: !current ? { gone: CARD_NO_SERVER_COPY } : current.deleted ? { gone: CARD_GONE_ON_SERVER } : cardFacts(theirs, lookup),
  } : undefined;
  return { title, kind, ...(summary ? { summary } : {}), rows: kind === 'changed' ? rowsOf(entry.entity, mine, theirs, lookup) : [], ...(cardSides ? { cardSides } : {}) };
}

/** A card's version whole, field by field in words, its texts with their marks: the fields it has, in the card page's order. */
function cardFacts(data: Data, lookup: KaartLookup): CardSide {
  return {
    facts: CARD_FACTS.filter((field) => !isEmpty(data[field])).map((field) => ({
      label: ownValue(CARD_FIELD_LABELS, field) ?? field, value: valueText('snelwijzer_card', field, data, lookup), ...(MARKED_CARD_FIELDS.has(field) ? { marks: true } : {}),
    })),
  };
}

/**
 * The record that a merge sends: the server's version, with the staff's own value for each row they left on "mine"
 * (a field the staff's version does not have is left out, as it was).
 */
export function mergedRecord(view: ConflictView, mine: object, theirs: object, picks: Readonly<Record<string, 'mine' | 'theirs'>>): Data {
  const own = mine as Data;
  const result: Data = { ...(theirs as Data) };
  for (const row of view.rows) {
    if ((picks[row.key] ?? 'mine') !== 'mine') continue;
    for (const field of row.fields) {
      if (Object.hasOwn(own, field)) result[field] = own[field];
      else delete result[field];
    }
  }
  return result;
}

/** What a conflict's place says once chosen, after "Opgelost: <title>.": what happened to which version, and what next. */
const CHOSEN: Record<ConflictKind, { mine: string; theirs: string }> = {
  changed: { mine: 'Uw versie is bewaard en gaat naar de server.', theirs: 'De versie van de server staat nu op deze tablet.' },
  deleted_here: {
    mine: 'Het is van deze tablet weggehaald en wordt ook van de server weggehaald.',
    theirs: 'U haalt het niet weg. Het staat weer op deze tablet, zoals op de server.',
  },
  deleted_on_server: {
    mine: 'Uw versie blijft op deze tablet en gaat naar de server. Daar staat het dan weer.',
    theirs: 'Het is ook van deze tablet weggehaald, zoals op de server. Uw wijziging is weg.',
  },
};

/**
 * The notice once a conflict is chosen: "Opgelost: <title>." and what the choice did. A choice per field names the
 * fields it took from each version ("‘Tijden’ uit uw versie, ‘Omschrijving’ uit de versie van de server").
 */
export function chosenText(view: ConflictView, choice: 'mine' | 'theirs' | 'per_field', picks: Readonly<Record<string, 'mine' | 'theirs'>> = {}): string {
  if (choice !== 'per_field') return `Opgelost: ${view.title}. ${CHOSEN[view.kind][choice]}`;
  const named = (side: 'mine' | 'theirs') => dutchList(view.rows.filter((row) => (picks[row.key] ?? 'mine') === side).map((row) => `‘${row.label}’`));
  const parts = [named('mine') && `${named('mine')} uit uw versie`, named('theirs') && `${named('theirs')} uit de versie van de server`].filter(Boolean);
  return `Opgelost: ${view.title}. Uw keuze is bewaard: ${parts.join(', ')}. Dit gaat naar de server.`;
}
