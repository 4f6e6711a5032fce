import type { SyncResult } from './kaart-sync';

/** The one Background Sync tag: the service worker's `sync` event runs syncAll for it. */
export const SYNC_TAG = 'ido-outbox';

/** The part of a ServiceWorkerRegistration this needs (`registration.sync`; Chromium only). */
export interface SyncRegistrationLike {
  sync?: { register(tag: string): Promise<void> };
}

/**
 * Whether a run ended waiting with records (or kaart changes) still to go: then the browser should
 * wake the service worker for them when the network allows, also after the app is closed. This is
 * the case after a backoff, offline, an unknown outcome and a 429/503 alike, not only after a save offline.
 */
export function needsBackgroundSync(result: SyncResult): boolean {
  return result.outcome === 'waiting' && result.left > 0;
}

/**
 * Asks the browser for a Background Sync. Safari and Firefox have none, and a browser may refuse
 * (the user switched it off): then the page's own triggers still deliver. True when registered.
 */
export async function requestBackgroundSync(registration: SyncRegistrationLike | undefined): Promise<boolean> {
  if (!registration?.sync) return false;
  try {
    await registration.sync.register(SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}

/**
 * The service worker's `sync` event: one run; a wait rejects, so the browser tries the event again
 * later. The browser gives up after a few tries (Chromium: three); on the last one, with records
 * still left, the tag is registered again so the outbox is not forgotten. Registering from the
 * service worker works in Chromium while a window of the app is open; otherwise the page asks
 * again as soon as it opens and a run ends waiting. Never on an earlier try: a tag registered while
 * its event runs fires again at once, and a run that must wait would wake the worker in a loop.
 */
export async function runSyncEvent(run: () => Promise<SyncResult>, event: { lastChance?: boolean }, registration: SyncRegistrationLike | undefined): Promise<void> {
  const result = await run();
  if (result.outcome !== 'waiting') return;
  if (event.lastChance && needsBackgroundSync(result)) await requestBackgroundSync(registration);
  throw new Error(`outbox waits until ${result.nextAttemptAt}`);
}
