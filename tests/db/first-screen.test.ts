import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { declaredVersions, IdoDb, migrations } from '../../src/db/db';
import { readFirstScreen } from '../../src/db/first-screen';
import { openFirstScreen } from '../../src/db/open-first-screen';
import { recentRegistrations, RECENT_REGISTRATIONS } from '../../src/db/form-reads';
import { currentOrganisation } from '../../src/db/organisation';
import type { StoredRegistration } from '../../src/db/types';
import type { IdoLocation } from '../../src/shared/registration';
import { makeRegistration } from './fixtures';

// Issue 15: the first screen's reads go to IndexedDB itself (no Dexie), as the page starts. They must be
// the very rows the form's Dexie queries read, and must never create or change the database.
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});
const freshName = () => {
  const name = `first-screen-${crypto.randomUUID()}`;
  names.push(name);
  return name;
};

const location = (id: string, organisationId: string, name: string): IdoLocation => ({
  id, organisationId, name, municipalityCode: 'GM0344', province: 'Utrecht', insideLibrary: true, kind: 'vestiging',
  scenarios: ['spreekuur'], idoHoursPerWeek: 4, openedOn: '2024-01-01',
});

const stored = (savedAt: string, overrides: Partial<StoredRegistration> = {}): StoredRegistration => ({
  ...makeRegistration(), syncState: 'pending', day: savedAt.slice(0, 10), savedAt, ...overrides,
});

