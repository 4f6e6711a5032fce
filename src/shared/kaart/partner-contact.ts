import { telHref } from './formats';
import { type OpeningOptions, openingState, type ScheduleInput } from './opening-hours';

/** Whom to call, in a line or two: the partner's name, whether it is open now, and its numbers to tap. */
export interface PartnerContactInfo {
  name: string;
  /** "Open nu tot 12:00", "Gesloten, open maandag om 10:00", "Tijdelijk gesloten" */
  openText: string;
  phones: Array<{ number: string; href?: string; description?: string }>;
}

/** At most this many numbers beside a card: the kaart entry has them all. */
const MAX_PHONES = 3;

/** The contact line of a kaart service as the Snelwijzer shows it beside a card (offline, from the tablet's kaart). */
export function partnerContact(
  service: { name: string; status?: OpeningOptions['status'] },
  schedules: readonly ScheduleInput[],
  phones: ReadonlyArray<{ number: string; description?: string | null }>,
  now: Date,
): PartnerContactInfo {
  const seen = new Set<string>();
  const unique = phones.filter((p) => typeof p.number === 'string' && p.number.trim() !== '' && !seen.has(p.number) && seen.add(p.number));
  return {
    name: service.name,
    openText: openingState(schedules, now, { status: service.status }).text,
    phones: unique.slice(0, MAX_PHONES).map((p) => ({ number: p.number, href: telHref(p.number), ...(p.description ? { description: p.description } : {}) })),
  };
}
