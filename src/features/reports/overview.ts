import { addDays, mondayOf } from '../../shared/calendar';
import { label, type ListName } from '../../shared/codelists';
import type { IdoLocation, Registration } from '../../shared/registration';
import { amsterdamDay } from '../../shared/time';

/** A period of Amsterdam calendar days, both ends included (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

/** One row of a tally: a code, its Dutch label, how many contacts and questions. */
export interface TallyRow {
  code: string;
  label: string;
  contacts: number;
  questions: number;
}

/** What the tablet's own overview shows for a period. */
export interface Overview {
  contacts: number;
  questions: number;
  minutes: number;
  topics: TallyRow[];
  governmentOrganisations: TallyRow[];
  help: TallyRow[];
  referrals: TallyRow[];
  locations: TallyRow[];
  scenarios: TallyRow[];
}


/** Today, this ISO week (Monday–Sunday) or this calendar month, in Amsterdam. */
export function periodOf(kind: 'today' | 'week' | 'month', now = new Date()): Period {
  const today = amsterdamDay(now);
  if (kind === 'today') return { from: today, to: today };
  if (kind === 'week') {
    const monday = mondayOf(today);
    return { from: monday, to: addDays(monday, 6) };
  }
  const [y, m] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${today.slice(0, 7)}-01`, to: `${today.slice(0, 7)}-${String(last).padStart(2, '0')}` };
}

class Tally {
  private rows = new Map<string, { contacts: Set<string>; questions: number }>();
  add(code: string, contactId: string) {
    const row = this.rows.get(code) ?? { contacts: new Set<string>(), questions: 0 };
    row.contacts.add(contactId);
    row.questions += 1;
    this.rows.set(code, row);
  }
  /** Most questions first; ties by label. */
  toRows(labelOf: (code: string) => string): TallyRow[] {
    return [...this.rows.entries()]
      .map(([code, row]) => ({ code, label: labelOf(code), contacts: row.contacts.size, questions: row.questions }))
      .sort((a, b) => b.questions - a.questions || a.label.localeCompare(b.label, 'nl'));
  }
}

/**
 * Counts a tablet's registrations: contacts, questions, and per topic, organisation, help,
 * referral, location and scenario. A contact counts once per row it appears in; a question
 * about two topics counts under both.
 */
export function computeOverview(registrations: readonly Registration[], locations: readonly IdoLocation[] = []): Overview {
  const tallies = { topics: new Tally(), governmentOrganisations: new Tally(), help: new Tally(), referrals: new Tally(), locations: new Tally(), scenarios: new Tally() };
  let contacts = 0;
  let questions = 0;
  let minutes = 0;
  for (const r of registrations) {
    if (r.deleted) continue;
    contacts += 1;
    minutes += r.durationMinutes;
    for (const q of r.questions) {
      questions += 1;
      tallies.locations.add(r.locationId, r.id);
      tallies.scenarios.add(r.scenario, r.id);
      for (const topic of q.topics) tallies.topics.add(topic, r.id);
      for (const organisation of q.governmentOrganisations) tallies.governmentOrganisations.add(organisation, r.id);
      for (const help of q.help) tallies.help.add(help, r.id);
      if (q.referral) tallies.referrals.add(q.referral.kind, r.id);
    }
  }
  const byList = (list: ListName) => (code: string) => label(list, code);
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? id;
  return {
    contacts,
    questions,
    minutes,
    topics: tallies.topics.toRows(byList('topic')),
    governmentOrganisations: tallies.governmentOrganisations.toRows(byList('governmentOrganisation')),
    help: tallies.help.toRows(byList('help')),
    referrals: tallies.referrals.toRows(byList('referralKind')),
    locations: tallies.locations.toRows(locationName),
    scenarios: tallies.scenarios.toRows(byList('scenario')),
  };
}
