import { SCHEMA_VERSION } from '../../shared/codelists';
import type { Question, Registration } from '../../shared/registration';
import { amsterdamIso, fromAmsterdamWallClock } from '../../shared/time';
import { questionHasOther, type Draft, type QuestionDraft } from './draft';

// Apart from draft.ts: only a save needs it (save-plan.ts, in the form's checks chunk), so the first load does not carry it (issue 15).

function toQuestion(q: QuestionDraft): Question {
  const question: Question = {
    category: q.category ?? '',
    topics: q.topics,
    governmentOrganisations: q.category === 'digitale_overheid' ? q.governmentOrganisations : [],
    help: q.help,
    resolved: q.resolved ?? '',
  };
  // Leave out what an earlier answer made irrelevant, so the record holds only what was asked.
  if (q.topics.includes('digid') && q.digidFollowUp) question.digidFollowUp = q.digidFollowUp;
  if (q.help.includes('doorverwezen')) {
    question.referral = { kind: q.referralKind as 'warm' | 'extern' | 'intern' };
    if (q.referralServiceId) question.referral.serviceId = q.referralServiceId;
    if (q.referralOrganisation) question.referral.organisation = q.referralOrganisation;
    if (q.referralKind === 'warm' && q.referralConsent !== undefined) question.referral.consent = q.referralConsent;
  }
  const note = q.otherText.trim();
  if (note && questionHasOther(q)) question.otherText = note;
  return question;
}

/** The minutes the form stands for, or NaN when nothing valid was chosen. */
export function durationOf(draft: Draft): number {
  if (draft.durationChoice === 'langer') return draft.durationOther.trim() === '' ? NaN : Number(draft.durationOther);
  return Number(draft.durationChoice);
}

/** The registration this draft stands for; validation decides whether it may be saved. */
export function draftToRegistration(draft: Draft, device: { deviceId: string; organisationId: string }): Registration {
  const questions = draft.questions.map(toQuestion);
  let startedAt = '';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(draft.startedAtLocal)) {
    const [day, time] = draft.startedAtLocal.split('T');
    startedAt = amsterdamIso(fromAmsterdamWallClock(day, time));
  }
  const registration: Registration = {
    id: draft.id,
    revision: draft.revision,
    schemaVersion: SCHEMA_VERSION,
    deviceId: device.deviceId,
    organisationId: device.organisationId,
    locationId: draft.locationId ?? '',
    scenario: draft.scenario ?? '',
    channel: draft.channel ?? '',
    staffRole: draft.staffRole ?? '',
    startedAt,
    durationMinutes: durationOf(draft),
    questions,
    consentForReferral: questions.some((q) => q.referral?.kind === 'warm' && q.referral.consent === true),
    deleted: false,
  };
  if (draft.staffRole === 'partner') registration.partnerOrganisation = draft.partnerOrganisation ?? '';
  return registration;
}
