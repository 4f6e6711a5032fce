import { describe, expect, it } from 'vitest';
import { saveKaartEdit } from '../../src/db/kaart/edits';
import { kaartOutboxEntries } from '../../src/db/kaart/outbox';
import { recordsReferredTo } from '../../src/db/kaart/joins';
import type { KaartIncomingChange } from '../../src/db/types';
import { recordTitle } from '../../src/features/kaart/conflict-text';
import { emptyDataSet, KAART_ENTITIES, type KaartDataSet } from '../../src/shared/kaart/types';
import { applyIncomingChanges } from '../../src/sync/kaart-apply';
import { tabletDbs } from './fixtures';

// The conflicts page names a number or opening hours by what they belong to, read from the tablet's own tables.
const newDb = tabletDbs('kaart-conflict-names');
const NOW = new Date('2026-12-07T08:00:00.000Z');
const OWNER = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const id = () => crypto.randomUUID();

describe('what waiting kaart changes refer to', () => {
  it('finds a schedule’s service and location through its service at a location, and a service deleted on the tablet in the outbox', async () => {
    const db = newDb();
    await db.open();
    const organization = { id: id(), name: 'Schuldhulp Rivierstad', owner_organisation_id: OWNER };
    const service = { id: id(), organization_id: organization.id, name: 'Spreekuur geldzaken', status: 'active' as const };
    const other = { id: id(), organization_id: organization.id, name: 'Formulierenhulp', status: 'active' as const };
    const location = { id: id(), organization_id: organization.id, address_1: 'Markt 1', city: 'Rivierstad' };
    const atLocation = { id: id(), service_id: service.id, location_id: location.id };
    const atMarkt = { id: id(), service_at_location_id: atLocation.id, freq: 'WEEKLY' as const, byday: 'TH', opens_at: '13:00', closes_at: '16:00' };
    const phone = { id: id(), service_id: other.id, number: '030-123 45 67' };
    const set: KaartDataSet = emptyDataSet();
    Object.assign(set, { organization: [organization], service: [service, other], location: [location], service_at_location: [atLocation], schedule: [atMarkt], phone: [phone] });
    const changes = KAART_ENTITIES.flatMap((entity) => set[entity].map((data) => ({ entity, id: data.id, version: 1, deleted: false, data }) as KaartIncomingChange));
    await db.transaction('rw', db.tables, () => applyIncomingChanges(db, changes, NOW));

    // Two edits wait (made "conflict" by hand: the names are what is tested); the number's service is deleted on the tablet.
    expect(await saveKaartEdit(db, 'schedule', { ...atMarkt, closes_at: '17:00' }, { now: NOW })).toEqual({ ok: true });
    expect(await saveKaartEdit(db, 'phone', { ...phone, number: '030-765 43 21' }, { now: NOW })).toEqual({ ok: true });
    expect(await saveKaartEdit(db, 'service', other, { deleted: true, now: NOW })).toEqual({ ok: true });
    expect(await db.kaartServices.get(other.id)).toBeUndefined();
    await db.kaartOutbox.filter((entry) => entry.entity !== 'service').modify({ state: 'conflict' });

    const waiting = await kaartOutboxEntries(db, ['conflict']);
    const lookup = await recordsReferredTo(db, waiting);
    expect(waiting.map((entry) => recordTitle(entry.entity, entry.data, lookup)).sort()).toEqual([
      'Openingstijden van Spreekuur geldzaken op locatie Markt 1, Rivierstad',
      'Telefoonnummer van Formulierenhulp',
    ]);
    db.close();
  });
});
