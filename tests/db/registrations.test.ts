import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { ensureOrganisation, isDemoOrganisation } from '../../src/db/demo-organisation';
import { currentOrganisation } from '../../src/db/organisation';
import { editableRegistration, recentRegistrations } from '../../src/db/form-reads';
import { countInSyncState } from '../../src/db/sync-state';
import { deleteRegistration, registrationsOfDay, saveRegistration, toRecord } from '../../src/db/registrations';
import { deviceId } from '../../src/db/settings';
import { makeRegistration } from './fixtures';

let db: IdoDb;
beforeEach(async () => {
  db = new IdoDb(`repo-test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('the registration repository', () => {
  it('saves a registration as waiting, filed under its Amsterdam day', async () => {
    // 23:30 UTC on the 24th is already the 25th in Amsterdam
    const r = makeRegistration({ startedAt: '2026-11-24T23:30:00Z' });
    const stored = await saveRegistration(db, r, new Date('2026-11-24T23:31:00Z'));
    expect(stored).toMatchObject({ syncState: 'pending', day: '2026-11-25', revision: 1 });
    expect(await registrationsOfDay(db, '2026-11-25')).toHaveLength(1);
    expect(await registrationsOfDay(db, '2026-11-24')).toHaveLength(0);
    expect(await countInSyncState(db.registrations, 'pending')).toBe(1);
  });

  it('gives back exactly the wire record without the tablet\'s bookkeeping', async () => {
    const r = makeRegistration();
    expect(toRecord(await saveRegistration(db, r))).toEqual(r);
  });

  it('keeps the revision when a record is edited before it was sent', async () => {
    const r = makeRegistration();
    await saveRegistration(db, r);
    const edited = await saveRegistration(db, { ...r, durationMinutes: 30 });
    expect(edited.revision).toBe(1);
    expect(edited.durationMinutes).toBe(30);
  });

  it('raises the revision when a sent record is edited, and marks it waiting again', async () => {
    const r = makeRegistration();
    await saveRegistration(db, r);
    await db.registrations.update(r.id, { syncState: 'sent', sentRevision: 1 });
    const edited = await saveRegistration(db, { ...r, durationMinutes: 30 });
    expect(edited).toMatchObject({ revision: 2, syncState: 'pending', sentRevision: 1 });
  });

  it('forgets an unsent record on delete, and turns a sent one into a tombstone with a higher revision', async () => {
    const unsent = makeRegistration();
    const sent = makeRegistration();
    await saveRegistration(db, unsent);
    await saveRegistration(db, sent);
    await db.registrations.update(sent.id, { syncState: 'sent', sentRevision: 1 });
    await deleteRegistration(db, unsent.id);
    await deleteRegistration(db, sent.id);
    expect(await db.registrations.get(unsent.id)).toBeUndefined();
    expect(await db.registrations.get(sent.id)).toMatchObject({ deleted: true, revision: 2, syncState: 'pending' });
    expect(await registrationsOfDay(db, '2026-11-24')).toEqual([]);
  });

  it('opens a saved record, a pending delete or a refused one for editing, but not a delete the server confirmed', async () => {
    const [live, deleting, confirmed] = [makeRegistration(), makeRegistration(), makeRegistration()];
    for (const r of [live, deleting, confirmed]) await saveRegistration(db, r);
    await db.registrations.update(deleting.id, { deleted: true, revision: 2, sentRevision: 1 });
    await db.registrations.update(confirmed.id, { deleted: true, revision: 2, sentRevision: 2, syncState: 'sent' });
    expect(await editableRegistration(db, live.id)).toMatchObject({ id: live.id });
    expect(await editableRegistration(db, deleting.id)).toMatchObject({ id: deleting.id });
    expect(await editableRegistration(db, confirmed.id)).toBeUndefined();
    expect(await editableRegistration(db, crypto.randomUUID())).toBeUndefined();
  });

  it('lists a day newest first and the recent ones by save time', async () => {
    const early = makeRegistration({ startedAt: '2026-11-24T09:00:00+01:00' });
    const late = makeRegistration({ startedAt: '2026-11-24T15:00:00+01:00' });
    await saveRegistration(db, late, new Date('2026-11-24T14:01:00Z'));
    await saveRegistration(db, early, new Date('2026-11-24T14:02:00Z'));
    expect((await registrationsOfDay(db, '2026-11-24')).map((r) => r.id)).toEqual([late.id, early.id]);
    expect((await recentRegistrations(db, 1)).map((r) => r.id)).toEqual([early.id]);
  });

  it('fills the demo organisation once and keeps what is there', async () => {
    await ensureOrganisation(db);
    const first = await currentOrganisation(db);
    expect(first && isDemoOrganisation(first.organisation)).toBe(true);
    expect(first?.locations.length).toBeGreaterThan(1);
    await db.organisations.clear();
    await db.organisations.put({ id: 'b1b1b1b1-0000-4000-8000-000000000000', name: 'Echte bibliotheek' });
    await ensureOrganisation(db);
    expect((await currentOrganisation(db))?.organisation.name).toBe('Echte bibliotheek');
  });

  it('makes one device id and keeps it', async () => {
    const [a, b] = await Promise.all([deviceId(db), deviceId(db)]);
    expect(a).toBe(b);
    expect(await deviceId(db)).toBe(a);
  });
});

describe('fixing a registration the server refused', () => {
  it('saves the fix as a higher revision, waiting again and without the old problem', async () => {
    const r = makeRegistration();
    await saveRegistration(db, r);
    await db.registrations.update(r.id, { syncState: 'attention', problem: { code: 'revision_conflict', message: 'x' } });
    const fixed = await saveRegistration(db, { ...r, durationMinutes: 20 });
    expect(fixed).toMatchObject({ revision: 2, syncState: 'pending' });
    expect((await db.registrations.get(r.id))?.problem).toBeUndefined();
  });

  it('discards only the local copy', async () => {
    const { discardRegistration } = await import('../../src/db/registrations');
    const r = makeRegistration();
    await saveRegistration(db, r);
    await discardRegistration(db, r.id);
    expect(await db.registrations.get(r.id)).toBeUndefined();
  });
});
