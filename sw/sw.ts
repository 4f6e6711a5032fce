/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import type { SyncRegistrationLike } from '../src/sync';
import { SYNC_TAG } from '../src/sync/background-sync';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

// 1. The app shell and code lists, precached at install: the app opens with no network.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// 2. Every page navigation gets the shell, except the API.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// 3. The first install takes the open page at once; an update waits for the user's tap.
clientsClaim();
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// 4. Background Sync: the browser wakes us when the network is back, even with the app closed.
//    Registrations first (with the daily delivery check and the purge), then the sociale kaart (push, pull).
//    A wait rejects, so the browser tries again later; on its last try the tag is registered again
//    while records are left (src/sync/background-sync.ts).
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(import('./sync-run').then(({ runSyncEvent, syncAll, db }) => runSyncEvent(() => syncAll(db), event, self.registration as SyncRegistrationLike)));
}) as EventListener);
