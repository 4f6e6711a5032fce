import { describe, expect, it } from 'vitest';
import { type GroupSession, isGroupSessionRecord, validateGroupSession } from '../../src/shared/group-session';
import { validateRegistration } from '../../src/shared/validation';
import { draftToGroupSession, freshGroupDraft, type GroupDraft, groupDraftOf } from '../../src/features/groups/group-draft';
import { parseRoute, routeHref } from '../../src/app/router';

const NOW = new Date('2026-11-30T15:00:00Z');
const LOCATIONS = ['test-centrum', 'test-wijk'];

function session(overrides: Record<string, unknown> = {}): GroupSession {
  return {
    recordType: 'groupSession', id: '7a5f9e04-8b93-44c5-8061-7a8b9c0d1e2f', revision: 1, schemaVersion: 'ido-2024.1',
    deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', organisationId: '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f',
    locationId: 'test-centrum', date: '2026-11-30', durationMinutes: 90, topics: ['digid'], kind: 'cursus',
    attendees: 12, fromRisingTopic: false, deleted: false, ...overrides,
  } as GroupSession;
}
const problems = (overrides: Record<string, unknown>) =>
  validateGroupSession(session(overrides), { locationIds: LOCATIONS, now: NOW }).map((e) => `${e.field} ${e.code}`);

describe('validateGroupSession (the same check on the tablet and the server)', () => {
  it('accepts a complete session, also with a partner, a note without personal data and several topics', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ partnerOrganisation: 'seniorweb', note: 'DigiD-avond met SeniorWeb', topics: ['digid', 'toeslagen'], attendees: 500 })).toEqual([]);
    expect(problems({ attendees: 1, fromRisingTopic: true })).toEqual([]);
  });

  it.each([[0], [501], [2.5], ['tien'], [-3], [null]])('refuses %s attendees with a message per field', (attendees) => {
    const errors = validateGroupSession(session({ attendees }), { now: NOW });
    expect(errors.map((e) => `${e.field} ${e.code}`)).toEqual(['attendees out_of_range']);
    expect(errors[0].message).toContain('1 tot 500');
  });

  it('refuses a schema version that is a name every object has (__proto__, constructor) instead of throwing', () => {
    for (const schemaVersion of ['__proto__', 'constructor', 'toString']) expect(problems({ schemaVersion })).toEqual(['schemaVersion unknown_schema_version']);
  });

  it('asks for the number of attendees when it is missing', () => {
    expect(problems({ attendees: undefined })).toEqual(['attendees required']);
  });

  it('refuses an unknown topic, no topic, a topic twice and an unknown kind or partner', () => {
    expect(problems({ topics: ['astrologie'] })).toEqual(['topics invalid_code']);
    expect(problems({ topics: [] })).toEqual(['topics required']);
    expect(problems({ topics: ['digid', 'digid'] })).toEqual(['topics duplicate_code']);
    expect(problems({ kind: 'feest' })).toEqual(['kind invalid_code']);
    expect(problems({ kind: undefined })).toEqual(['kind required']);
    expect(problems({ partnerOrganisation: 'Buurtvereniging' })).toEqual(['partnerOrganisation invalid_code']);
  });

  it('lists its problems in the order of the form (the error summary shows them so): the kind before the topics', () => {
    expect(problems({ kind: undefined, topics: [] })).toEqual(['kind required', 'topics required']);
  });

  it('refuses a day after today in Amsterdam, a day that does not exist and a time instead of a day', () => {
    expect(problems({ date: '2026-12-01' })).toEqual(['date in_future']);
    expect(problems({ date: '2026-02-30' })).toEqual(['date invalid_time']);
    expect(problems({ date: '2026-11-30T10:00:00+01:00' })).toEqual(['date invalid_time']);
    expect(problems({ date: '2019-12-31' })).toEqual(['date too_early']);
    // 23:30 on 30 November in Amsterdam is already 1 December: that day is today there.
    expect(validateGroupSession(session({ date: '2026-12-01' }), { now: new Date('2026-11-30T23:30:00Z') })).toEqual([]);
  });

  it.each([
    ['phone', 'Bel mevrouw terug op 06-12345678'],
    ['email', 'mail naar jan@example.nl'],
    ['bsn', 'BSN 111222333 kwijt'],
    ['address', 'Kerkstraat 12 in Oss'],
  ])('refuses personal data (%s) in the note', (_kind, note) => {
    expect(problems({ note })).toEqual(['note personal_data']);
  });

  it('counts an emoji in the note as one character, and says the count so', () => {
    expect(problems({ note: '😀'.repeat(140) })).toEqual([]);
    expect(problems({ note: '😀'.repeat(141) })).toEqual(['note too_long']);
    expect(validateGroupSession(session({ note: '😀'.repeat(141) }), { locationIds: LOCATIONS, now: NOW }).map((e) => e.message)).toEqual(['Gebruik hoogstens 140 tekens. Nu zijn het er 141.']);
  });

  it('refuses a note over 140 characters, a location of another organisation, names and unknown fields', () => {
    expect(problems({ note: 'x'.repeat(141) })).toEqual(['note too_long']);
    expect(problems({ locationId: 'elders-centrum' })).toEqual(['locationId unknown_location']);
    expect(problems({ names: ['Jan Jansen'] })).toEqual(['names unknown_field']);
    expect(problems({ durationMinutes: 0 })).toEqual(['durationMinutes out_of_range']);
    expect(problems({ fromRisingTopic: 'ja' })).toEqual(['fromRisingTopic required']);
  });

  it('is refused per record, first for its recordType, by a server that knows only registrations (an old server)', () => {
    // The tablet puts recordType first (group-draft.ts), so an old server names that field.
    expect(validateRegistration(session(), { now: NOW })[0]).toMatchObject({ field: 'recordType', code: 'unknown_field' });
  });

  it('tells a group session from a registration by its recordType only', () => {
    expect(isGroupSessionRecord(session())).toBe(true);
    expect(isGroupSessionRecord({ id: 'x', questions: [] })).toBe(false);
    expect(isGroupSessionRecord(null)).toBe(false);
  });
});

