import { describe, expect, it } from 'vitest';
import type { Question, Registration } from '../../src/shared/registration';
import { validateRegistration, type ValidationError } from '../../src/shared/validation';
import { makeRegistration } from '../db/fixtures';

/** The code and id fields of a registration that once took any lower-case text: now a code list, a UUID or the guard. */

const now = new Date('2026-11-24T12:00:00Z');
const check = (r: unknown, locationIds?: string[]) => validateRegistration(r, { now, locationIds });
const fields = (r: unknown) => check(r).map((e) => `${e.field}:${e.code}`);
const withQuestion = (patch: Partial<Question>, base: Partial<Registration> = {}) => {
  const r = makeRegistration(base);
  return { ...r, questions: [{ ...r.questions[0], ...patch }] };
};
const referred = (referral: Record<string, unknown>) => withQuestion({ help: ['doorverwezen'], referral: { kind: 'extern', ...referral } as Question['referral'] });
const SERVICE = '3f0b8c2e-6a4d-4e1b-9c7a-2d5e8f1a0b3c';
const WHAT_TO_DO = /Schrijf geen telefoonnummer, BSN of adres van de bezoeker/;

/** Nothing of what was typed comes back in an error: a refused value is never echoed (the server stores its answers). */
const echoes = (errors: ValidationError[], value: string) => errors.some((e) => e.field.includes(value) || e.message.includes(value));

describe('partnerOrganisation', () => {
  it('takes a code from the partner list', () => {
    for (const partner of ['seniorweb', 'belastingdienst', 'schuldhulp', 'juridisch_loket', 'anders']) {
      expect(check(makeRegistration({ staffRole: 'partner', partnerOrganisation: partner }))).toEqual([]);
    }
  });

  it.each(['tel0612345678', 'bsn123456782', 'jan_0612345678', 'kerkstraat12', 'postcode_1234ab12'])('refuses %s as personal data, with what to do', (value) => {
    const errors = check(makeRegistration({ staffRole: 'partner', partnerOrganisation: value }));
    expect(errors).toEqual([{ field: 'partnerOrganisation', code: 'personal_data', message: expect.stringMatching(WHAT_TO_DO) }]);
    expect(errors[0].message).toMatch(/Kies de partnerorganisatie uit de lijst/);
    expect(echoes(errors, value)).toBe(false);
  });

  it.each(['jansen_en_zonen', 'mevrouw_de_vries', 'seniorwebb', 'Seniorweb', 'gemeente utrecht', 'x'])('refuses %j: not in the list', (value) => {
    expect(fields(makeRegistration({ staffRole: 'partner', partnerOrganisation: value }))).toEqual(['partnerOrganisation:invalid_code']);
  });

  it('still asks for it when missing or empty, and refuses a non-string', () => {
    expect(fields(makeRegistration({ staffRole: 'partner' }))).toEqual(['partnerOrganisation:required']);
    expect(fields(makeRegistration({ staffRole: 'partner', partnerOrganisation: '' }))).toEqual(['partnerOrganisation:required']);
    expect(fields(makeRegistration({ staffRole: 'partner', partnerOrganisation: 612345678 as unknown as string }))).toEqual(['partnerOrganisation:invalid_code']);
  });
});

describe('referral.organisation', () => {
  it('takes a government organisation or a partner code', () => {
    for (const organisation of ['belastingdienst', 'uwv', 'gemeente', 'anders', 'schuldhulp', 'juridisch_loket', 'humanitas']) {
      expect(check(referred({ organisation }))).toEqual([]);
    }
  });

  it.each(['tel0612345678', 'bsn_123456782', 'jan@ziggo', 'dorpsstraat_12', '1234ab12'])('refuses %s as personal data', (value) => {
    const errors = check(referred({ organisation: value }));
    expect(errors).toEqual([{ field: 'questions[0].referral.organisation', code: 'personal_data', message: expect.stringMatching(WHAT_TO_DO) }]);
    expect(echoes(errors, value)).toBe(false);
  });

  it.each(['huisarts_de_vries', 'buurvrouw', 'bibliotheek', '', 42])('refuses %j: not in the list', (value) => {
    expect(fields(referred({ organisation: value }))).toEqual(['questions[0].referral.organisation:invalid_code']);
  });
});

describe('referral.serviceId', () => {
  it('takes the UUID of a sociale-kaart service, in either case', () => {
    expect(check(referred({ serviceId: SERVICE }))).toEqual([]);
    expect(check(referred({ serviceId: SERVICE.toUpperCase() }))).toEqual([]);
  });

  it.each(['bsn123456782', 'tel-0612345678', '0612345678', 'NL91ABNA0417164300'])('refuses %s as personal data', (value) => {
    const errors = check(referred({ serviceId: value }));
    expect(errors).toEqual([{ field: 'questions[0].referral.serviceId', code: 'personal_data', message: expect.stringMatching(WHAT_TO_DO) }]);
    expect(echoes(errors, value)).toBe(false);
  });

  it.each(['dienst-12', 'jan_de_vries', '<script>', '', 'x'.repeat(36)])('refuses %j: not a service id', (value) => {
    expect(fields(referred({ serviceId: value }))).toEqual(['questions[0].referral.serviceId:invalid_id']);
  });
});

describe('other code and id fields', () => {
  it('refuses personal data in a location id without echoing it', () => {
    const errors = check(makeRegistration({ locationId: 'tel0612345678' }), ['loc-1']);
    expect(errors).toEqual([{ field: 'locationId', code: 'personal_data', message: expect.stringMatching(WHAT_TO_DO) }]);
  });

  it('never echoes an unknown field name that holds personal data', () => {
    const top = check({ ...makeRegistration(), tel0612345678: true });
    expect(top).toEqual([{ field: '', code: 'unknown_field', message: expect.any(String) }]);
    expect(echoes(top, '0612345678')).toBe(false);
    const inQuestion = check(withQuestion({ 'jan@ziggo.nl': 1 } as Partial<Question>));
    expect(inQuestion.map((e) => `${e.field}:${e.code}`)).toEqual(['questions[0]:unknown_field']);
    expect(echoes(inQuestion, 'ziggo')).toBe(false);
    const inReferral = check(referred({ '1234 AB 12': 1 }));
    expect(inReferral.map((e) => `${e.field}:${e.code}`)).toEqual(['questions[0].referral:unknown_field']);
    // A plain unknown name is still named, so a developer sees what is wrong.
    expect(check({ ...makeRegistration(), visitorName: 'x' })[0]).toMatchObject({ field: 'visitorName', message: expect.stringContaining('visitorName') });
  });

  it('refuses the "anders" note with the guard and a message that says what to do', () => {
    const errors = check(withQuestion({ help: ['anders'], otherText: 'bellen op tel0612345678' }));
    expect(errors).toEqual([{ field: 'questions[0].otherText', code: 'personal_data', message: expect.stringMatching(WHAT_TO_DO) }]);
  });
});
