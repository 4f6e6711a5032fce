import { describe, expect, it } from 'vitest';
import { needsBackgroundSync, requestBackgroundSync, runSyncEvent, SYNC_TAG, type SyncRegistrationLike } from '../../src/sync/background-sync';
import type { SyncResult } from '../../src/sync/kaart-sync';

/** A ServiceWorkerRegistration's `sync` as the browser gives it: records every tag registered (a seam, not a mock of anything that runs here). */
function fakeRegistration(fail = false): SyncRegistrationLike & { tags: string[] } {
  const tags: string[] = [];
  return {
    tags,
    sync: {
      register: async (tag) => {
        if (fail) throw new DOMException('Background Sync is disabled', 'NotAllowedError');
        tags.push(tag);
      },
    },
  };
}

const at = '2026-11-24T09:20:00.000Z';

describe('Background Sync when a run ends waiting with records left', () => {
  it.each<[string, SyncResult, boolean]>([
    ['waiting with registrations left (backoff, offline, no answer, 429/503)', { outcome: 'waiting', nextAttemptAt: at, sent: 0, left: 3 }, true],
    ['waiting with only kaart changes left', { outcome: 'waiting', nextAttemptAt: at, sent: 2, left: 1, kaart: { pushed: 0, pulled: 0 } }, true],
    ['waiting with nothing left (a pull that backs off)', { outcome: 'waiting', nextAttemptAt: at, sent: 5, left: 0 }, false],
    ['done', { outcome: 'done', sent: 4 }, false],
    ['paused (needs enrollment)', { outcome: 'paused', reason: 'reenroll', sent: 0 }, false],
    ['busy (another tab sends)', { outcome: 'busy' }, false],
    ['not enrolled', { outcome: 'not_enrolled' }, false],
  ])('%s: %s', (_name, result, wanted) => {
    expect(needsBackgroundSync(result)).toBe(wanted);
  });

  it('registers the outbox tag, and goes on quietly without Background Sync or when the browser refuses', async () => {
    const registration = fakeRegistration();
    expect(await requestBackgroundSync(registration)).toBe(true);
    expect(registration.tags).toEqual([SYNC_TAG]);
    expect(await requestBackgroundSync({})).toBe(false);
    expect(await requestBackgroundSync(undefined)).toBe(false);
    expect(await requestBackgroundSync(fakeRegistration(true))).toBe(false);
  });
});

describe('the service worker\'s sync event', () => {
  const waiting: SyncResult = { outcome: 'waiting', nextAttemptAt: at, sent: 0, left: 2 };

  it('rejects a run that must wait, so the browser tries again, and registers again only on its last try', async () => {
    const early = fakeRegistration();
    await expect(runSyncEvent(async () => waiting, { lastChance: false }, early)).rejects.toThrow(`outbox waits until ${at}`);
    expect(early.tags).toEqual([]);

    const last = fakeRegistration();
    await expect(runSyncEvent(async () => waiting, { lastChance: true }, last)).rejects.toThrow();
    expect(last.tags).toEqual([SYNC_TAG]);
  });

  it('does not register again when nothing is left, and resolves a run that ended', async () => {
    const registration = fakeRegistration();
    await expect(runSyncEvent(async () => ({ ...waiting, left: 0 }), { lastChance: true }, registration)).rejects.toThrow();
    await expect(runSyncEvent(async () => ({ outcome: 'done', sent: 2 }), { lastChance: true }, registration)).resolves.toBeUndefined();
    await expect(runSyncEvent(async () => ({ outcome: 'paused', reason: 'revoked', sent: 0 }), { lastChance: true }, registration)).resolves.toBeUndefined();
    expect(registration.tags).toEqual([]);
  });
});
