import { describe, expect, it } from 'vitest';
import { freshDraft, isDirty, registrationToDraft, timedAtFirstChange, withTopics, type Draft } from '../../src/features/registration/draft';
import { draftToRegistration } from '../../src/features/registration/draft-registration';
import { validateRegistration } from '../../src/shared/validation';
import { makeRegistration } from '../db/fixtures';

const device = { deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', organisationId: '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f' };
const filled = (): Draft => ({
  ...freshDraft({ locationId: 'demo-centrum', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker' }, new Date('2026-11-24T09:15:00Z')),
  questions: [{ category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'activeren', help: ['samen_gedaan'], resolved: 'ja', otherText: '' }],
});

describe('the form draft', () => {
  it('becomes a valid registration with Amsterdam time and offset', () => {
    const r = draftToRegistration(filled(), device);
    expect(validateRegistration(r, { now: new Date('2026-11-24T12:00:00Z') })).toEqual([]);
    expect(r.startedAt).toBe('2026-11-24T10:15:00+01:00');
    expect(r.durationMinutes).toBe(10);
  });

  it('uses summer time in summer', () => {
    const draft = { ...filled(), startedAtLocal: '2026-07-01T10:15' };
    expect(draftToRegistration(draft, device).startedAt).toBe('2026-07-01T10:15:00+02:00');
  });

  it('leaves out what an earlier answer made irrelevant', () => {
    const draft = filled();
    draft.questions[0] = { ...draft.questions[0], topics: ['toeslagen'], help: ['uitleg'], referralKind: 'warm', referralConsent: true, otherText: 'oud' };
    const q = draftToRegistration(draft, device).questions[0];
    expect(q.digidFollowUp).toBeUndefined();
    expect(q.referral).toBeUndefined();
    expect(q.otherText).toBeUndefined();
  });

  it('records consent on the contact when a warm referral had it', () => {
    const draft = filled();
    draft.questions[0] = { ...draft.questions[0], help: ['doorverwezen'], referralKind: 'warm', referralConsent: true };
    const r = draftToRegistration(draft, device);
    expect(r.questions[0].referral).toEqual({ kind: 'warm', consent: true });
    expect(r.consentForReferral).toBe(true);
  });

  it('takes a longer duration from the typed minutes', () => {
    expect(draftToRegistration({ ...filled(), durationChoice: 'langer', durationOther: '95' }, device).durationMinutes).toBe(95);
    expect(draftToRegistration({ ...filled(), durationChoice: 'langer', durationOther: '' }, device).durationMinutes).toBeNaN();
  });

  it('suggests category and organisation when a topic is chosen', () => {
    const q = withTopics({ topics: [], governmentOrganisations: [], help: [], otherText: '' }, ['studiefinanciering']);
    expect(q).toMatchObject({ category: 'digitale_overheid', governmentOrganisations: ['duo'] });
  });

  it('round-trips a saved registration for editing', () => {
    const saved = makeRegistration({ durationMinutes: 95 });
    const draft = registrationToDraft(saved);
    expect(draft.editing).toBe(true);
    expect(draftToRegistration(draft, { deviceId: saved.deviceId, organisationId: saved.organisationId })).toEqual(saved);
  });

  it('knows when the form holds input', () => {
    const pristine = filled();
    expect(isDirty({ ...pristine }, pristine)).toBe(false);
    expect(isDirty({ ...pristine, channel: 'telefoon' }, pristine)).toBe(true);
  });
});

describe('a new contact\'s time', () => {
  const made = new Date('2026-12-04T13:00:00Z'); // 14:00 in Amsterdam: the previous contact was saved then
  const later = new Date('2026-12-04T13:40:00Z');
  const fresh = () => freshDraft({ locationId: 'demo-centrum', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker' }, made);

  it('is the moment of the form\'s first change, not the moment the form was made', () => {
    const draft = fresh();
    expect(draft.startedAtLocal).toBe('2026-12-04T14:00');
    expect(timedAtFirstChange(draft, draft, { channel: 'telefoon' }, later)).toEqual({ channel: 'telefoon', startedAtLocal: '2026-12-04T14:40' });
  });

  it('stays what staff set, what a changed form has, and an edited registration\'s own', () => {
    const draft = fresh();
    const set = { startedAtLocal: '2026-12-03T09:30' };
    expect(timedAtFirstChange(draft, draft, set, later)).toBe(set);
    const changed = { ...draft, channel: 'telefoon' };
    const patch = { staffRole: 'vrijwilliger' };
    expect(timedAtFirstChange(changed, draft, patch, later)).toBe(patch);
    const edited = registrationToDraft(makeRegistration({ startedAt: '2026-12-01T10:15:00+01:00' }));
    expect(timedAtFirstChange(edited, edited, patch, later)).toBe(patch);
  });
});
