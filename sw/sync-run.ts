// What the `sync` event runs (sw.ts): the database and the sync engine. The service worker imports it only
// when a sync event comes; the bundle inlines it behind a lazy init, so a start for a page (a navigation, a
// fetch) does not evaluate it (issue 15: the worker's start is on every offline cold start's path).
export { db } from '../src/db/db';
export { runSyncEvent, syncAll } from '../src/sync';
