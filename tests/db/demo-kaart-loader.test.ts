import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDemoKaartOnFirstStart } from '../../src/app/demo-kaart-loader';
import { IdoDb } from '../../src/db/db';
import { putSetting } from '../../src/db/settings';

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

  it('leaves an organisation\'s kaart alone: a tablet that pulled one gets no example kaart', async () => {
    const db = freshDb();
    await putSetting(db, 'kaartCursor', { source: 'org-1', cursor: 'c1' });
    expect(await loadDemoKaartOnFirstStart(db, false)).toBe(0);
    expect(await db.kaartServices.count()).toBe(0);
  });
});
