import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { keepFormDraft, restoreFormDraft } from '../../src/db/form-drafts';
import { deleteGroupSession, discardGroupSession, saveEditedGroupSession, saveNewGroupSession } from '../../src/db/group-sessions';
import { deleteRegistration, discardRegistration, saveEditedRegistration, saveNewRegistration } from '../../src/db/registrations';
import { makeGroupSession, makeRegistration } from './fixtures';

/** Every readwrite transaction opened since the last call: its tables and the durability it asked for. */
let seen: { stores: string; durability: string }[] = [];
const open = IDBDatabase.prototype.transaction;

async function writesOf(write: () => Promise<unknown>): Promise<{ stores: string; durability: string }[]> {
  seen = [];
  await write();
  return seen;
}

let db: IdoDb;
beforeEach(async () => {
  // Dexie takes the database's transaction() as it opens: the recorder goes in before.
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const transaction = open.apply(this, args);
    if (transaction.mode === 'readwrite') seen.push({ stores: [...transaction.objectStoreNames].join(), durability: transaction.durability });
    return transaction;
  };
  db = new IdoDb(`durable-test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  IDBDatabase.prototype.transaction = open;
  db.close();
  await Dexie.delete(db.name);
});

describe('durable writes (src/db/durable-writes.ts)', () => {
  it('asks for strict durability for every write of staff\'s own records: save, edit, delete and discard, contact and group session', async () => {
    const contact = makeRegistration();
    const session = makeGroupSession({ deviceId: contact.deviceId, organisationId: contact.organisationId });
    const writes = await writesOf(async () => {
      await saveNewRegistration(db, contact);
      await saveEditedRegistration(db, { ...contact, durationMinutes: 30 }, 1);
      await deleteRegistration(db, contact.id);
      await discardRegistration(db, contact.id);
      await saveNewGroupSession(db, session);
      await saveEditedGroupSession(db, { ...session, attendees: 20 }, 1);
      await deleteGroupSession(db, session.id);
      await discardGroupSession(db, session.id);
    });
    expect(writes).toEqual([
      ...Array.from({ length: 4 }, () => ({ stores: 'registrations', durability: 'strict' })),
      ...Array.from({ length: 4 }, () => ({ stores: 'groupSessions', durability: 'strict' })),
    ]);
  });

  it('leaves every other write as the browser has it: the settings, a form draft, the sync engine\'s transactions with the outbox', async () => {
    const draft = { id: crypto.randomUUID(), editing: false };
    const writes = await writesOf(async () => {
      await keepFormDraft(db, 'tab', 'contact', draft, draft);
      await restoreFormDraft(db, 'tab', 'contact');
      await db.transaction('rw', [db.registrations, db.groupSessions, db.batches], async () => {
        await db.registrations.put({ ...makeRegistration(), syncState: 'sent', day: '2026-11-24', savedAt: '2026-11-24T10:00:00.000Z' });
      });
      await db.kaartOrganizations.clear();
    });
    expect(writes.map((write) => write.stores)).toEqual(['settings', 'registrations,settings', 'batches,groupSessions,registrations', 'kaartOrganizations']);
    expect(writes.map((write) => write.durability)).toEqual(['default', 'default', 'default', 'default']);
  });
});
