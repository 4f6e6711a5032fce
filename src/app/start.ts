// What runs once the first screen stands (organisation, storage, service worker, sync) is start-later.ts:
// a chunk of its own that main.tsx fetches after the first render, so none of it is in the initial JS.

/** The sync triggers (and through them the engine) are their own chunk: nothing of sending is in the first load. */
export const syncTriggers = () => import('./sync-triggers');

/** Asks the browser to keep the app's data (features/settings/storage.ts, a chunk of its own: only a first start and a linked tablet ask). */
export const requestPersistentStorage = () => import('../features/settings/storage').then((m) => m.requestPersistentStorage()).catch(() => undefined);

/** Registers the service worker (update.ts with workbox-window, a chunk of its own); a failure is only logged. */
export const registerServiceWorker = () => import('./update').then((m) => m.registerServiceWorker(), (error: unknown) => console.warn('service worker', error));
