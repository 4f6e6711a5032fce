import { describe, expect, it } from 'vitest';
import { telHref } from '../../src/shared/kaart/formats';
import { KAART_ENTITIES, type KaartEntity } from '../../src/shared/kaart/types';
import { validateKaartRecord } from '../../src/shared/kaart/validate';
import { lastScheduleDay } from '../../src/shared/kaart/schedule-days';
import { ids, sampleSet } from './fixtures/kaart-sample';

const set = sampleSet();
const base = {
  organization: set.organization[0],
  service: set.service[0],
  location: set.location[0],
  service_at_location: set.service_at_location[0],
  phone: set.phone[0],
  schedule: set.schedule[0],
  taxonomy_term: set.taxonomy_term[0],
  attribute: set.attribute[0],
} as unknown as Record<KaartEntity, Record<string, unknown>>;

/** "field:code" of every error for a record patched from the sample. */
const problems = (entity: KaartEntity, patch: Record<string, unknown>) =>
  validateKaartRecord(entity, { ...base[entity], ...patch }).map((e) => `${e.field}:${e.code}`);

describe('validateKaartRecord', () => {
  it('accepts a complete record of every entity, with or without sync metadata', () => {
    for (const entity of KAART_ENTITIES) {
      expect(validateKaartRecord(entity, base[entity]), entity).toEqual([]);
      expect(validateKaartRecord(entity, { ...base[entity], version: 3, updatedAt: '2026-11-24T10:00:00Z', deleted: false }), entity).toEqual([]);
    }
  });

  it('refuses what is not a record and fields outside the model', () => {
    expect(problems('service', { photo_url: 'x' })).toEqual(['photo_url:unknown_field']);
    expect(validateKaartRecord('service', null).map((e) => e.code)).toEqual(['invalid_record']);
    expect(validateKaartRecord('service', [1]).map((e) => e.code)).toEqual(['invalid_record']);
  });

  it('refuses text PostgreSQL cannot store (NUL, a lone surrogate) with its path, and keeps a surrogate pair', () => {
    expect(problems('organization', { name: 'a\u0000b' })).toEqual(['name:invalid_text']);
    expect(problems('service', { description: 'a\ud800b', keywords: ['schulden', '\udc00'] })).toEqual(['description:invalid_text', 'keywords[1]:invalid_text']);
    expect(problems('service', { name: 'Taalcafé \ud83d\ude00' })).toEqual([]);
  });

  it('needs the required fields and UUIDs for ids and references', () => {
    const { name: _name, ...nameless } = base.service;
    expect(validateKaartRecord('service', nameless).map((e) => `${e.field}:${e.code}`)).toEqual(['name:required']);
    expect(problems('service', { name: '   ' })).toEqual(['name:required']);
    expect(problems('service', { id: 'abc' })).toEqual(['id:invalid_id']);
    expect(problems('service', { organization_id: 'org-1' })).toEqual(['organization_id:invalid_id']);
    expect(problems('organization', { owner_organisation_id: undefined })).toEqual(['owner_organisation_id:required']);
    expect(problems('organization', { owner_organisation_id: null })).toEqual([]);
  });

  it('writes every message in Dutch and never repeats a long value', () => {
    const errors = validateKaartRecord('service', { ...base.service, name: 'x'.repeat(5000), email: 'geen mail' });
    expect(errors.map((e) => e.code)).toEqual(['too_long', 'invalid_email']);
    for (const error of errors) {
      expect(error.message).toMatch(/[A-Z].*\.$/);
      expect(error.message.length).toBeLessThan(200);
    }
    expect(errors[0].message).toBe('Gebruik voor naam hoogstens 200 tekens. Nu zijn het er 5.000.');
  });

  it('checks web addresses, e-mail addresses and KvK numbers', () => {
    expect(problems('service', { url: 'www.example.nl' })).toEqual(['url:invalid_url']);
    expect(problems('service', { url: 'javascript:alert(1)' })).toEqual(['url:invalid_url']);
    expect(problems('service', { url: 'http://example.nl/pad?x=1' })).toEqual([]);
    expect(problems('service', { email: 'info@example' })).toEqual(['email:invalid_email']);
    expect(problems('organization', { kvk: '1234567' })).toEqual(['kvk:invalid_kvk']);
    expect(problems('organization', { kvk: '12345678' })).toEqual([]);
  });

  it('accepts Dutch phone numbers that a tel: link can dial, and refuses others', () => {
    for (const good of ['030-123 45 67', '0301234567', '+31 30 123 45 67', '+31 (0)30 1234567', '0800-1234', '0900-1234567', '14 030', '06-12345678', '0032 2 123 45 67']) {
      expect(problems('phone', { number: good }), good).toEqual([]);
    }
    for (const bad of ['12345', '06-1234', '030-123 45 678', 'bel ons', '+31 6 1234', '']) {
      expect(problems('phone', { number: bad }), bad).not.toEqual([]);
    }
    expect(telHref('030-123 45 67')).toBe('tel:+31301234567');
    expect(telHref('+31 (0)30 1234567')).toBe('tel:+31301234567');
    expect(telHref('0800-1234')).toBe('tel:+318001234');
    expect(telHref('14 030')).toBe('tel:14030');
  });

  it('needs exactly one owner for a phone number and for a schedule', () => {
    expect(problems('phone', { organization_id: ids.org })).toEqual(['service_id:one_owner']);
    expect(problems('phone', { service_id: undefined })).toEqual(['service_id:one_owner']);
    expect(problems('schedule', { service_at_location_id: ids.sal })).toEqual(['service_id:one_owner']);
  });

  it('checks postcode, coordinates and their pairing', () => {
    expect(problems('location', { postal_code: '1234ab' })).toEqual(['postal_code:invalid_postal_code']);
    expect(problems('location', { postal_code: '0123 AB' })).toEqual(['postal_code:invalid_postal_code']);
    expect(problems('location', { latitude: 91 })).toEqual(['latitude:out_of_range']);
    expect(problems('location', { longitude: -181 })).toEqual(['longitude:out_of_range']);
    expect(problems('location', { latitude: '52.1' })).toEqual(['latitude:out_of_range']);
    expect(problems('location', { longitude: undefined })).toEqual(['longitude:coordinates_pair']);
  });

  it('checks codes: status, referral method, IDO topics, languages and themes', () => {
    expect(problems('service', { status: 'open' })).toEqual(['status:invalid_code']);
    expect(problems('service', { status: 'temporarily closed' })).toEqual([]);
    expect(problems('service', { referral_method: 'email' })).toEqual(['referral_method:invalid_code']);
    expect(problems('service', { ido_topics: ['digid', 'toverdrank'] })).toEqual(['ido_topics:invalid_code']);
    expect(problems('service', { ido_topics: ['digid', 'digid'] })).toEqual(['ido_topics:duplicate_code']);
    expect(problems('service', { ido_topics: 'digid' })).toEqual(['ido_topics:invalid_list']);
    expect(problems('service', { languages: ['Nederlands'] })).toEqual(['languages:invalid_code']);
    expect(problems('taxonomy_term', { code: 'sport' })).toEqual(['code:unknown_theme']);
    expect(problems('attribute', { link_entity: 'organization' })).toEqual(['link_entity:invalid_code']);
  });

  it('says what to do with a wrong language in words for the form (by name) and for a file (a code and its Dutch name)', () => {
    const message = (languages: unknown[]) => validateKaartRecord('service', { ...base.service, languages }).map((e) => e.message);
    const how = 'Kies in het formulier de taal bij naam.';
    expect(message(['Nederlands'])).toEqual([`"Nederlands" is geen taalcode. ${how} In een importbestand staat een taal als taalcode: nl voor Nederlands.`]);
    expect(message(['nl', 'Oekraïens'])).toEqual([`"Oekraïens" is geen taalcode. ${how} In een importbestand staat een taal als taalcode: uk voor Oekraïens.`]);
    expect(message(['NL'])).toEqual([`"NL" is geen taalcode: een taalcode is in kleine letters. ${how} In een importbestand staat dan nl.`]);
    expect(message(['nl-NL'])).toEqual([`"nl-NL" is geen taalcode. ${how} In een importbestand staat een taal als taalcode, bijvoorbeeld ar voor Arabisch.`]);
    expect(message([3])).toEqual([`Een van de talen is geen taalcode. ${how} In een importbestand staat een taal als taalcode, bijvoorbeeld ar voor Arabisch.`]);
    expect(message(['😀'.repeat(100)])[0]).toBe(`"${'😀'.repeat(40)}…" is geen taalcode. ${how} In een importbestand staat een taal als taalcode, bijvoorbeeld ar voor Arabisch.`);
    for (const text of [...message(['x'.repeat(5000)]), ...message([null])]) expect(text.length).toBeLessThan(200);
  });

  it('checks schedule times, days and the order of opening and closing', () => {
    expect(problems('schedule', { opens_at: '9:00' })).toEqual(['opens_at:invalid_time']);
    expect(problems('schedule', { closes_at: '24:00' })).toEqual(['closes_at:invalid_time']);
    expect(problems('schedule', { opens_at: '16:00', closes_at: '13:00' })).toEqual(['closes_at:time_order']);
    expect(problems('schedule', { opens_at: '13:00', closes_at: '13:00' })).toEqual(['closes_at:time_order']);
    expect(problems('schedule', { byday: 'MO,XX' })).toEqual(['byday:invalid_byday']);
    expect(problems('schedule', { byday: 'MO, TU' })).toEqual(['byday:invalid_byday']);
    expect(problems('schedule', { byday: 'MO,MO' })).toEqual(['byday:duplicate_code']);
    expect(problems('schedule', { byday: '1TU' })).toEqual(['byday:invalid_byday']);
    expect(problems('schedule', { closes_at: undefined })).toEqual(['closes_at:required']);
  });

  it('accepts monthly ordinals and refuses impossible ones', () => {
    const monthly = { freq: 'MONTHLY', week_parity: undefined };
    expect(problems('schedule', { ...monthly, byday: '1TU,-1FR' })).toEqual([]);
    expect(problems('schedule', { ...monthly, byday: '+2WE' })).toEqual([]);
    expect(problems('schedule', { ...monthly, byday: '6TU' })).toEqual(['byday:invalid_byday']);
    expect(problems('schedule', { ...monthly, byday: '0TU' })).toEqual(['byday:invalid_byday']);
  });

  it('checks week parity, interval and the validity period', () => {
    expect(problems('schedule', { week_parity: 'oneven' })).toEqual(['week_parity:invalid_code']);
    expect(problems('schedule', { freq: 'MONTHLY', byday: '1TU' })).toEqual(['week_parity:not_allowed']);
    expect(problems('schedule', { week_parity: undefined, interval: 2 })).toEqual(['valid_from:anchor_required']);
    expect(problems('schedule', { week_parity: undefined, interval: 2, valid_from: '2026-09-03' })).toEqual([]);
    expect(problems('schedule', { interval: 2, valid_from: '2026-09-03' })).toEqual(['week_parity:not_allowed']);
    expect(problems('schedule', { interval: 0 })).toEqual(['interval:out_of_range']);
    expect(problems('schedule', { interval: 1.5 })).toEqual(['interval:out_of_range']);
    expect(problems('schedule', { valid_from: '2026-12-01', valid_to: '2026-11-30' })).toEqual(['valid_to:date_order']);
    expect(problems('schedule', { valid_from: '2026-02-30' })).toEqual(['valid_from:invalid_date']);
    expect(problems('schedule', { freq: 'DAILY' })).toEqual(['freq:invalid_code']);
  });

  it('takes "laatst gecontroleerd" (assured_date) from 2000 up to tomorrow in Amsterdam, and says what to fill in otherwise', () => {
    // 23:30 in Amsterdam on 30 November: tomorrow there is 1 December (in UTC it is still 30 November).
    const now = new Date('2026-11-30T22:30:00Z');
    const check = (assured_date: string) => validateKaartRecord('service', { ...base.service, assured_date }, now).map((e) => `${e.field}:${e.code}`);
    for (const day of ['2000-01-01', '2026-11-30', '2026-12-01']) expect([day, check(day)]).toEqual([day, []]);
    for (const day of ['0000-01-01', '0001-01-01', '1026-03-31', '1999-12-31', '2026-12-02', '2062-11-30', '9999-12-31']) {
      expect([day, check(day)]).toEqual([day, ['assured_date:out_of_range']]);
    }
    const [early] = validateKaartRecord('service', { ...base.service, assured_date: '0000-01-01' }, now);
    expect(early.message).toBe('De datum van de laatste controle ligt vóór het jaar 2000. Vul de dag in waarop het voor het laatst is gecontroleerd, zoals vandaag.');
    const [late] = validateKaartRecord('service', { ...base.service, assured_date: '2062-11-30' }, now);
    expect(late.message).toBe('De datum van de laatste controle ligt in de toekomst. Vul de dag in waarop het voor het laatst is gecontroleerd: vandaag of eerder.');
  });

  it('takes a schedule\'s valid_from and valid_to from 2000 up to five years ahead in Amsterdam, and says what to fill in otherwise', () => {
    // 23:30 in Amsterdam on 30 November 2026: today there is 30 November, five years on (two leap days) 30 November 2031.
    const now = new Date('2026-11-30T22:30:00Z');
    const check = (dates: { valid_from?: string; valid_to?: string }) => validateKaartRecord('schedule', { ...base.schedule, ...dates }, now).map((e) => `${e.field}:${e.code}`);
    for (const day of ['2000-01-01', '2015-06-30', '2026-11-30', '2031-11-30']) {
      expect([day, check({ valid_from: day }), check({ valid_to: day })]).toEqual([day, [], []]);
    }
    for (const day of ['0001-01-01', '0202-03-31', '1999-12-31', '2031-12-01', '2062-11-30', '9999-12-31']) {
      expect([day, check({ valid_from: day }), check({ valid_to: day })]).toEqual([day, ['valid_from:out_of_range'], ['valid_to:out_of_range']]);
    }
    expect(check({ valid_from: '0001-01-01', valid_to: '9999-12-31' })).toEqual(['valid_from:out_of_range', 'valid_to:out_of_range']);
    const message = (dates: { valid_from?: string; valid_to?: string }) => validateKaartRecord('schedule', { ...base.schedule, ...dates }, now).map((e) => e.message);
    expect(message({ valid_from: '0001-01-01' })).toEqual(['"Geldig vanaf" ligt vóór het jaar 2000. Vul een dag in vanaf 1 januari 2000, of laat het leeg.']);
    expect(message({ valid_to: '1999-12-31' })).toEqual(['"Geldig tot en met" ligt vóór het jaar 2000. Vul een dag in vanaf 1 januari 2000, of laat het leeg.']);
    expect(message({ valid_from: '2062-01-01' })).toEqual(['"Geldig vanaf" ligt meer dan 5 jaar vooruit. Vul een dag in tot en met 30 november 2031.']);
    expect(message({ valid_to: '9999-12-31' })).toEqual(['"Geldig tot en met" ligt meer dan 5 jaar vooruit. Vul een dag in tot en met 30 november 2031, of laat het leeg als er geen einddatum is.']);
    // an hour later in Amsterdam it is 1 December, and the last day moves with it
    expect(validateKaartRecord('schedule', { ...base.schedule, valid_to: '2031-12-01' }, new Date('2026-11-30T23:30:00Z'))).toEqual([]);
  });

  it('accepts a schedule that is only a description, and nothing emptier', () => {
    const note = { id: ids.schedule, service_id: ids.service, description: 'Alleen op afspraak' };
    expect(validateKaartRecord('schedule', note)).toEqual([]);
    const empty = validateKaartRecord('schedule', { id: ids.schedule, service_id: ids.service });
    expect(empty.map((e) => `${e.field}:${e.code}`)).toEqual(['description:required']);
    const daysWithoutFreq = validateKaartRecord('schedule', { ...note, byday: 'MO' });
    expect(daysWithoutFreq.map((e) => `${e.field}:${e.code}`)).toEqual(['freq:required']);
  });

  it('checks the sync metadata when it is there', () => {
    expect(problems('service', { version: -1 })).toEqual(['version:invalid_version']);
    expect(problems('service', { updatedAt: 'gisteren' })).toEqual(['updatedAt:invalid_time']);
    expect(problems('service', { deleted: 'nee' })).toEqual(['deleted:invalid_flag']);
  });
});

describe('lastScheduleDay', () => {
  it('is the same day five years on in Amsterdam, and 28 February for a leap day', () => {
    expect(lastScheduleDay(new Date('2026-11-30T22:30:00Z'))).toBe('2031-11-30');
    expect(lastScheduleDay(new Date('2026-11-30T23:30:00Z'))).toBe('2031-12-01');
    expect(lastScheduleDay(new Date('2028-02-29T12:00:00Z'))).toBe('2033-02-28');
  });
});
