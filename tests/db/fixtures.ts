import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { IdoDb } from '../../src/db/db';
import type { GroupSession } from '../../src/shared/group-session';
import type { Registration } from '../../src/shared/registration';
import demo from '../../src/db/demo-organisation.json';

/** A valid registration of the demo organisation; override what a test is about. */
export function makeRegistration(overrides: Partial<Registration> = {}): Registration {
  return {
    id: crypto.randomUUID(),
    revision: 1,
    schemaVersion: 'ido-2024.1',
    deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    organisationId: demo.organisation.id,
    locationId: demo.locations[0].id,
    scenario: 'spreekuur',
    channel: 'fysiek',
    staffRole: 'medewerker',
    startedAt: '2026-11-24T10:15:00+01:00',
    durationMinutes: 15,
    questions: [
      { category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'activeren', help: ['samen_gedaan'], resolved: 'ja' },
    ],
    consentForReferral: false,
    deleted: false,
    ...overrides,
  };
}

/** A valid group session of this tablet (every call a new id), as the group form makes one. */
export function makeGroupSession(device: { deviceId: string; organisationId: string }, overrides: Partial<GroupSession> = {}): GroupSession {
  return {
    recordType: 'groupSession', id: crypto.randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId: device.deviceId,
    organisationId: device.organisationId, locationId: 'demo-centrum', date: '2026-11-24', durationMinutes: 120, topics: ['digid'],
    kind: 'voorlichting', attendees: 18, fromRisingTopic: true, deleted: false, ...overrides,
  };
}

/**
 * Tablet databases for one test file, each closed and deleted after its test: `const newDb = tabletDbs('settings')`
 * registers the clean-up; `newDb()` is a database of its own, `newDb(name)` another handle on one (a tablet reopened).
 */
export function tabletDbs(prefix: string): (name?: string) => IdoDb {
  const opened: IdoDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return (name = `${prefix}-${crypto.randomUUID()}`) => {
    const db = new IdoDb(name);
    opened.push(db);
    return db;
  };
}
