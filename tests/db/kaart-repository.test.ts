import { describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { addFeedback, resolveFeedback } from '../../src/db/kaart/feedback';
import { allServices, serviceView, servicesForTopics } from '../../src/db/kaart/joins';
import { saveKaartEdit, saveKaartEdits } from '../../src/db/kaart/edits';
import { searchDocumentFor, toSearchDocuments } from '../../src/features/kaart/search-documents';
import demo from '../../src/shared/kaart/demo-kaart.json';
import { importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { themeByCode } from '../../src/shared/kaart/themes';
import { KAART_ENTITIES, type KaartDataSet, type KaartEntity, type ServiceFields } from '../../src/shared/kaart/types';
import type { KaartIncomingChange } from '../../src/db/types';
import { applyIncomingChanges, loadDemoKaart } from '../../src/sync/kaart-apply';
import { tabletDbs } from './fixtures';

const newDb = tabletDbs('kaart-repository');

async function freshDb() {
  const db = newDb();
  await db.open();
  return db;
}

const NOW = new Date('2026-11-24T09:15:00.000Z');
const OWNER = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const id = () => crypto.randomUUID();
const geld = themeByCode('geld_schulden')!;
const toeslagen = themeByCode('toeslagen_belasting')!;

/** A small kaart: one organization, a service at two locations, a phone of each kind, schedules both ways, two themes. */
function smallKaart() {
  const organization = { id: id(), name: 'Schuldhulp Rivierstad', owner_organisation_id: OWNER };
  const service = (fields: Partial<ServiceFields> = {}): ServiceFields => ({
    id: id(), organization_id: organization.id, name: 'Spreekuur geldzaken', status: 'active', description: 'Hulp bij rekeningen.', ...fields,
  });
  const main = service({ ido_topics: ['toeslagen', 'digid'], languages: ['nl', 'ar'], referral_method: 'walk_in', alternate_name: 'Geldloket' });
  const centrum = { id: id(), organization_id: organization.id, name: 'Centrum', address_1: 'Markt 1', city: 'Rivierstad', latitude: 51.9, longitude: 4.5 };
  const noord = { id: id(), organization_id: organization.id, name: 'Noord', address_1: 'Dijk 2', city: 'Rivierstad' };
  const atCentrum = { id: id(), service_id: main.id, location_id: centrum.id };
  const atNoord = { id: id(), service_id: main.id, location_id: noord.id };
  const set: KaartDataSet = {
    organization: [organization],
    service: [main],
    location: [noord, centrum],
    service_at_location: [atNoord, atCentrum],
    phone: [
      { id: id(), organization_id: organization.id, number: '0000-000 001' },
      { id: id(), location_id: centrum.id, number: '0000-000 002' },
      { id: id(), service_id: main.id, number: '0000-000 003' },
    ],
    schedule: [
      { id: id(), service_id: main.id, freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '12:00' },
      { id: id(), service_at_location_id: atNoord.id, freq: 'WEEKLY', byday: 'TH', opens_at: '13:00', closes_at: '16:00' },
    ],
    taxonomy_term: [
      { id: geld.id, code: geld.code, name: geld.name, parent_id: null },
      { id: toeslagen.id, code: toeslagen.code, name: toeslagen.name, parent_id: null },
    ],
    attribute: [
      { id: id(), link_id: main.id, link_entity: 'service', taxonomy_term_id: geld.id },
      { id: id(), link_id: main.id, link_entity: 'service', taxonomy_term_id: toeslagen.id },
    ],
  };
  return { set, main, organization, centrum, noord, service };
}

/** Stores a data set the way a pull does, each record at version 1. */
async function storeAsPulled(db: IdoDb, set: KaartDataSet) {
  const changes = KAART_ENTITIES.flatMap((entity) =>
    set[entity].map((data) => ({ entity, id: data.id, version: 1, deleted: false, data }) as KaartIncomingChange));
  await db.transaction('rw', db.tables, () => applyIncomingChanges(db, changes, NOW));
}

describe('serviceView', () => {
  it('joins the organization, locations via service_at_location, phones, schedules and themes', async () => {
    const db = await freshDb();
    const { set, main, organization, centrum, noord } = smallKaart();
    await storeAsPulled(db, set);

    const view = (await serviceView(db, main.id))!;

    expect(view.service).toMatchObject({ id: main.id, version: 1, deleted: false });
    expect(view.organization?.id).toBe(organization.id);
    expect(view.locations.map((l) => l.id).sort()).toEqual([centrum.id, noord.id].sort());
    expect(view.serviceAtLocations).toHaveLength(2);
    expect(view.phones.map((p) => p.number)).toEqual(['0000-000 003', '0000-000 002', '0000-000 001']);
    expect(view.schedules.map((s) => s.byday).sort()).toEqual(['MO', 'TH']);
    expect(view.themes.map((t) => t.code).sort()).toEqual(['geld_schulden', 'toeslagen_belasting']);
    expect(view.edit).toBeUndefined();
    expect(await serviceView(db, id())).toBeUndefined();
  });

  it('knows the themes by their fixed ids even before the taxonomy terms arrived', async () => {
    const db = await freshDb();
    const { set, main } = smallKaart();
    await storeAsPulled(db, { ...set, taxonomy_term: [] });

    expect((await serviceView(db, main.id))!.themes.map((t) => t.name).sort()).toEqual([geld.name, toeslagen.name].sort());
  });
});

describe('servicesForTopics', () => {
  it('ranks by how many of the asked topics a service helps with, then by name, and leaves ended services out', async () => {
    const db = await freshDb();
    const { set, service } = smallKaart();
    const one = service({ name: 'Alleen DigiD', ido_topics: ['digid'] });
    const two = service({ name: 'Zowel als', ido_topics: ['digid', 'toeslagen', 'afspraak_maken'] });
    const alsoOne = service({ name: 'Aaa ook DigiD', ido_topics: ['digid'] });
    const ended = service({ name: 'Gestopt', status: 'defunct', ido_topics: ['digid', 'toeslagen'] });
    const other = service({ name: 'Ander onderwerp', ido_topics: ['afspraak_maken'] });
    await storeAsPulled(db, { ...set, service: [one, two, alsoOne, ended, other] });

    const matches = await servicesForTopics(db, ['digid', 'toeslagen']);

    expect(matches.map((m) => m.service.name)).toEqual(['Zowel als', 'Aaa ook DigiD', 'Alleen DigiD']);
    expect(matches[0].matched).toEqual(['digid', 'toeslagen']);
    expect(await servicesForTopics(db, [])).toEqual([]);
  });
});

describe('search documents', () => {
  it('maps a service to what the search worker indexes', async () => {
    const db = await freshDb();
    const { set, main, organization, centrum } = smallKaart();
    await storeAsPulled(db, set);

    expect(searchDocumentFor((await serviceView(db, main.id))!)).toEqual({
      id: main.id, name: main.name, alternateName: 'Geldloket', organizationName: organization.name, description: main.description,
      themes: expect.arrayContaining(['geld_schulden', 'toeslagen_belasting']), themeNames: expect.arrayContaining([geld.name, toeslagen.name]),
      idoTopics: ['toeslagen', 'digid'], referralMethod: 'walk_in', languages: ['nl', 'ar'], latitude: centrum.latitude, longitude: centrum.longitude,
    });
  });

  it('leaves out defunct and inactive services, keeps temporarily closed ones', async () => {
    const db = await freshDb();
    const { set, service } = smallKaart();
    const services = [service({ name: 'Open' }), service({ name: 'Dicht', status: 'temporarily closed' }), service({ status: 'defunct' }), service({ status: 'inactive' })];
    await storeAsPulled(db, { ...set, service: services });

    expect((await toSearchDocuments(db)).map((d) => d.name).sort()).toEqual(['Dicht', 'Open']);
    expect(await allServices(db)).toHaveLength(4);
  });
});

describe('the demo kaart', () => {
  const { records } = importHsdsJson(demo);

  it('loads into Dexie through the pull path, and every service becomes a SearchDocument', async () => {
    const db = await freshDb();

    const loaded = await loadDemoKaart(db, records, NOW);

    expect(loaded).toBe(KAART_ENTITIES.reduce((n, e) => n + records[e].length, 0));
    expect(await db.kaartServices.count()).toBe(records.service.length);
    expect(await db.kaartAttributes.count()).toBe(records.attribute.length);
    const documents = await toSearchDocuments(db);
    expect(documents.map((d) => d.id).sort()).toEqual(records.service.map((s) => s.id).sort());
    for (const document of documents) {
      expect(document.organizationName, document.name).toMatch(/\(voorbeeld\)$/);
      expect(document.themes.length, document.name).toBeGreaterThan(0);
    }
    expect((await db.settings.get('kaartCursor'))?.value).toEqual({ source: 'demo' });
  });

  it('is not loaded over an organisation\'s kaart', async () => {
    const db = await freshDb();
    await db.settings.put({ key: 'kaartCursor', value: { source: OWNER, cursor: 'c9' } });

    expect(await loadDemoKaart(db, records, NOW)).toBe(0);
    expect(await db.kaartServices.count()).toBe(0);
  });
});

describe('local edits', () => {
  it('writes the record at once and queues the change with the version it was edited from', async () => {
    const db = await freshDb();
    const { set, main } = smallKaart();
    await storeAsPulled(db, set);

    expect(await saveKaartEdit(db, 'service', { ...main, name: 'Geldzaken' }, { now: NOW })).toEqual({ ok: true });

    expect(await db.kaartServices.get(main.id)).toMatchObject({ name: 'Geldzaken', version: 1 });
    expect(await db.kaartOutbox.get(`service:${main.id}`)).toMatchObject({
      entity: 'service', recordId: main.id, baseVersion: 1, deleted: false, state: 'pending', data: { name: 'Geldzaken' }, before: { name: main.name },
    });
    expect((await serviceView(db, main.id))!.edit?.state).toBe('pending');
  });

  it('coalesces two edits of one record into one change that keeps the original baseVersion', async () => {
    const db = await freshDb();
    const { set, main } = smallKaart();
    await storeAsPulled(db, set);
    await saveKaartEdit(db, 'service', { ...main, name: 'Eerste' }, { now: NOW });
    // the local copy moves on (e.g. a push answer set its version); the queued change still says where the edit began
    await db.kaartServices.update(main.id, { version: 2 });

    await saveKaartEdit(db, 'service', { ...main, name: 'Tweede' }, { now: new Date(NOW.getTime() + 1000) });

    expect(await db.kaartOutbox.count()).toBe(1);
    expect(await db.kaartOutbox.get(`service:${main.id}`)).toMatchObject({ baseVersion: 1, data: { name: 'Tweede' }, before: { name: main.name } });
  });

  it('refuses a record that does not validate, and writes nothing', async () => {
    const db = await freshDb();
    const { main } = smallKaart();

    const result = await saveKaartEdit(db, 'service', { ...main, name: '' }, { now: NOW });

    expect(result).toMatchObject({ ok: false, errors: [{ field: 'name', code: 'required' }] });
    expect(await db.kaartServices.count()).toBe(0);
    expect(await db.kaartOutbox.count()).toBe(0);
  });

  it('saves several edits all or nothing', async () => {
    const db = await freshDb();
    const { set, service } = smallKaart();
    const edits = [
      { entity: 'organization' as KaartEntity, record: set.organization[0] },
      { entity: 'service' as KaartEntity, record: service({ name: 'Nieuw' }) },
      { entity: 'service' as KaartEntity, record: service({ status: 'bezet' as never }) },
    ];

    expect((await saveKaartEdits(db, edits, NOW)).ok).toBe(false);
    expect(await db.kaartOutbox.count()).toBe(0);
    expect((await saveKaartEdits(db, edits.slice(0, 2), NOW)).ok).toBe(true);
    expect(await db.kaartOutbox.count()).toBe(2);
  });

  it('deletes locally and queues a tombstone for a record the server has; a never-sent record just goes', async () => {
    const db = await freshDb();
    const { set, main, service } = smallKaart();
    await storeAsPulled(db, set);
    const draft = service({ name: 'Concept' });
    await saveKaartEdit(db, 'service', draft, { now: NOW });

    await saveKaartEdit(db, 'service', main, { deleted: true, now: NOW });
    await saveKaartEdit(db, 'service', draft, { deleted: true, now: NOW });

    expect(await db.kaartServices.count()).toBe(0);
    expect(await db.kaartOutbox.toArray()).toEqual([expect.objectContaining({ id: `service:${main.id}`, deleted: true, baseVersion: 1 })]);
  });
});

describe('"Klopt niet"', () => {
  it('marks a service and queues the mark for the server', async () => {
    const db = await freshDb();
    const { set, main } = smallKaart();
    await storeAsPulled(db, set);

    expect(await addFeedback(db, main.id, '  Spreekuur is verhuisd naar dinsdag. ', NOW)).toEqual({ ok: true });

    const [mark] = await db.kaartFeedback.toArray();
    expect(mark).toMatchObject({ service_id: main.id, note: 'Spreekuur is verhuisd naar dinsdag.', version: 0, created_at: NOW.toISOString(), resolved: false });
    expect(await db.kaartOutbox.get(`feedback:${mark.id}`)).toMatchObject({ entity: 'feedback', baseVersion: 0, state: 'pending' });
    expect((await serviceView(db, main.id))!.feedback).toHaveLength(1);
  });

  it('refuses an empty note or one that looks like personal data, and stores nothing', async () => {
    const db = await freshDb();
    const { main } = smallKaart();

    expect(await addFeedback(db, main.id, 'Bel mevrouw terug op 06 12345678', NOW)).toMatchObject({ ok: false, errors: [{ field: 'note', code: 'personal_data' }] });
    expect(await addFeedback(db, main.id, '   ', NOW)).toMatchObject({ ok: false, errors: [{ field: 'note', code: 'required' }] });
    expect(await db.kaartFeedback.count()).toBe(0);
    expect(await db.kaartOutbox.count()).toBe(0);
  });

  it('counts an emoji in the note as one character, as the server does: 500 fit, 501 are refused with that number', async () => {
    const db = await freshDb();
    const { set, main } = smallKaart();
    await storeAsPulled(db, set);
    expect(await addFeedback(db, main.id, '😀'.repeat(501), NOW)).toEqual({ ok: false, errors: [{ field: 'note', code: 'too_long', message: 'Gebruik hoogstens 500 tekens. Nu zijn het er 501.' }] });
    expect(await addFeedback(db, main.id, '😀'.repeat(500), NOW)).toEqual({ ok: true });
    expect((await db.kaartFeedback.toArray()).map((mark) => mark.note)).toEqual(['😀'.repeat(500)]);
  });

  it('lets the coordinator mark it resolved, as a change on top of the version the server has', async () => {
    const db = await freshDb();
    const { main } = smallKaart();
    const mark = { id: id(), service_id: main.id, note: 'Verhuisd.', created_at: NOW.toISOString(), resolved: false };
    await db.transaction('rw', db.tables, () => applyIncomingChanges(db, [{ entity: 'feedback', id: mark.id, version: 3, deleted: false, data: mark }], NOW));

    await resolveFeedback(db, mark.id, NOW);

    expect(await db.kaartFeedback.get(mark.id)).toMatchObject({ resolved: true, version: 3 });
    expect(await db.kaartOutbox.get(`feedback:${mark.id}`)).toMatchObject({ baseVersion: 3, data: { ...mark, resolved: true }, state: 'pending' });
  });
});
