import { categoryOfTopic, governmentOrganisationOfTopic } from '../../shared/codelists';
import type { Registration } from '../../shared/registration';
import { amsterdamIso } from '../../shared/time';

/** One question as the form holds it while staff fill it in. */
export interface QuestionDraft {
  category?: string;
  topics: string[];
  governmentOrganisations: string[];
  digidFollowUp?: string;
  help: string[];
  referralKind?: string;
  referralOrganisation?: string;
  referralServiceId?: string;
  referralConsent?: boolean;
  resolved?: string;
  otherText: string;
}

/** The whole form: contact fields as typed, questions as drafts. */
export interface Draft {
  id: string;
  revision: number;
  /** true when the draft edits a saved registration */
  editing: boolean;
  locationId?: string;
  scenario?: string;
  channel?: string;
  staffRole?: string;
  partnerOrganisation?: string;
  /** wall-clock Amsterdam, as in an <input type="datetime-local"> */
  startedAtLocal: string;
  /** a duration tile ('5' … '60') or 'langer' */
  durationChoice?: string;
  /** minutes typed when durationChoice is 'langer' */
  durationOther: string;
  questions: QuestionDraft[];
}

/** The contact fields that "Zelfde als vorige" copies and a fresh form starts from. */
export type ContactDefaults = Pick<Draft, 'locationId' | 'scenario' | 'channel' | 'staffRole' | 'partnerOrganisation'>;

export const emptyQuestion = (): QuestionDraft => ({ topics: [], governmentOrganisations: [], help: [], otherText: '' });

/** An instant as the form holds it: Amsterdam's wall clock, as in an <input type="datetime-local">. */
const wallClockLocal = (date: Date): string => amsterdamIso(date).slice(0, 16);

/** A fresh form for the next visitor: a new id, the time of now, the given contact defaults. */
export function freshDraft(defaults: ContactDefaults = {}, now = new Date()): Draft {
  return {
    id: crypto.randomUUID(),
    revision: 1,
    editing: false,
    ...defaults,
    startedAtLocal: wallClockLocal(now),
    durationChoice: '10',
    durationOther: '',
    questions: [emptyQuestion()],
  };
}

/** Whether any choice in a question is "anders", which opens the "anders, namelijk" note. */
export function questionHasOther(q: QuestionDraft): boolean {
  return [q.category, q.digidFollowUp, ...q.topics, ...q.help, ...q.governmentOrganisations].includes('anders');
}

/** Choosing topics also sets the category and suggests the government organisation. */
export function withTopics(q: QuestionDraft, topics: string[]): QuestionDraft {
  const added = topics.find((t) => !q.topics.includes(t));
  const next: QuestionDraft = { ...q, topics };
  if (added) {
    next.category ??= categoryOfTopic(added);
    const organisation = governmentOrganisationOfTopic(added);
    if (organisation && !next.governmentOrganisations.includes(organisation)) {
      next.governmentOrganisations = [...next.governmentOrganisations, organisation];
    }
  }
  return next;
}

const DURATION_TILES = ['5', '10', '15', '30', '45', '60'];

/** A saved registration back into the form, for editing. */
export function registrationToDraft(r: Registration): Draft {
  const tile = DURATION_TILES.includes(String(r.durationMinutes));
  return {
    id: r.id,
    revision: r.revision,
    editing: true,
    locationId: r.locationId,
    scenario: r.scenario,
    channel: r.channel,
    staffRole: r.staffRole,
    partnerOrganisation: r.partnerOrganisation,
    startedAtLocal: wallClockLocal(new Date(r.startedAt)),
    durationChoice: tile ? String(r.durationMinutes) : 'langer',
    durationOther: tile ? '' : String(r.durationMinutes),
    questions: r.questions.map((q) => ({
      category: q.category,
      topics: [...q.topics],
      governmentOrganisations: [...q.governmentOrganisations],
      digidFollowUp: q.digidFollowUp,
      help: [...q.help],
      referralKind: q.referral?.kind,
      referralOrganisation: q.referral?.organisation,
      referralServiceId: q.referral?.serviceId,
      referralConsent: q.referral?.consent,
      resolved: q.resolved,
      otherText: q.otherText ?? '',
    })),
  };
}

/** Whether the form holds input a person typed or chose (what an update must not throw away). */
export function isDirty(draft: Draft, pristine: Draft): boolean {
  const strip = (d: Draft) => JSON.stringify({ ...d, id: '' });
  return strip(draft) !== strip(pristine);
}

/**
 * A new contact's time, as long as staff left it as the form made it, is the moment they begin to register it: the
 * form's first change sets it to `now`. The next visitor's form is made as the previous contact is saved, which on a
 * quiet afternoon can be hours before the next visitor comes (the hours' reports count by this time). An edited
 * registration, a time staff set themselves and a form already changed keep theirs. Returns the patch to apply.
 */
export function timedAtFirstChange(draft: Draft, pristine: Draft, patch: Partial<Draft>, now: Date): Partial<Draft> {
  if ('startedAtLocal' in patch || !timeAwaitsFirstChange(draft, isDirty(draft, pristine))) return patch;
  return { ...patch, startedAtLocal: wallClockLocal(now) };
}

/** Whether a form's time is still to be taken at its first change (timedAtFirstChange): a new contact, not yet changed. */
export function timeAwaitsFirstChange(draft: Draft, dirty: boolean): boolean {
  return !draft.editing && !dirty;
}

export { DURATION_TILES };
