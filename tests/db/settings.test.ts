import { describe, expect, it } from 'vitest';
import { getSetting, patchSetting } from '../../src/db/settings';
import { readKaartStatus, updateKaartStatus } from '../../src/sync/kaart-status';
import { readStoredStatus, updateStatus } from '../../src/sync/status';
import { tabletDbs } from './fixtures';

const newDb = tabletDbs('settings');
const freshDb = () => {
  const db = newDb();
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
