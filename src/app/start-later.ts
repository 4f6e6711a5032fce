import { db } from '../db/db';
import { pruneFormDrafts } from '../db/form-drafts';
import { getSetting, putSetting } from '../db/settings';
import { loadTimeZoneData } from '../shared/time';
import { getDevice } from '../sync/device';
import { endStaleSending } from '../sync/stale-sending';
import { loadDemoKaartWhenTryingOut } from './demo-kaart-loader';
import { askWorker } from './one-shot-worker';
import { registerServiceWorker, requestPersistentStorage, syncTriggers } from './start';
import { failureText } from '../shared/failure-text';
import { whenIdle } from '../ui/lazy';

// A chunk of its own (main.tsx imports it after the first render): nothing here is needed to draw the form.

let started: Promise<void> | undefined;

/**
 * What the app does once before the first screen: the organisation, persistent storage, the worker. One start at a
 * time, and one that worked for the page: a call while it runs, or after it worked, gets the same promise. A start
 * that failed (a full tablet that never started before refuses the example organisation) runs again at the next
 * call: App.tsx calls once "Nu niet" or linking could write, so the form does not wait for a reload.
 */
export function startApp(): Promise<void> {
  started ??= start().catch((error: unknown) => {
    started = undefined;
    throw error;
  });
  return started;
}

async function start(): Promise<void> {
  // A first start only: the example organisation's data (db/demo-organisation.ts) is its own chunk.
  if ((await db.organisations.count()) === 0) await import('../db/demo-organisation').then((m) => m.ensureOrganisation(db));
  if (!(await getSetting(db, 'persistRequested', false))) {
    await putSetting(db, 'persistRequested', true);
    void requestPersistentStorage();
  } else if (await getDevice(db)) {
    // An enrolled tablet holds real registrations: ask again while the browser has not granted it.
    void requestPersistentStorage();
  }
  // A send this page was in the middle of when it was reloaded left 'sending' stored: not shown as sending while no
  // one sends (another tab or the service worker may be; then it stays). Before the triggers start their send.
  await endStaleSending(db).catch((error: unknown) => console.warn('sync status', failureText(error)));
  // Drafts of tabs closed more than a week ago (use-kept-draft.ts) are not coming back.
  void pruneFormDrafts(db, new Date(Date.now() - 7 * 86_400_000)).catch(() => undefined);
  // update.ts (workbox-window) is its own chunk, as is the banner that says a new version waits (App.tsx).
  void registerServiceWorker();
}

/**
 * The whole start: startApp, then (whether it worked or not) startAfterFirstScreen in an idle moment. main.tsx runs it
 * after the first render, App.tsx again once "Nu niet" or linking could write. That second call ran startApp only: a
 * page whose first try never got this chunk (a network that dropped it) linked the tablet and then never started its
 * triggers, so the linked tablet pulled no kaart (the Sociale kaart stayed empty, without a word) and sent only when
 * staff saved, until the next page load. `tests/e2e/storage.test.ts`, "starts the background…".
 */
export function startAll(): Promise<void> {
  return startApp().finally(() => whenIdle(startAfterFirstScreen, 1_000));
}

let backgroundStarted = false;

/**
 * What waits until the first screen stands (an idle moment): the sync engine and its triggers, and the
 * example kaart once staff try the app without a link. Neither is needed to register a contact, so neither delays the form.
 * Once per page: a second start (App.tsx after "Nu niet") must not add a second set of triggers.
 */
export function startAfterFirstScreen(): void {
  if (backgroundStarted) return;
  backgroundStarted = true;
  // The example kaart, once staff try the app without a link, is written in a worker of its own (demo-kaart-loader.ts).
  void loadDemoKaartWhenTryingOut(db).catch((error: unknown) => console.warn('demo kaart', error));
  // The triggers are their own chunk too (with the engine they fetch): nothing of sending is in the first load.
  void syncTriggers().then((m) => m.startSyncTriggers(), (error: unknown) => console.warn('sync', error));
  // The wall clock keeps Amsterdam's summer-time rule (shared/time.ts) while a worker finds that it gives the
  // browser's answer; ICU's data loads on the page only if it does not, or where no worker starts.
  void askWorker<boolean>(startTimeZoneCheck).catch(() => false).then((matches) => {
    if (!matches) loadTimeZoneData();
  });
}

const startTimeZoneCheck = () => new Worker(new URL('./time-zone-check.worker.ts', import.meta.url), { type: 'module', name: 'time-zone-check' });
