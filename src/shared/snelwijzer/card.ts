import { isCode } from '../codelists';
import { isCalendarDay } from '../calendar';
import { checkedDayOutOfRange } from '../checked-day';
import type { ValidationError } from '../validation';
import { isUuid } from '../ids';
import { syncedRecordFields } from '../kaart/sync-record';
import { isLongerThan, tooLongText } from '../text-length';

/**
 * A Snelwijzer card: a short how-to for staff on the floor, per registration topic. It travels as the
 * kaart sync entity `snelwijzer_card` (docs/api-extensions.md). `owner_organisation_id` is its scope, as
 * for a kaart organization: an organisation's own card, or null for a national card (national team only).
 */
export interface SnelwijzerCardFields {
  id: string;
  title: string;
  /** registration topic codes (code list `topic`); at least one */
  topics: string[];
  /** steps and explanation, plain text with a few marks (snelwijzer/marks.ts) */
  body: string;
  /** what the visitor brings, same marks; may be empty */
  bring: string;
  /** links for staff, https only */
  links: SnelwijzerLink[];
  /** the partner to refer to: a kaart service id */
  service_id: string | null;
  /** YYYY-MM-DD: when someone last checked the card ("laatst gecontroleerd") */
  checked_on: string;
  /** the organisation that keeps the card, or null for a national card */
  owner_organisation_id: string | null;
  /** a copy of a national card: that card's id */
  copied_from: string | null;
}

export interface SnelwijzerLink {
  label: string;
  url: string;
}

/** A card as the tablet stores it: the server version (0 before it reached the server). */
export type SnelwijzerCard = SnelwijzerCardFields & { version: number; updatedAt: string };

export const SNELWIJZER_ENTITY = 'snelwijzer_card';
/** A card's limits, in characters as textLength counts them (an emoji is 1), and links in number. */
export const CARD_LIMITS = { title: 120, body: 4000, bring: 1000, links: 10, linkLabel: 120, url: 500 } as const;
const FIELDS = ['id', 'title', 'topics', 'body', 'bring', 'links', 'service_id', 'checked_on', 'owner_organisation_id', 'copied_from'] as const;

