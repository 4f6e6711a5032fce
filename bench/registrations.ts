import { categoryOfTopic, codeLists, currentCodes, governmentOrganisationOfTopic } from '../src/shared/codelists';
import type { IdoLocation, Question, Referral, Registration } from '../src/shared/registration';
import { amsterdamIso } from '../src/shared/time';
import { seededRandom } from '../src/shared/seeded-random';
import { validateRegistration } from '../src/shared/validation';

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Picks by weight: `[[value, weight], …]`. */
function weighted<T>(random: Random, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((n, [, w]) => n + w, 0);
  let r = random() * total;
  for (const [value, weight] of table) if ((r -= weight) < 0) return value;
  return table[table.length - 1][0];
}

function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// Roughly what IDO counters see: DigiD and the Belastingdienst lead, a long tail after.
const TOPICS = currentCodes('topic');
const TOPIC_WEIGHTS: Record<string, number> = {
  digid: 28, toeslagen: 10, belastingaangifte: 9, mijnoverheid_berichtenbox: 8, aow_pensioen: 5, zorgverzekering_eigen_bijdrage: 4,
  computer_tablet_smartphone: 6, email_inloggen: 4, afspraak_maken: 3, formulier_invullen: 4, anders: 2,
};
const TOPIC_TABLE = TOPICS.map((topic) => [topic, TOPIC_WEIGHTS[topic] ?? 1] as const);
const HELP_TABLE = [['uitleg', 30], ['samen_gedaan', 35], ['informatie', 20], ['doorverwezen', 10], ['signaal', 3], ['cursus_aangeboden', 2]] as const;
const RESOLVED_TABLE = [['ja', 60], ['deels', 20], ['nee', 10], ['onbekend', 10]] as const;
const DIGID_FOLLOW_UPS = currentCodes('digidFollowUp').filter((code) => code !== 'anders');
const PARTNERS = currentCodes('partnerOrganisation').filter((code) => code !== 'anders');
const OTHER_TEXTS = ['Vraag over parkeervergunning', 'Hulp bij OV-chipkaart aanvragen', 'Uitleg energietoeslag gemeente', 'Afvalpas aanvragen', 'Vraag over paspoort verlengen'];
const DURATIONS = codeLists.durations;

function referral(random: Random): Referral {
  const kind = weighted(random, [['extern', 5], ['warm', 3], ['intern', 2]] as const);
  const made: Referral = { kind };
  if (random() < 0.4) made.organisation = pick(random, ['schuldhulp', 'juridisch_loket', 'gemeente', 'humanitas', 'seniorweb']);
  if (random() < 0.3) made.serviceId = `00000000-0000-4000-8000-${String(1 + Math.floor(random() * 400)).padStart(12, '0')}`; // kaart services have UUIDs
  if (kind === 'warm') made.consent = random() < 0.7;
  return made;
}

function question(random: Random): Question {
  const first = weighted(random, TOPIC_TABLE);
  const topics = [first];
  if (first !== 'anders' && random() < 0.2) {
    const second = weighted(random, TOPIC_TABLE);
    if (second !== first && second !== 'anders') topics.push(second);
  }
  const governmentOrganisations = [...new Set(topics.map(governmentOrganisationOfTopic).filter((g): g is string => g !== undefined))];
  const help = [weighted(random, HELP_TABLE)];
  if (random() < 0.25) {
    const more = weighted(random, HELP_TABLE);
    if (!help.includes(more)) help.push(more);
  }
  const made: Question = { category: categoryOfTopic(first), topics, governmentOrganisations, help, resolved: weighted(random, RESOLVED_TABLE) };
  if (topics.includes('digid')) made.digidFollowUp = pick(random, DIGID_FOLLOW_UPS);
  if (help.includes('doorverwezen')) made.referral = referral(random);
  if (topics.includes('anders')) made.otherText = pick(random, OTHER_TEXTS);
  return made;
}

/** Who the records are for: the enrolled tablet and its organisation's locations. */
export interface Sender {
  deviceId: string;
  organisationId: string;
  locations: readonly IdoLocation[];
}

const DAY = 86_400_000;

/**
 * A valid registration the way the form makes them: 1–3 questions (mostly 1), weighted topics,
 * help, referrals, now and then a partner or a short "iets anders" text; a contact in the last
 * 300 days during opening hours. `questions` fixes the number of questions.
 */
export function realisticRegistration(random: Random, sender: Sender, options: { questions?: number; now?: number; days?: number } = {}): Registration {
  const location = pick(random, sender.locations);
  const count = options.questions ?? weighted(random, [[1, 70], [2, 22], [3, 8]] as const);
  const staffRole = weighted(random, [['medewerker', 60], ['vrijwilliger', 30], ['partner', 10]] as const);
  const day = Math.floor((options.now ?? Date.now()) / DAY) - 1 - Math.floor(random() * (options.days ?? 300));
  const started = new Date(day * DAY + (8 + random() * 9) * 3_600_000);
  started.setUTCSeconds(0, 0);
  const record: Registration = {
    id: uuid(random),
    revision: 1,
    schemaVersion: 'ido-2024.1',
    deviceId: sender.deviceId,
    organisationId: sender.organisationId,
    locationId: location.id,
    scenario: pick(random, location.scenarios.length ? location.scenarios : ['spreekuur']),
    channel: weighted(random, [['fysiek', 80], ['telefoon', 12], ['video', 3], ['email_chat', 5]] as const),
    staffRole,
    ...(staffRole === 'partner' ? { partnerOrganisation: pick(random, PARTNERS) } : {}),
    startedAt: amsterdamIso(started),
    durationMinutes: pick(random, DURATIONS),
    questions: Array.from({ length: count }, () => question(random)),
    consentForReferral: random() < 0.1,
    deleted: false,
  };
  return record;
}

/** `count` realistic registrations; every one is checked with the shared validation (a bench of rejects measures nothing). */
export function realisticRegistrations(count: number, sender: Sender, options: { seed?: number; questions?: number; days?: number } = {}): Registration[] {
  const random = seededRandom(options.seed);
  const now = Date.now();
  const locationIds = sender.locations.map((l) => l.id);
  return Array.from({ length: count }, () => {
    const record = realisticRegistration(random, sender, { questions: options.questions, now, days: options.days });
    const [problem] = validateRegistration(record, { locationIds });
    if (problem) throw new Error(`bench generator made an invalid record: ${problem.field} ${problem.code} (${JSON.stringify(record)})`);
    return record;
  });
}
