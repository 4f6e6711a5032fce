import { describe, expect, it } from 'vitest';
import type { IdoDb } from '../../src/db/db';
import { saveKaartEdits } from '../../src/db/kaart/edits';
import { serviceView } from '../../src/db/kaart/joins';
import { kaartTables } from '../../src/db/kaart/tables';
import type { KaartIncomingChange } from '../../src/db/types';
import { contactEdits, contactsOf } from '../../src/features/kaart/contact-rows';
import { KAART_ENTITIES, type KaartDataSet, emptyDataSet } from '../../src/shared/kaart/types';
import { applyIncomingChanges } from '../../src/sync/kaart-apply';
import { tabletDbs } from './fixtures';

// The edit form saves a service with its phone numbers and opening hours: in one transaction, all or nothing.
const newDb = tabletDbs('kaart-service-contacts');
const NOW = new Date('2026-11-24T09:15:00.000Z');
const OWNER = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const id = () => crypto.randomUUID();

/** A service with two numbers of its own and one of its organisation, hours on Monday, and Thursday hours at a location. */
async function tabletWithService() {
  const db = newDb();
  await db.open();
  const set: KaartDataSet = emptyDataSet();
  const organization = { id: id(), name: 'Schuldhulp Rivierstad', owner_organisation_id: OWNER };
  const service = { id: id(), organization_id: organization.id, name: 'Spreekuur geldzaken', status: 'active' as const };
  const location = { id: id(), organization_id: organization.id, address_1: 'Markt 1', city: 'Rivierstad' };
  const atLocation = { id: id(), service_id: service.id, location_id: location.id };
  const desk = { id: id(), service_id: service.id, number: '030-123 45 67', description: 'Balie' };
  const spare = { id: id(), service_id: service.id, number: '030-765 43 21' };
  const general = { id: id(), organization_id: organization.id, number: '0800-1234' };
  const monday = { id: id(), service_id: service.id, freq: 'WEEKLY' as const, byday: 'MO', opens_at: '09:00', closes_at: '12:00' };
  const atMarkt = { id: id(), service_at_location_id: atLocation.id, freq: 'WEEKLY' as const, byday: 'TH', opens_at: '13:00', closes_at: '16:00' };
  Object.assign(set, {
    organization: [organization], service: [service], location: [location], service_at_location: [atLocation],
    phone: [desk, spare, general], schedule: [monday, atMarkt],
  });
  const changes = KAART_ENTITIES.flatMap((entity) => set[entity].map((data) => ({ entity, id: data.id, version: 1, deleted: false, data }) as KaartIncomingChange));
  await db.transaction('rw', db.tables, () => applyIncomingChanges(db, changes, NOW));
  return { db, service, desk, spare, general, monday, atMarkt };
}

/** Every kaart table and the outbox, as they are. */
async function everything(db: IdoDb) {
  return Promise.all(kaartTables(db).map((table) => table.toArray()));
}

/** The form's save: the service with the plan of its rows (as ServiceEditPage makes it). */
async function formEdits(db: IdoDb, serviceId: string, change: (rows: ReturnType<typeof contactsOf>) => Parameters<typeof contactEdits>[2]) {
  const view = (await serviceView(db, serviceId))!;
  const contacts = contactsOf(serviceId, view.phones, view.schedules, id);
  const plan = contactEdits(serviceId, contacts, change(contacts), { now: NOW });
  return { view, contacts, plan };
}

describe('saving a service with its phone numbers and opening hours', () => {
  it('writes the service, the changed, added and removed numbers and the changed hours in one go, and queues each for the server', async () => {
    const { db, service, desk, spare, general, monday, atMarkt } = await tabletWithService();
    const added = id();
    const { contacts, plan } = await formEdits(db, service.id, (rows) => ({
      phones: [{ ...rows.phoneRows.find((row) => row.id === desk.id)!, number: '030-111 22 33' }, { id: added, number: '14 030', description: 'Gemeente' }],
      hours: [{ ...rows.hoursRows[0], opens: '10:00' }, { key: 'tu', day: 1, opens: '13:00', closes: '15:30' }],
    }));
    expect(contacts.fixed.map((schedule) => schedule.id)).toEqual([atMarkt.id]);
    expect(plan.errors).toEqual([]);
    expect(await saveKaartEdits(db, [{ entity: 'service', record: { ...service, name: 'Spreekuur geld' } }, ...plan.edits], NOW)).toEqual({ ok: true });

    const view = (await serviceView(db, service.id))!;
    expect(view.service.name).toBe('Spreekuur geld');
    expect(view.phones.map((phone) => phone.number).sort()).toEqual(['030-111 22 33', '0800-1234', '14 030']);
    expect(view.schedules.map(({ byday, opens_at, closes_at }) => `${byday} ${opens_at}-${closes_at}`).sort()).toEqual(['MO 10:00-12:00', 'TH 13:00-16:00', 'TU 13:00-15:30']);
    expect(await db.kaartSchedules.get(atMarkt.id)).toMatchObject({ ...atMarkt, version: 1 });
    expect(await db.kaartPhones.get(general.id)).toMatchObject({ ...general, version: 1 });

    const outbox = await db.kaartOutbox.toArray();
    const queued = (recordId: string) => outbox.find((entry) => entry.recordId === recordId);
    expect(queued(desk.id)).toMatchObject({ entity: 'phone', baseVersion: 1, deleted: false, data: { number: '030-111 22 33', description: 'Balie' } });
    expect(queued(added)).toMatchObject({ entity: 'phone', baseVersion: 0, deleted: false, data: { service_id: service.id, number: '14 030' } });
    // A number the server has is removed by a delete (a tombstone through the outbox).
    expect(queued(spare.id)).toMatchObject({ entity: 'phone', baseVersion: 1, deleted: true });
    expect(await db.kaartPhones.get(spare.id)).toBeUndefined();
    expect(queued(monday.id)).toMatchObject({ entity: 'schedule', baseVersion: 1, data: { byday: 'MO', opens_at: '10:00', closes_at: '12:00' } });
    expect(queued(atMarkt.id)).toBeUndefined();
    expect(queued(general.id)).toBeUndefined();
    expect(outbox).toHaveLength(6); // service, 3 phones, Monday, Tuesday
  });

  it('leaves everything stored as it was when one number is refused, and when a write fails halfway', async () => {
    const { db, service } = await tabletWithService();
    const before = await everything(db);
    const { plan } = await formEdits(db, service.id, (rows) => ({ phones: rows.phoneRows, hours: [{ ...rows.hoursRows[0], closes: '17:00' }] }));
    expect(plan.edits).toHaveLength(1);
    const refused = await saveKaartEdits(db, [
      { entity: 'service', record: { ...service, name: 'Nieuwe naam' } }, ...plan.edits,
      { entity: 'phone', record: { id: id(), service_id: service.id, number: 'bel ons' } },
    ], NOW);
    expect(refused).toMatchObject({ ok: false, errors: [{ field: 'number', code: 'invalid_phone' }] });
    expect(await everything(db)).toEqual(before);

    // The schedule's write fails (as a full disk would): the service's and the number's writes before it are undone.
    db.kaartSchedules.hook('updating', () => {
      throw new Error('schijf vol');
    });
    await expect(saveKaartEdits(db, [
      { entity: 'service', record: { ...service, name: 'Nieuwe naam' } },
      { entity: 'phone', record: { id: id(), service_id: service.id, number: '030-222 33 44' } }, ...plan.edits,
    ], NOW)).rejects.toThrow('schijf vol');
    expect(await everything(db)).toEqual(before);
  });
});