describe('the group-session form draft', () => {
  const device = { deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', organisationId: '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f' };
  const filled = (patch: Partial<GroupDraft>): GroupDraft => ({ ...freshGroupDraft('2026-11-30', 'test-centrum'), kind: 'cursus', topics: ['digid'], attendees: '12', ...patch });
  const check = (patch: Partial<GroupDraft>) =>
    validateGroupSession(draftToGroupSession(filled(patch), device), { locationIds: LOCATIONS, now: NOW }).map((e) => `${e.field} ${e.code}`);

  it('makes a valid record of a filled form, recordType first, without an empty note or partner', () => {
    const record = draftToGroupSession(filled({ note: '  ' }), device);
    expect(check({})).toEqual([]);
    expect(Object.keys(record)[0]).toBe('recordType');
    expect(record).not.toHaveProperty('note');
    expect(record).not.toHaveProperty('partnerOrganisation');
    expect(record).toMatchObject({ attendees: 12, durationMinutes: 60, fromRisingTopic: false });
  });

  it('keeps what was typed as words or decimals invalid instead of guessing a number', () => {
    expect(check({ attendees: 'tien' })).toEqual(['attendees out_of_range']);
    expect(check({ attendees: '2,5' })).toEqual(['attendees out_of_range']);
    expect(check({ attendees: '' })).toEqual(['attendees required']);
    expect(check({ duration: 'een uur' })).toEqual(['durationMinutes out_of_range']);
    expect(check({ locationId: undefined, kind: undefined })).toEqual(['locationId required', 'kind required']);
  });

  it('opens a stored session in the form and makes the same record again (an edit changes only what was changed)', () => {
    const stored = session({ partnerOrganisation: 'uwv', note: 'Vragen over de app', fromRisingTopic: true, topics: ['digid', 'toeslagen'] });
    expect(draftToGroupSession(groupDraftOf(stored), device)).toEqual(stored);
    expect(draftToGroupSession({ ...groupDraftOf(session()), attendees: '15' }, device)).toEqual(session({ attendees: 15 }));
  });

  it('has its own address to edit a session, and a broken address opens a new one', () => {
    const id = '7a5f9e04-8b93-44c5-8061-7a8b9c0d1e2f';
    expect(parseRoute(`#/groep/${id}`)).toEqual({ page: 'group', editId: id });
    expect(routeHref({ page: 'group', editId: id })).toBe(`#/groep/${id}`);
    expect(parseRoute('#/groep')).toEqual({ page: 'group' });
    expect(parseRoute('#/groep/%E0%A4%A')).toEqual({ page: 'group' });
  });
});
