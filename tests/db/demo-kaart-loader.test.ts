import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDemoKaartOnFirstStart, loadDemoKaartWhenTryingOut, untilTryingOut } from '../../src/app/demo-kaart-loader';
import { IdoDb } from '../../src/db/db';
import { demoCards, demoKaartRecords } from '../../src/app/demo-kaart';
import { putSetting } from '../../src/db/settings';
import { kaartSyncScope } from '../../src/db/kaart/tables';
import { loadDemoKaart } from '../../src/sync/kaart-apply';

const opened: IdoDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
  vi.restoreAllMocks();
});
const freshDb = () => {
  const db = new IdoDb(`demo-kaart-loader-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
};

// The worker itself runs in Chromium (tests/e2e/first-screen.test.ts); here the page's own way, which is
// what a browser without a (module) worker gets, and what happens when the worker cannot start.
describe('the example kaart on a first start (app/demo-kaart-loader.ts)', () => {
  it('writes it on the page when no worker can start, once: a second start finds the cursor and writes nothing', async () => {
    const db = freshDb();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Node has no Worker: starting one throws, as in a browser whose worker script does not load.
    const applied = await loadDemoKaartOnFirstStart(db, true);
    expect(applied).toBeGreaterThan(50);
    expect(warn).toHaveBeenCalledWith('demo kaart worker', expect.stringContaining('Worker'));
    expect(await db.kaartServices.count()).toBeGreaterThan(10);
    expect((await db.settings.get('kaartCursor'))?.value).toEqual({ source: 'demo' });
    expect(await loadDemoKaartOnFirstStart(db, false)).toBe(0);
  });

  // What the worker does (demo-kaart.worker.ts): the same loadDemoKaart, all of it at once. One request at a time
  // it took 0.8 s of the worker's wall time on this machine, three requests per record (issue 15).
  it('writes it in a few requests per table when the whole page is one step, as in a worker, and stores the same', async () => {
    const requests = (db: IdoDb) => {
      const count = { n: 0 };
      db.use({ stack: 'dbcore', name: 'count-requests', create: (core) => ({ ...core, table: (name) => {
        const table = core.table(name);
        return { ...table, get: (req) => (count.n++, table.get(req)), getMany: (req) => (count.n++, table.getMany(req)), mutate: (req) => (count.n++, table.mutate(req)) };
      } }) });
      return count;
    };
    const set = demoKaartRecords();
    const [oneByOne, atOnce] = [freshDb(), freshDb()];
    const [slow, fast] = [requests(oneByOne), requests(atOnce)];
    const now = new Date('2026-12-02T10:00:00Z');
    expect(await loadDemoKaart(oneByOne, set, now, demoCards, 1)).toBe(await loadDemoKaart(atOnce, set, now, demoCards, Number.POSITIVE_INFINITY));
    const tables = kaartSyncScope(atOnce);
    expect(fast.n).toBeLessThanOrEqual(3 * tables.length + 2);
    expect(slow.n).toBeGreaterThan(2 * (set.service.length + set.organization.length));
    for (const table of tables) expect(await table.toArray(), table.name).toEqual(await oneByOne.table(table.name).toArray());
    // a step that is no number of records (0, NaN) is one record a step, not a loop without end
    for (const step of [0, Number.NaN, -5]) expect(await loadDemoKaart(freshDb(), set, now, demoCards, step)).toBe(await loadDemoKaart(freshDb(), set, now, demoCards, 1));
  });

  it('leaves an organisation\'s kaart alone: a tablet that pulled one gets no example kaart', async () => {
    const db = freshDb();
    await putSetting(db, 'kaartCursor', { source: 'org-1', cursor: 'c1' });
    expect(await loadDemoKaartOnFirstStart(db, false)).toBe(0);
    expect(await db.kaartServices.count()).toBe(0);
  });

  // A first visit's koppelen screen: most tablets are linked there, and their first pull replaces an example kaart.
  it('waits on the koppelen screen: writes the example kaart once staff choose "Nu niet", and none for a tablet that is linked', async () => {
    const settled = (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 100))]);
    const trying = freshDb();
    const tryingOut = untilTryingOut(trying);
    await putSetting(trying, 'deviceId', 'tablet-1');
    await putSetting(trying, 'enrollmentSkipped', false);
    expect(await settled(tryingOut)).toBe(false);
    await putSetting(trying, 'enrollmentSkipped', true);
    expect(await tryingOut).toBe(true);

    const linked = freshDb();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const loading = loadDemoKaartWhenTryingOut(linked);
    expect(await settled(loading)).toBe(false);
    await putSetting(linked, 'device', { deviceId: 'tablet-2', token: 't', organisationId: 'org-1' });
    expect(await loading).toBe(0);
    expect(await linked.kaartServices.count()).toBe(0);
    expect(await linked.settings.get('kaartCursor')).toBeUndefined();

    // A tablet that tried the app before, started again: the example kaart at once (here on the page: Node has no Worker).
    const again = freshDb();
    await putSetting(again, 'enrollmentSkipped', true);
    expect(await loadDemoKaartWhenTryingOut(again)).toBeGreaterThan(50);
    expect((await again.settings.get('kaartCursor'))?.value).toEqual({ source: 'demo' });
  });
});
