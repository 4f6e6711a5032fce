import { describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { saveKaartEdit } from '../../src/db/kaart/edits';
import { saveRegistration } from '../../src/db/registrations';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../src/server/organisations/demo';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import type { OrganizationFields, ServiceFields } from '../../src/shared/kaart/types';
import { ID_IN_USE_MESSAGES } from '../../src/shared/ownership';
import { buildEmergencyExport } from '../../src/sync/export';
import { pushKaart } from '../../src/sync/kaart-push';
import { drainOutbox } from '../../src/sync/outbox';
import { fetchTransport } from '../../src/sync/transport';
import { useRealServer } from './real-server';
import '../server/server-secret'; // the server's codes and tokens need its secret
import { makeRegistration } from './fixtures';

/*
 * The tablet against the real server (PGlite in memory): a record whose id the server holds for another
 * organisation comes back `id_in_use`; the tablet keeps it, shows the server's Dutch message, and does not
 * send it again by itself.
 */
const ELSEWHERE = { id: '8d2e4f60-7a1b-4c3d-8e9f-0a1b2c3d4e60', name: 'Bibliotheek Elders' };
const ELSEWHERE_LOCATION = {
  id: 'elders-centrum', organisationId: ELSEWHERE.id, name: 'Bibliotheek Elders Centrum', municipalityCode: 'GM0344', province: 'Utrecht',
  insideLibrary: true, kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 8, openedOn: '2021-01-01',
} as const;

const server = useRealServer(async (db) => {
  await seedDemoOrganisation(db);
  await createOrganisation(db, ELSEWHERE);
  await createLocation(db, { ...ELSEWHERE_LOCATION, scenarios: [...ELSEWHERE_LOCATION.scenarios] });
});
/** every request the tablets made, by path */
const requests: string[] = [];
const transport = () => fetchTransport(server.url, (input, init) => {
  requests.push(new URL(String(input)).pathname);
  return fetch(input, init);
});

/** A tablet enrolled on the server for this organisation, with its own local database. */
const tablet = (organisationId: string, role: 'medewerker' | 'coordinator' = 'medewerker') => server.tabletWithDevice('id-in-use', organisationId, role);

const drain = (db: IdoDb) => drainOutbox(db, { transport: transport(), locks: null });

describe('a record the server holds under the same id for someone else', () => {
  it('keeps the registration on the tablet, needing attention with the server\'s Dutch message, and does not send it again', async () => {
    const ours = await tablet(DEMO_ORGANISATION_ID);
    const stored = await saveRegistration(ours.db, makeRegistration({ deviceId: ours.device.deviceId }));
    expect(await drain(ours.db)).toMatchObject({ outcome: 'done', sent: 1 });

    const theirs = await tablet(ELSEWHERE.id);
    const clash = makeRegistration({ id: stored.id, deviceId: theirs.device.deviceId, organisationId: ELSEWHERE.id, locationId: ELSEWHERE_LOCATION.id });
    const own = makeRegistration({ deviceId: theirs.device.deviceId, organisationId: ELSEWHERE.id, locationId: ELSEWHERE_LOCATION.id });
    await saveRegistration(theirs.db, clash);
    await saveRegistration(theirs.db, own);

    expect(await drain(theirs.db)).toMatchObject({ outcome: 'done' });
    expect(await theirs.db.registrations.get(own.id)).toMatchObject({ syncState: 'sent' });
    expect(await theirs.db.registrations.get(clash.id)).toMatchObject({
      syncState: 'attention', problem: { code: 'id_in_use', field: 'id', message: ID_IN_USE_MESSAGES.registration },
    });
    expect(await theirs.db.batches.count()).toBe(0);

    // Not retried on its own: the next drains send nothing; it stays, and goes into an emergency export.
    const before = requests.length;
    expect(await drain(theirs.db)).toMatchObject({ outcome: 'done', sent: 0 });
    expect(requests.length).toBe(before);
    expect((await buildEmergencyExport(theirs.db)).records.map((r) => r.id)).toEqual([clash.id]);
    const [row] = await server.db.query<{ organisation_id: string }>('SELECT organisation_id::text FROM registrations WHERE id = $1', [stored.id]);
    expect(row.organisation_id).toBe(DEMO_ORGANISATION_ID);
  });

  it('keeps a kaart change refused as id_in_use with its message, and does not push it again', async () => {
    const ours = await tablet(DEMO_ORGANISATION_ID, 'coordinator');
    const theirs = await tablet(ELSEWHERE.id, 'coordinator');
    const ourOrganization: OrganizationFields = { id: crypto.randomUUID(), name: 'Schuldhulp Oss', owner_organisation_id: DEMO_ORGANISATION_ID } as OrganizationFields;
    const ourService = { id: crypto.randomUUID(), organization_id: ourOrganization.id, name: 'Spreekuur geldzaken', status: 'active' } as ServiceFields;
    expect((await saveKaartEdit(ours.db, 'organization', ourOrganization)).ok).toBe(true);
    expect((await saveKaartEdit(ours.db, 'service', ourService)).ok).toBe(true);
    expect(await pushKaart(ours.db, transport())).toMatchObject({ outcome: 'done', count: 2 });

    const theirOrganization = { ...ourOrganization, id: crypto.randomUUID(), name: 'Taalhuis Elders', owner_organisation_id: ELSEWHERE.id } as OrganizationFields;
    const clash = { ...ourService, organization_id: theirOrganization.id, name: 'Taalspreekuur' } as ServiceFields;
    expect((await saveKaartEdit(theirs.db, 'organization', theirOrganization)).ok).toBe(true);
    expect((await saveKaartEdit(theirs.db, 'service', clash)).ok).toBe(true);
    await pushKaart(theirs.db, transport());

    expect(await theirs.db.kaartOutbox.get(`organization:${theirOrganization.id}`)).toBeUndefined();
    expect(await theirs.db.kaartOutbox.get(`service:${clash.id}`)).toMatchObject({
      state: 'rejected', problem: { code: 'id_in_use', field: 'id', message: ID_IN_USE_MESSAGES.kaart },
    });
    expect(await theirs.db.kaartServices.get(clash.id)).toMatchObject({ name: 'Taalspreekuur' });
    const before = requests.length;
    expect(await pushKaart(theirs.db, transport())).toMatchObject({ outcome: 'done', count: 0 });
    expect(requests.length).toBe(before);
  });
});