describe('the first screen reads', () => {
  it('read the same settings, organisation, locations and recent registrations as the Dexie queries', async () => {
    const db = new IdoDb(freshName());
    await db.organisations.bulkPut([{ id: 'org-b', name: 'B' }, { id: 'org-a', name: 'A' }]);
    await db.locations.bulkPut([location('l1', 'org-a', 'Zuid'), location('l2', 'org-a', 'Centrum'), location('l3', 'org-b', 'Anders'), location('l4', 'org-a', 'Noord')]);
    // more than the form reads, with deleted ones, equal save times and ones out of order
    const rows: StoredRegistration[] = [];
    for (let i = 0; i < RECENT_REGISTRATIONS + 60; i++) {
      const savedAt = new Date(Date.UTC(2026, 10, 1, 9, 0, Math.floor(i / 3))).toISOString();
      rows.push(stored(savedAt, { deleted: i % 7 === 0 }));
    }
    await db.registrations.bulkPut(rows.reverse());
    await db.settings.bulkPut([{ key: 'deviceId', value: 'dev-1' }, { key: 'enrollmentSkipped', value: true }, { key: 'other', value: 1 }]);

    const reads = await readFirstScreen(['deviceId', 'enrollmentSkipped', 'device', 'formDraft:tab'], openFirstScreen(indexedDB, db.name));
    expect(reads.place).toEqual(await currentOrganisation(db));
    expect(reads.place?.locations.map((l) => l.name)).toEqual(['Centrum', 'Noord', 'Zuid']);
    const recent = await recentRegistrations(db, RECENT_REGISTRATIONS);
    expect(recent).toHaveLength(RECENT_REGISTRATIONS);
    expect(reads.recent).toEqual(recent);
    expect([...reads.settings]).toEqual([['deviceId', 'dev-1'], ['enrollmentSkipped', true]]);
    db.close();
  });

  it('read the newest registrations in a few steps, the same rows as the Dexie query and as worked out by hand, whatever lies deleted, tied or missing', async () => {
    // The read jumps over save times with a key cursor and reads from there up in one getAll (session 26): every
    // case where that could go wrong, against the Dexie query it stands for.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const cases: Array<{ what: string; count: number; deleted: (i: number) => boolean; second: (i: number) => number }> = [
      { what: 'none', count: 0, deleted: () => false, second: (i) => i },
      { what: 'fewer than the form reads', count: 5, deleted: () => false, second: (i) => i },
      { what: 'exactly as many', count: RECENT_REGISTRATIONS, deleted: () => false, second: (i) => i },
      { what: 'one more', count: RECENT_REGISTRATIONS + 1, deleted: () => false, second: (i) => i },
      { what: 'the newest 150 deleted (several steps)', count: 500, deleted: (i) => i >= 350, second: (i) => i },
      { what: 'all deleted', count: 250, deleted: () => true, second: (i) => i },
      { what: 'all saved in the same second', count: 300, deleted: (i) => i % 5 === 0, second: () => 0 },
      { what: 'ties across the jump, deleted at random', count: 420, deleted: () => random() < 0.3, second: (i) => Math.floor(i / 4) },
      { what: 'one row', count: 1, deleted: () => false, second: () => 0 },
      { what: 'one deleted row', count: 1, deleted: () => true, second: () => 0 },
    ];
    // Both ways: backwards in one request where IndexedDB can (getAllRecords, IndexedDB 3), else the key cursor's jump.
    const getAllRecords = Object.getOwnPropertyDescriptor(IDBIndex.prototype, 'getAllRecords');
    expect(getAllRecords).toBeDefined();
    for (const way of ['getAllRecords', 'a key cursor'] as const) {
      if (way === 'a key cursor') delete (IDBIndex.prototype as Partial<{ getAllRecords: unknown }>).getAllRecords;
      const requests = vi.spyOn(IDBIndex.prototype, way === 'a key cursor' ? 'openKeyCursor' : 'getAll');
      try {
        for (const { what, count, deleted, second } of cases) {
          const db = new IdoDb(freshName());
          const rows = Array.from({ length: count }, (_, i) => stored(new Date(Date.UTC(2026, 10, 1, 9, 0, second(i))).toISOString(), { deleted: deleted(i) }));
          await db.registrations.bulkPut(rows.sort(() => random() - 0.5));
          requests.mockClear();
          const reads = await readFirstScreen([], openFirstScreen(indexedDB, db.name));
          // the way asked for was the way taken: a key cursor for the jump, or no getAll at all with getAllRecords
          if (way === 'a key cursor') expect(requests, what).toHaveBeenCalled();
          else expect(requests, what).not.toHaveBeenCalled();
          // what the index holds, worked out by hand: newest save first, equal times by id from the highest, none deleted
          const expected = rows.filter((row) => !row.deleted)
            .sort((a, b) => (a.savedAt === b.savedAt ? (a.id < b.id ? 1 : -1) : a.savedAt < b.savedAt ? 1 : -1)).slice(0, RECENT_REGISTRATIONS);
          expect(reads.recent.map((row) => row.id), `${what}, ${way}`).toEqual(expected.map((row) => row.id));
          expect(reads.recent, `${what}, ${way}`).toEqual(await recentRegistrations(db, RECENT_REGISTRATIONS));
          db.close();
        }
      } finally {
        requests.mockRestore();
        if (getAllRecords) Object.defineProperty(IDBIndex.prototype, 'getAllRecords', getAllRecords);
      }
    }
  });

  it('find no organisation and no registrations in an empty database', async () => {
    const db = new IdoDb(freshName());
    await db.open();
    const reads = await readFirstScreen(['device'], openFirstScreen(indexedDB, db.name));
    expect(reads).toEqual({ settings: new Map(), place: undefined, recent: [] });
    expect(reads.noDatabase).toBeUndefined();
    db.close();
  });

  it('create no database on a first start: nothing is stored, they say so at once, and Dexie then makes it at its own version', async () => {
    const name = freshName();
    const reads = await readFirstScreen(['device', 'enrollmentSkipped'], openFirstScreen(indexedDB, name));
    expect(reads).toEqual({ settings: new Map(), place: undefined, recent: [], noDatabase: true });
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    const db = new IdoDb(name);
    await db.open();
    expect(db.verno).toBe(declaredVersions(migrations).at(-1)!.version);
    expect(await db.organisations.count()).toBe(0);
    db.close();
  });

  it('let go of the database when its reads are done, so an upgrade to a newer version is not blocked', async () => {
    const name = freshName();
    const db = new IdoDb(name);
    await db.open();
    db.close();
    await readFirstScreen(['device'], openFirstScreen(indexedDB, name));
    const newer = new Dexie(name);
    for (const migrate of [...(await import('../../src/db/db')).migrations]) migrate(newer);
    newer.version(6).stores({ extra: 'id' });
    await newer.open(); // would wait for ever on a connection left open
    expect(newer.verno).toBe(6);
    newer.close();
  });

  it('take over the open index.html\'s head asked for (self.idoFirstOpen), and ask for no second one', async () => {
    const db = new IdoDb(); // the app's own database name, as the page opens it
    names.push(db.name);
    await db.settings.put({ key: 'enrollmentSkipped', value: true });
    db.close();
    const early = openFirstScreen(indexedDB, db.name); // what the head's script does (vite.config.ts, earlyOpenPlugin)
    const page = globalThis as { idoFirstOpen?: Promise<IDBDatabase | undefined> };
    page.idoFirstOpen = early;
    const open = vi.spyOn(indexedDB, 'open');
    try {
      vi.resetModules();
      const first = await import('../../src/db/first-screen');
      const reads = await first.startFirstScreenReads(['enrollmentSkipped']);
      expect(reads.settings.get('enrollmentSkipped')).toBe(true);
      expect(open).not.toHaveBeenCalled();
    } finally {
      open.mockRestore();
      delete page.idoFirstOpen;
    }
  });

  it('hand their values to the first render only: after endFirstScreen, and when they come after it, there are none', async () => {
    const db = new IdoDb(); // the app's own database name, as the page opens it
    names.push(db.name);
    await db.settings.put({ key: 'enrollmentSkipped', value: true });
    db.close();

    vi.resetModules();
    const inTime = await import('../../src/db/first-screen');
    await inTime.startFirstScreenReads(['enrollmentSkipped']);
    expect(inTime.firstScreenReads()?.settings.get('enrollmentSkipped')).toBe(true);
    inTime.endFirstScreen();
    expect(inTime.firstScreenReads()).toBeUndefined();

    // the first render did not wait (the database was slow): the reads that come later are not used
    vi.resetModules();
    const late = await import('../../src/db/first-screen');
    const reads = late.startFirstScreenReads(['enrollmentSkipped']);
    late.endFirstScreen();
    await reads;
    expect(late.firstScreenReads()).toBeUndefined();
  });
});
