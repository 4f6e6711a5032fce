import type { GroupSession } from '../../src/shared/group-session';
import { randomUUID } from 'node:crypto';
import type { BatchRequest } from '../../src/shared/api';
import type { IdoLocation, Question, Registration } from '../../src/shared/registration';

/** The organisation every server test enrolls its tablets for. */
export const ORGANISATION = { id: '3b0c6a52-1f7e-4d8a-9c61-5e2f7a9b0c11', name: 'Testbibliotheek Maasland', municipalityCode: 'GM0828' };
/** Another organisation: its locations are not ours. */
export const OTHER_ORGANISATION = { id: '8d2e4f60-7a1b-4c3d-8e9f-0a1b2c3d4e60', name: 'Bibliotheek Elders', municipalityCode: 'GM0344' };

export const LOCATIONS: IdoLocation[] = [
  { id: 'test-centrum', organisationId: ORGANISATION.id, name: 'Bibliotheek Oss Centrum', municipalityCode: 'GM0828', province: 'Noord-Brabant', insideLibrary: true, kind: 'vestiging', scenarios: ['spreekuur', 'balie'], idoHoursPerWeek: 8, catchmentPopulation: 45000, openedOn: '2022-05-01' },
  { id: 'test-wijk', organisationId: ORGANISATION.id, name: 'Wijkcentrum De Ruwaard', municipalityCode: 'GM0828', province: 'Noord-Brabant', insideLibrary: false, kind: 'wijkcentrum', scenarios: ['popup'], idoHoursPerWeek: 2.5, openedOn: '2024-02-01' },
];
export const OTHER_LOCATION: IdoLocation = { id: 'elders-centrum', organisationId: OTHER_ORGANISATION.id, name: 'Bibliotheek Utrecht Centrum', municipalityCode: 'GM0344', province: 'Utrecht', insideLibrary: true, kind: 'vestiging', scenarios: ['balie'], idoHoursPerWeek: 20, openedOn: '2021-01-01' };

/** A question the way the form makes the most common one: DigiD, done together, solved. Other topics drop the DigiD follow-up. */
export function question(overrides: Partial<Question> = {}): Question {
  const made: Question = { category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'activeren', help: ['samen_gedaan'], resolved: 'ja', ...overrides };
  if (!made.topics.includes('digid') && !('digidFollowUp' in overrides)) delete made.digidFollowUp;
  return made;
}

/** A question about "something else", with the short free text the form allows then. */
export function otherQuestion(otherText: string): Question {
  return { category: 'anders', topics: ['anders'], governmentOrganisations: [], help: ['informatie'], resolved: 'ja', otherText };
}

/** A valid registration of the test organisation; every call a new id. */
export function registration(deviceId: string, overrides: Partial<Registration> = {}): Registration {
  return {
    id: randomUUID(),
    revision: 1,
    schemaVersion: 'ido-2024.1',
    deviceId,
    organisationId: ORGANISATION.id,
    locationId: 'test-centrum',
    scenario: 'spreekuur',
    channel: 'fysiek',
    staffRole: 'medewerker',
    startedAt: '2025-11-24T10:15:00+01:00',
    durationMinutes: 15,
    questions: [question()],
    consentForReferral: false,
    deleted: false,
    ...overrides,
  };
}

/** A batch envelope around records, with a new batchId. */
export function batch(deviceId: string, records: unknown[], overrides: Partial<BatchRequest> = {}): BatchRequest {
  return { batchId: randomUUID(), deviceId, sentAt: new Date().toISOString(), records: records as Registration[], ...overrides };
}

/** A valid group session of the test organisation; every call a new id. */
export function groupSession(deviceId: string, overrides: Partial<GroupSession> = {}): GroupSession {
  return {
    recordType: 'groupSession', id: randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId, organisationId: ORGANISATION.id,
    locationId: 'test-centrum', date: '2025-11-24', durationMinutes: 90, topics: ['digid'], kind: 'voorlichting',
    attendees: 12, fromRisingTopic: false, deleted: false, ...overrides,
  };
}
