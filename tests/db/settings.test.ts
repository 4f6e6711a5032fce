import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { getSetting, patchSetting } from '../../src/db/settings';
import { readKaartStatus, updateKaartStatus } from '../../src/sync/kaart-status';
import { readStoredStatus, updateStatus } from '../../src/sync/status';

const opened: IdoDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});
const freshDb = () => {
  const db = new IdoDb(`settings-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
};

describe('patchSetting (db/settings.ts): one rule for the sync status and the kaart\'s bookkeeping', () => {
  it('merges a change into the fallback or the stored object, drops a key set to undefined, and returns what it stored', async () => {
    const db = freshDb();
    expect(await patchSetting(db, 'thing', { a: 1, b: 'x' }, { b: 'y' })).toEqual({ a: 1, b: 'y' });
    expect(await patchSetting(db, 'thing', { a: 1, b: 'x' }, { a: 2, b: undefined })).toEqual({ a: 2 });
    expect(await getSetting(db, 'thing', undefined)).toEqual({ a: 2 });
  });

  it('is what updateStatus and updateKaartStatus do to their own settings', async () => {
    const db = freshDb();
    await updateStatus(db, { state: 'backoff', failures: 2, nextAttemptAt: '2026-12-02T10:00:00.000Z' });
    expect(await updateStatus(db, { state: 'idle', failures: 0, nextAttemptAt: undefined })).toEqual({ state: 'idle', failures: 0 });
    expect(await readStoredStatus(db)).toEqual({ state: 'idle', failures: 0 });
    await updateKaartStatus(db, { lastPulledAt: '2026-12-02T10:00:00.000Z' });
    expect(await readKaartStatus(db)).toEqual({ failures: 0, lastPulledAt: '2026-12-02T10:00:00.000Z' });
  });
});
