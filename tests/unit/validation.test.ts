import { describe, expect, it } from 'vitest';
import type { Question, Registration } from '../../src/shared/registration';
import { isRealDate, validateRegistration } from '../../src/shared/validation';
import { makeRegistration } from '../db/fixtures';

const now = new Date('2026-11-24T12:00:00Z');
const check = (r: unknown, locationIds?: string[]) => validateRegistration(r, { now, locationIds });
const fields = (r: unknown) => check(r).map((e) => `${e.field}:${e.code}`);
const withQuestion = (patch: Partial<Question>, base: Partial<Registration> = {}) => {
  const r = makeRegistration(base);
  return { ...r, questions: [{ ...r.questions[0], ...patch }] };
};

describe('validateRegistration', () => {
  it('accepts a complete registration', () => {
    expect(check(makeRegistration())).toEqual([]);
  });

  it('refuses what is not an object', () => {
    for (const bad of [null, 'x', 42, [], undefined]) expect(fields(bad)).toEqual([':invalid_record']);
  });

  it('refuses fields that are not in the schema (they could carry personal data)', () => {
    expect(fields({ ...makeRegistration(), visitorName: 'Jan' })).toEqual(['visitorName:unknown_field']);
    expect(fields(withQuestion({ note: 'x' } as Partial<Question>))).toEqual(['questions[0].note:unknown_field']);
  });

  it('refuses an unknown schema version and stops there', () => {
    expect(fields({ ...makeRegistration(), schemaVersion: 'ido-1999' })).toEqual(['schemaVersion:unknown_schema_version']);
    // A name every object has is no version: it read Object.prototype's lists and threw (a 500 for the whole batch).
    for (const version of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(fields({ ...makeRegistration(), schemaVersion: version })).toEqual(['schemaVersion:unknown_schema_version']);
    }
  });

  it('needs a UUID id, a revision of 1 or more, and UUIDs for device and organisation', () => {
    expect(fields(makeRegistration({ id: 'abc' }))).toEqual(['id:invalid_id']);
    expect(fields(makeRegistration({ revision: 0 }))).toEqual(['revision:invalid_revision']);
    expect(fields(makeRegistration({ revision: 1.5 }))).toEqual(['revision:invalid_revision']);
    expect(fields(makeRegistration({ deviceId: 'x' }))).toEqual(['deviceId:invalid_id']);
    expect(fields(makeRegistration({ organisationId: '' }))).toEqual(['organisationId:invalid_id']);
  });

  it('needs a location, and one of the organisation when the list is known', () => {
    expect(fields(makeRegistration({ locationId: '' }))).toEqual(['locationId:required']);
    expect(check(makeRegistration({ locationId: 'elders' }), ['demo-centrum']).map((e) => e.code)).toEqual(['unknown_location']);
    expect(check(makeRegistration({ locationId: 'demo-centrum' }), ['demo-centrum'])).toEqual([]);
  });

  it('needs scenario, channel and staff role from their code lists', () => {
    expect(fields(makeRegistration({ scenario: 'thuis' }))).toEqual(['scenario:invalid_code']);
    expect(fields({ ...makeRegistration(), channel: undefined })).toEqual(['channel:required']);
    expect(fields(makeRegistration({ staffRole: 'buurman' }))).toEqual(['staffRole:invalid_code']);
    for (const scenario of ['spreekuur', 'balie', 'lopend', 'popup', 'op_afspraak', 'buiten_bibliotheek']) {
      expect(check(makeRegistration({ scenario }))).toEqual([]);
    }
  });

  it('asks for the partner organisation only when a partner helped', () => {
    expect(fields(makeRegistration({ staffRole: 'partner' }))).toEqual(['partnerOrganisation:required']);
    expect(check(makeRegistration({ staffRole: 'partner', partnerOrganisation: 'seniorweb' }))).toEqual([]);
    expect(fields(makeRegistration({ partnerOrganisation: 'seniorweb' }))).toEqual(['partnerOrganisation:not_allowed']);
  });

  it('needs a start time with an offset, not in the future and not before 2020', () => {
    expect(fields(makeRegistration({ startedAt: '2026-11-24 10:00' }))).toEqual(['startedAt:invalid_time']);
    expect(fields(makeRegistration({ startedAt: '2026-11-24T10:00:00' }))).toEqual(['startedAt:invalid_time']);
    expect(fields(makeRegistration({ startedAt: '2026-02-30T10:00:00+01:00' }))).toEqual(['startedAt:invalid_time']);
    expect(fields(makeRegistration({ startedAt: '2026-11-24T24:30:00+01:00' }))).toEqual(['startedAt:invalid_time']);
    // isRealDate checks hour, minute and second itself, whatever an engine's Date.parse makes of them
    for (const moment of ['2026-11-24T24:00:00+01:00', '2026-11-24T10:60:00+01:00', '2026-11-24T10:00:60+01:00', '2026-11-24T10:00:60.000Z']) {
      expect(isRealDate(moment), moment).toBe(false);
      expect(fields(makeRegistration({ startedAt: moment })), moment).toEqual(['startedAt:invalid_time']);
    }
    expect(isRealDate('2026-11-24T10:00:59.999+01:00')).toBe(true);
    expect(isRealDate('2026-11-24T23:59Z')).toBe(true);
    expect(fields(makeRegistration({ startedAt: '2026-12-24T10:00:00+01:00' }))).toEqual(['startedAt:in_future']);
    expect(fields(makeRegistration({ startedAt: '2019-12-31T10:00:00+01:00' }))).toEqual(['startedAt:too_early']);
    expect(check(makeRegistration({ startedAt: '2026-11-24T10:00:00Z' }))).toEqual([]);
  });

  it('needs a duration of 1 to 480 whole minutes', () => {
    for (const bad of [0, 481, 2.5, NaN, '10' as unknown as number]) {
      expect(fields(makeRegistration({ durationMinutes: bad }))).toEqual(['durationMinutes:out_of_range']);
    }
    for (const good of [1, 480]) expect(check(makeRegistration({ durationMinutes: good }))).toEqual([]);
  });

  it('needs 1 to 10 questions', () => {
    expect(fields(makeRegistration({ questions: [] }))).toEqual(['questions:required']);
    const q = makeRegistration().questions[0];
    expect(fields(makeRegistration({ questions: Array(11).fill(q) }))).toEqual(['questions:too_many']);
    expect(check(makeRegistration({ questions: Array(10).fill(q) }))).toEqual([]);
  });

  it('needs a category, at least one topic and at least one kind of help, from the lists', () => {
    expect(fields(withQuestion({ topics: [] }))).toContain('questions[0].topics:required');
    expect(fields(withQuestion({ help: [] }))).toEqual(['questions[0].help:required']);
    expect(fields(withQuestion({ category: 'sport' }))).toEqual(['questions[0].category:required']);
    expect(fields(withQuestion({ topics: ['digid', 'voetbal'] }))).toEqual(['questions[0].topics:invalid_code']);
    expect(fields(withQuestion({ topics: ['digid', 'digid'] }))).toEqual(['questions[0].topics:duplicate_code']);
    expect(fields(withQuestion({ governmentOrganisations: ['nasa'] }))).toEqual(['questions[0].governmentOrganisations:invalid_code']);
    expect(fields(withQuestion({ resolved: 'misschien' }))).toEqual(['questions[0].resolved:required']);
  });

  it('needs the DigiD follow-up only when DigiD is a topic', () => {
    expect(fields(withQuestion({ digidFollowUp: undefined }))).toEqual(['questions[0].digidFollowUp:required']);
    expect(fields(withQuestion({ topics: ['toeslagen'] }))).toEqual(['questions[0].digidFollowUp:not_allowed']);
    expect(check(withQuestion({ topics: ['toeslagen'], digidFollowUp: undefined }))).toEqual([]);
  });

  it('needs a referral only when the help was "doorverwezen", with consent only for a warm one', () => {
    expect(fields(withQuestion({ help: ['doorverwezen'] }))).toEqual(['questions[0].referral:required']);
    expect(check(withQuestion({ help: ['doorverwezen'], referral: { kind: 'extern' } }))).toEqual([]);
    expect(fields(withQuestion({ help: ['doorverwezen'], referral: { kind: 'warm' } }))).toEqual(['questions[0].referral.consent:required']);
    expect(check(withQuestion({ help: ['doorverwezen'], referral: { kind: 'warm', consent: false } }))).toEqual([]);
    expect(fields(withQuestion({ help: ['doorverwezen'], referral: { kind: 'extern', consent: true } }))).toEqual(['questions[0].referral.consent:not_allowed']);
    expect(fields(withQuestion({ referral: { kind: 'extern' } }))).toEqual(['questions[0].referral:not_allowed']);
    expect(fields(withQuestion({ help: ['doorverwezen'], referral: { kind: 'ergens' as 'warm' } }))).toEqual(['questions[0].referral.kind:required']);
    expect(fields(withQuestion({ help: ['doorverwezen'], referral: { kind: 'extern', serviceId: '<script>' } }))).toEqual(['questions[0].referral.serviceId:invalid_id']);
  });

  it('allows the "anders, namelijk" note only with an "anders" choice and up to 140 characters', () => {
    expect(fields(withQuestion({ otherText: 'iets' }))).toEqual(['questions[0].otherText:not_allowed']);
    expect(check(withQuestion({ help: ['anders'], otherText: 'Hulp bij een parkeervergunning' }))).toEqual([]);
    expect(fields(withQuestion({ help: ['anders'], otherText: 'x'.repeat(141) }))).toEqual(['questions[0].otherText:too_long']);
    expect(check(withQuestion({ help: ['anders'], otherText: 'x'.repeat(140) }))).toEqual([]);
    expect(fields(withQuestion({ help: ['anders'], otherText: 42 as unknown as string }))).toEqual(['questions[0].otherText:invalid_text']);
  });

  it('counts an emoji in the "anders, namelijk" note as one character, and says the count so', () => {
    expect(check(withQuestion({ help: ['anders'], otherText: '😀'.repeat(140) }))).toEqual([]);
    const errors = check(withQuestion({ help: ['anders'], otherText: '😀'.repeat(141) }));
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['questions[0].otherText:too_long']);
    expect(errors[0].message).toBe('Gebruik hoogstens 140 tekens. Nu zijn het er 141.');
  });

  it('refuses an "anders" note with a BSN and says why in Dutch', () => {
    const errors = check(withQuestion({ help: ['anders'], otherText: 'BSN 111222333' }));
    expect(errors).toEqual([{ field: 'questions[0].otherText', code: 'personal_data', message: expect.stringContaining('burgerservicenummer') }]);
  });

  it('says which field is missing when a question has no topic', () => {
    const errors = check(withQuestion({ topics: [], digidFollowUp: undefined }));
    expect(errors).toEqual([{ field: 'questions[0].topics', code: 'required', message: 'Kies minstens één onderwerp.' }]);
  });

  it('gives every error a Dutch message', () => {
    const errors = check({ schemaVersion: 'ido-2024.1', questions: [{}] });
    expect(errors.length).toBeGreaterThan(5);
    for (const e of errors) expect(e.message).toMatch(/[a-z]/);
  });

  it('does not trip over prototype keys', () => {
    const hostile = JSON.parse(`{"__proto__": {"x": 1}, "constructor": 1}`);
    expect(fields({ ...makeRegistration(), ...hostile })).toEqual(['__proto__:unknown_field', 'constructor:unknown_field']);
    expect(fields(makeRegistration({ scenario: 'toString' }))).toEqual(['scenario:invalid_code']);
  });

  it('names a wrong governmentOrganisations in Dutch, not with an empty message', () => {
    for (const bad of [{}, 'x', 1, true]) {
      expect(check(withQuestion({ governmentOrganisations: bad } as unknown as Partial<Question>))).toEqual([
        { field: 'questions[0].governmentOrganisations', code: 'required', message: 'Kies de overheidsorganisaties uit de lijst.' },
      ]);
    }
  });

  it('gives every refused value of every field a message (no field answers with an empty one)', () => {
    const wrong: unknown[] = [{}, 'x', '', 1, -1, 1.5, null, true, [], ['x'], [{}], ['digid', 'digid']];
    const base = makeRegistration({ staffRole: 'partner', partnerOrganisation: 'bibliotheek' } as Partial<Registration>);
    const question = { ...base.questions[0], topics: ['digid'], digidFollowUp: 'activeren', help: ['doorverwezen'], referral: { kind: 'warm', consent: true } };
    const registrations: unknown[] = [];
    for (const field of Object.keys({ ...base, partnerOrganisation: 1 })) {
      for (const value of wrong) registrations.push({ ...base, questions: [question], [field]: value });
    }
    for (const field of ['category', 'topics', 'governmentOrganisations', 'digidFollowUp', 'help', 'referral', 'resolved', 'otherText']) {
      for (const value of wrong) registrations.push({ ...base, questions: [{ ...question, [field]: value }] });
    }
    for (const field of ['kind', 'serviceId', 'organisation', 'consent']) {
      for (const value of wrong) registrations.push({ ...base, questions: [{ ...question, referral: { ...question.referral, [field]: value } }] });
    }
    let refused = 0;
    for (const registration of registrations) {
      for (const error of check(registration)) {
        refused++;
        expect(error.message.trim(), `${error.field} ${error.code} for ${JSON.stringify(registration)}`).not.toBe('');
      }
    }
    expect(refused).toBeGreaterThan(registrations.length / 2);
  });
});
