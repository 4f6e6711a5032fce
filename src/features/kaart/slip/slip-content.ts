import type { ServiceView } from '../../../db/kaart/joins';
import { describeSchedules, openingState } from '../../../shared/kaart';
import { type SlipQuestion, slipQuestionText } from '../../../shared/kaart/slip-question';
import type { SnelwijzerCardFields } from '../../../shared/snelwijzer/card';
import { type Inline, parseMarks } from '../../../shared/snelwijzer/marks';
import { REFERRAL_METHOD_LABELS } from '../labels';

/** What the visitor takes home: only kaart data and code-list labels, never anything about the visitor. */
export interface Slip {
  /** "Hulp bij: DigiD aanvragen", from the topic's code-list label */
  question?: string;
  service: string;
  partner?: string;
  addresses: string[];
  /** "maandag, woensdag 9:00–12:00", as the kaart writes opening hours */
  hours: string[];
  /** "Tijdelijk gesloten", "Alleen op afspraak": the schedules' own notes */
  hoursNotes: string[];
  phones: string[];
  website?: string;
  /** how to go: "Op afspraak", "Eerst bellen" */
  how?: string;
  /** what to bring (from the matching Snelwijzer card, else the kaart entry) and how to sign up, from the kaart entry */
  bring: Array<{ heading: string; text: string }>;
}

/**
 * The Snelwijzer card whose "what to bring" the slip shows: a card that refers to this service (and, when the
 * question has topics, shares one), else a card of the question's topics. `cards` come as the tablet lists them:
 * the organisation's own first (a copy in place of its national original), then the national ones.
 */
export function slipCard<T extends Pick<SnelwijzerCardFields, 'service_id' | 'topics' | 'bring'>>(cards: readonly T[], serviceId: string, question: SlipQuestion): T | undefined {
  const withBring = cards.filter((card) => card.bring.trim() !== '');
  const sharesTopic = (card: T) => card.topics.some((topic) => question.topics.includes(topic));
  return withBring.find((card) => card.service_id === serviceId && (question.topics.length === 0 || sharesTopic(card)))
    ?? (question.topics.length > 0 ? withBring.find(sharesTopic) : undefined);
}

/** A card text as plain lines for paper and the share sheet: the list and step marks and ** dropped, one item a line. */
export function plainCardLines(text: string): string[] {
  const inline = (parts: Inline[]) => parts.map((part) => (part.kind === 'link' ? part.url : part.text)).join('').trim();
  return parseMarks(text).flatMap((block) => (block.kind === 'paragraph' ? block.lines.map(inline) : block.items.map(inline))).filter((line) => line !== '');
}

const unique = (values: string[]) => [...new Set(values)];

/** The sentences of a description that say what to bring: "Neem uw DigiD mee." */
export function bringSentences(description: string | undefined): string | undefined {
  const sentences = (description ?? '').split(/(?<=[.!?])\s+/).filter((s) => /\b(neem|neemt|meenemen|meebrengen)\b/i.test(s));
  return sentences.length > 0 ? sentences.join(' ').replace(/\s*\(voorbeeld\)\s*$/, '') : undefined;
}

/**
 * The slip of a kaart entry for a question. Each field is picked by name from the entry (no staff
 * feedback, no local edits) and, for what to bring, from the coordinator's Snelwijzer card, so nothing
 * typed in the form can reach the slip.
 */
export function buildSlip(view: ServiceView, question: SlipQuestion, now: Date, card?: Pick<SnelwijzerCardFields, 'bring'>): Slip {
  const { service, organization } = view;
  const topic = slipQuestionText(question);
  const state = openingState(view.schedules, now, { status: service.status });
  const hours = describeSchedules(view.schedules, now);
  const bring = [
    { heading: 'Neem mee', text: card ? plainCardLines(card.bring).join('\n') : bringSentences(service.description) },
    { heading: 'Zo meldt u zich aan', text: service.application_process },
    { heading: 'Voor wie', text: service.eligibility_description },
    { heading: 'Kosten', text: service.fees_description },
  ].filter((item): item is { heading: string; text: string } => typeof item.text === 'string' && item.text.trim() !== '');
  const website = service.url ?? organization?.website;
  return {
    question: topic ? `Hulp bij: ${topic}` : undefined,
    service: service.name,
    partner: organization && organization.name !== service.name ? organization.name : undefined,
    addresses: unique(view.locations.map((l) => [l.name, l.address_1, [l.postal_code, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', '))),
    hours,
    // the schedules' notes that the hours do not already say ("Op feestdagen gesloten.")
    hoursNotes: unique([...(service.status === 'active' ? [] : [state.text]), ...state.exceptions]).filter((note) => !hours.includes(note)),
    phones: unique(view.phones.map((p) => (p.description ? `${p.number} (${p.description})` : p.number))),
    website: website?.replace(/^https?:\/\//, ''),
    how: service.referral_method && service.referral_method !== 'warm' ? REFERRAL_METHOD_LABELS[service.referral_method] : undefined,
    bring: bring.map((item) => ({ heading: item.heading, text: item.text.trim() })),
  };
}

/** The slip as plain text lines: what the share sheet sends and the picture shows. */
export function slipLines(slip: Slip): string[] {
  return [
    ...(slip.question ? [slip.question, ''] : []),
    `Ga naar: ${slip.service}`,
    ...(slip.partner ? [slip.partner] : []),
    ...slip.addresses.map((a) => `Adres: ${a}`),
    ...(slip.hours.length + slip.hoursNotes.length > 0 ? ['', 'Open:', ...slip.hours, ...slip.hoursNotes] : []),
    ...(slip.how ? ['', `Hoe: ${slip.how}`] : []),
    ...slip.phones.map((p) => `Telefoon: ${p}`),
    ...(slip.website ? [`Website: ${slip.website}`] : []),
    ...slip.bring.flatMap((item) => ['', `${item.heading}:`, item.text]),
  ];
}

/** The slip as one text, for `navigator.share`. */
export function slipText(slip: Slip): string {
  return slipLines(slip).join('\n');
}
