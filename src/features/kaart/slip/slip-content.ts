import type { ServiceView } from '../../../db/kaart/joins';
import { describeSchedules, openingState } from '../../../shared/kaart';
import { type SlipQuestion, slipQuestionText } from '../../../shared/kaart/slip-question';
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
  /** what to bring and how to sign up, from the kaart entry */
  bring: Array<{ heading: string; text: string }>;
}

const unique = (values: string[]) => [...new Set(values)];

/** The sentences of a description that say what to bring: "Neem uw DigiD mee." */
export function bringSentences(description: string | undefined): string | undefined {
  const sentences = (description ?? '').split(/(?<=[.!?])\s+/).filter((s) => /\b(neem|neemt|meenemen|meebrengen)\b/i.test(s));
  return sentences.length > 0 ? sentences.join(' ').replace(/\s*\(voorbeeld\)\s*$/, '') : undefined;
}

/**
 * The slip of a kaart entry for a question. Each field is picked by name from the entry (no staff
 * feedback, no local edits), so nothing typed in the form or elsewhere can reach the slip.
 */
export function buildSlip(view: ServiceView, question: SlipQuestion, now: Date): Slip {
  const { service, organization } = view;
  const topic = slipQuestionText(question);
  const state = openingState(view.schedules, now, { status: service.status });
  const hours = describeSchedules(view.schedules, now);
  const bring = [
    { heading: 'Neem mee', text: bringSentences(service.description) },
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