/** Whether a link may be shown as a link: https with a host name, nothing else (no javascript:, data:, http:). */
export function isSafeLink(value: unknown): value is string {
  if (typeof value !== 'string' || isLongerThan(value, CARD_LIMITS.url) || !/^https:\/\/[^\s<>"\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF]+$/i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.includes('.') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Checks a card: `{field, code, message}[]` in Dutch, the same list for the edit page and the server's `rejected`.
 * `now` places `checked_on`: from 2000 up to tomorrow (shared/checked-day.ts).
 */
export function validateCard(data: unknown, now = new Date()): ValidationError[] {
  const errors: ValidationError[] = [];
  const add = (field: string, code: string, message: string) => errors.push({ field, code, message });
  const card = syncedRecordFields(data, FIELDS, 'Deze kaart is leeg of ongeldig.', add);
  if (!card) return errors;
  if (!isUuid(card.id)) add('id', 'invalid_id', 'Deze kaart heeft geen geldige id.');
  // In the order of the edit page's fields: the error summary lists them so (title, topics, text, partner, links, date).
  text(card.title, 'title', 'De titel', CARD_LIMITS.title, true, add);
  if (!Array.isArray(card.topics) || card.topics.length === 0) add('topics', 'required', 'Kies minstens één onderwerp.');
  else if (card.topics.length > 20 || !card.topics.every((topic) => isCode('topic', topic))) add('topics', 'invalid_code', 'Kies de onderwerpen uit de lijst.');
  else if (new Set(card.topics).size !== card.topics.length) add('topics', 'duplicate', 'Elk onderwerp mag maar één keer.');
  text(card.body, 'body', 'De uitleg', CARD_LIMITS.body, true, add);
  if (card.bring !== undefined) text(card.bring, 'bring', 'Wat de bezoeker meeneemt', CARD_LIMITS.bring, false, add);
  for (const field of ['service_id', 'owner_organisation_id', 'copied_from'] as const) {
    if (card[field] != null && !isUuid(card[field])) add(field, 'invalid_id', field === 'service_id' ? 'Kies de partner uit de sociale kaart.' : 'Deze kaart heeft een ongeldige verwijzing.');
  }
  if (card.links === undefined) { /* no links */ } else if (!Array.isArray(card.links)) add('links', 'invalid_list', 'De links moeten een lijst zijn.');
  else if (card.links.length > CARD_LIMITS.links) add('links', 'too_many', `Gebruik hoogstens ${CARD_LIMITS.links} links.`);
  else {
    card.links.forEach((link, i) => {
      const item = link as Partial<SnelwijzerLink> | null;
      if (typeof item !== 'object' || item === null || Object.keys(item).some((k) => k !== 'label' && k !== 'url')) add(`links.${i}`, 'invalid_link', 'Een link heeft alleen een naam en een adres.');
      else if (!isSafeLink(item.url)) add(`links.${i}.url`, 'invalid_url', 'Een link moet een https-adres zijn, zoals https://www.digid.nl.');
      else if (typeof item.label !== 'string' || item.label.trim() === '' || isLongerThan(item.label, CARD_LIMITS.linkLabel)) add(`links.${i}.label`, 'invalid_text', `Geef de link een naam van hoogstens ${CARD_LIMITS.linkLabel} tekens.`);
    });
  }
  if (!isCalendarDay(card.checked_on)) add('checked_on', 'invalid_date', 'Vul de datum van de laatste controle in (JJJJ-MM-DD).');
  else {
    const problem = checkedDayOutOfRange(card.checked_on, now);
    if (problem) add('checked_on', 'out_of_range', problem);
  }
  return errors;
}

function text(value: unknown, field: string, name: string, max: number, required: boolean, add: (field: string, code: string, message: string) => void): void {
  if (typeof value !== 'string') add(field, 'invalid_text', `${name} moet tekst zijn.`);
  else if (required && value.trim() === '') add(field, 'required', `${name} mag niet leeg zijn.`);
  else if (isLongerThan(value, max)) add(field, 'too_long', `${name} is te lang: ${tooLongText(max, value)}`);
}

/** The stored form: only the model's fields, ids in lower case, absent references as null. */
export function normaliseCard(data: Record<string, unknown>): Record<string, unknown> {
  const card: Record<string, unknown> = {};
  for (const field of FIELDS) if (data[field] !== undefined) card[field] = data[field];
  for (const field of ['id', 'service_id', 'owner_organisation_id', 'copied_from']) {
    if (typeof card[field] === 'string') card[field] = (card[field] as string).toLowerCase();
    else if (card[field] === undefined && field !== 'id') card[field] = null;
  }
  card.bring ??= '';
  card.links ??= [];
  return card;
}

/** Whether the last check is older than six months: the card then warns, like a kaart entry. */
export function isCardStale(checkedOn: string, now = new Date()): boolean {
  const limit = new Date(now);
  limit.setUTCMonth(limit.getUTCMonth() - 6);
  return !isCalendarDay(checkedOn) || new Date(`${checkedOn}T00:00:00Z`) < limit;
}

/** A copy of a (national) card for the organisation's own set: a new id, the organisation as owner, the original remembered. */
export function copyCard(card: SnelwijzerCardFields, organisationId: string, newId: string): SnelwijzerCardFields {
  return { ...card, id: newId, links: card.links.map((link) => ({ ...link })), topics: [...card.topics], owner_organisation_id: organisationId, copied_from: card.id };
}

/** Dutch names of a card's fields (the conflict page shows them beside the kaart's own). */
export const CARD_FIELD_LABELS: Record<string, string> = {
  title: 'Titel', topics: 'Onderwerpen', body: 'Zo helpt u', bring: 'Wat neemt de bezoeker mee', links: 'Links',
  service_id: 'Partner', checked_on: 'Laatst gecontroleerd', owner_organisation_id: 'Van wie', copied_from: 'Gekopieerd van',
};
