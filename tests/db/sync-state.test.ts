import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { IdoDb, migrations } from '../../src/db/db';
import { countInSyncState, inSyncState, rowsInSyncState } from '../../src/db/sync-state';
import type { StoredRegistration, SyncState } from '../../src/db/types';
import { purgeSent } from '../../src/sync/purge';
import { makeRegistration } from './fixtures';
import { indexNames } from './raw-schema';

const names: string[] = [];
const freshName = () => {
  const name = `sync-state-test-${crypto.randomUUID()}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => Dexie.delete(name)));
});

const stored = (syncState: SyncState, savedAt: string, extra: Partial<StoredRegistration> = {}): StoredRegistration =>
  ({ ...makeRegistration(), syncState, day: savedAt.slice(0, 10), savedAt, ...extra });

describe('the questions by sync state (Dexie version 6: one index, [syncState+savedAt])', () => {
  it('keeps on both tables of records only the indexes something reads: marking a record sent rewrites every index', async () => {
    const db = new IdoDb(freshName());
    await db.open();
    db.close();
    expect(await indexNames(db.name, 'registrations')).toEqual(['[syncState+savedAt]', 'day', 'savedAt']);
    expect(await indexNames(db.name, 'groupSessions')).toEqual(['[syncState+savedAt]', 'day']);
  });

  it('finds each state apart, oldest saved first, counts several states at once, and lists them state by state', async () => {
    const db = new IdoDb(freshName());
    const rows = [
      stored('pending', '2026-11-24T09:00:00.000Z'), stored('sent', '2026-11-24T08:00:00.000Z'), stored('attention', '2026-11-23T10:00:00.000Z'),
      stored('pending', '2026-11-23T09:00:00.000Z'), stored('attention', '2026-11-22T10:00:00.000Z'), stored('sent', '2026-11-20T08:00:00.000Z'),
    ];
    await db.registrations.bulkPut(rows);
    expect(await inSyncState(db.registrations, 'pending').primaryKeys()).toEqual([rows[3].id, rows[0].id]);
    expect(await inSyncState(db.registrations, 'sent').primaryKeys()).toEqual([rows[5].id, rows[1].id]);
    expect(await countInSyncState(db.registrations, 'pending')).toBe(2);
    expect(await countInSyncState(db.registrations, 'pending', 'attention')).toBe(4);
    expect(await countInSyncState(db.groupSessions, 'pending', 'attention')).toBe(0);
    expect((await rowsInSyncState(db.registrations, 'pending', 'attention')).map((r) => r.id)).toEqual([rows[3].id, rows[0].id, rows[4].id, rows[2].id]);
    db.close();
  });

  it('upgrades a version-5 tablet: the two indexes go, every row stays, and the outbox, the counts and the purge answer as before', async () => {
    const name = freshName();
    const old = new Dexie(name);
    for (const migrate of migrations.slice(0, 5)) migrate(old);
    const now = new Date('2026-11-30T12:00:00.000Z');
    const oldSent = stored('sent', '2026-10-01T09:00:00.000Z', { sentRevision: 1, heldRevision: 1, heldAt: '2026-10-02T09:00:00.000Z' });
    const oldSentUnproven = stored('sent', '2026-10-01T10:00:00.000Z', { sentRevision: 1 });
    const oldAttention = stored('attention', '2026-10-01T11:00:00.000Z', { heldRevision: 1, heldAt: '2026-10-02T09:00:00.000Z' });
    const recentSent = stored('sent', '2026-11-29T09:00:00.000Z', { sentRevision: 1, heldRevision: 1, heldAt: '2026-10-02T09:00:00.000Z' });
    const pending = stored('pending', '2026-11-30T09:00:00.000Z');
    await old.table('registrations').bulkPut([oldSent, oldSentUnproven, oldAttention, recentSent, pending]);
    old.close();
    expect(await indexNames(name, 'registrations')).toContain('syncState');

    const db = new IdoDb(name);
    await db.open();
    expect(await indexNames(name, 'registrations')).toEqual(['[syncState+savedAt]', 'day', 'savedAt']);
    expect(await db.registrations.count()).toBe(5);
    expect(await inSyncState(db.registrations, 'pending').primaryKeys()).toEqual([pending.id]);
    expect(await countInSyncState(db.registrations, 'sent')).toBe(3);
    // only a sent one with proof, from before the days kept, goes: never one that waits or needs a person
    expect(await purgeSent(db, now, 30)).toBe(1);
    expect((await db.registrations.toArray()).map((r) => r.id).sort()).toEqual([oldSentUnproven.id, oldAttention.id, recentSent.id, pending.id].sort());
    db.close();
  });
});
