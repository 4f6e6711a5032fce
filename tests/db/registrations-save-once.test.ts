import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { deleteRegistration, discardRegistration, saveEditedRegistration, saveNewRegistration, saveRegistration, toRecord } from '../../src/db/registrations';
import { makeRegistration } from './fixtures';

let db: IdoDb;
beforeEach(async () => {
  db = new IdoDb(`save-once-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** What the outbox does once the server confirmed a record. */
const markSent = (id: string, revision: number) => db.registrations.update(id, { syncState: 'sent', sentRevision: revision });

describe('saving a new contact from the form', () => {
  it('saves the same draft once, however often it is handed over (a double tap on Opslaan)', async () => {
    const record = makeRegistration();
    const [first, second] = await Promise.all([saveNewRegistration(db, record), saveNewRegistration(db, record)]);
    expect([first.outcome, second.outcome].sort()).toEqual(['already_saved', 'saved']);
    expect(await db.registrations.count()).toBe(1);
  });

  it('never overwrites another registration that has the draft\'s id', async () => {
    const earlier = makeRegistration({ durationMinutes: 30 });
    await saveNewRegistration(db, earlier);
    // The next visitor's contact under a reused id: the earlier contact must stay as it was.
    const reused = { ...makeRegistration({ durationMinutes: 5 }), id: earlier.id };
    expect((await saveNewRegistration(db, reused)).outcome).toBe('already_saved');
    expect(toRecord((await db.registrations.get(earlier.id))!)).toEqual(earlier);
    expect(await db.registrations.count()).toBe(1);
  });

  it('does not bring back a sent record as a new revision when the same draft comes again', async () => {
    const record = makeRegistration();
    await saveNewRegistration(db, record);
    await markSent(record.id, 1);
    expect((await saveNewRegistration(db, record)).outcome).toBe('already_saved');
    expect(await db.registrations.get(record.id)).toMatchObject({ syncState: 'sent', revision: 1 });
  });
});

describe('saving an edit', () => {
  it('saves an edit of the record it was opened from, also when the outbox sent that record meanwhile', async () => {
    const record = makeRegistration();
    await saveRegistration(db, record);
    const opened = (await db.registrations.get(record.id))!.revision;
    await markSent(record.id, 1); // the sync marks it sent while the edit is open
    const result = await saveEditedRegistration(db, { ...record, durationMinutes: 45 }, opened);
    expect(result.outcome).toBe('saved');
    expect(await db.registrations.get(record.id)).toMatchObject({ durationMinutes: 45, revision: 2, syncState: 'pending' });
  });

  it('never overwrites a newer change of the same record (another tab saved first)', async () => {
    const record = makeRegistration();
    await saveRegistration(db, record);
    await markSent(record.id, 1);
    await saveRegistration(db, { ...record, durationMinutes: 60 }); // revision 2, from another tab
    expect((await saveEditedRegistration(db, { ...record, durationMinutes: 45 }, 1)).outcome).toBe('changed');
    expect(await db.registrations.get(record.id)).toMatchObject({ durationMinutes: 60, revision: 2 });
  });

  it('never brings back a registration that was deleted or discarded while the edit was open', async () => {
    const sent = makeRegistration();
    const refused = makeRegistration();
    await saveRegistration(db, sent);
    await saveRegistration(db, refused);
    await markSent(sent.id, 1);
    await deleteRegistration(db, sent.id); // a tombstone that waits to be sent
    await discardRegistration(db, refused.id);
    expect((await saveEditedRegistration(db, { ...sent, durationMinutes: 45 }, 1)).outcome).toBe('gone');
    expect((await saveEditedRegistration(db, { ...refused, durationMinutes: 45 }, 1)).outcome).toBe('gone');
    expect(await db.registrations.get(sent.id)).toMatchObject({ deleted: true });
    expect(await db.registrations.get(refused.id)).toBeUndefined();
  });
});
