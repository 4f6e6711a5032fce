import { db } from '../db/db';
import { pruneFormDrafts } from '../db/form-drafts';
import { ensureOrganisation } from '../db/organisation';
import { getSetting, putSetting } from '../db/settings';
import { getDevice, loadDemoKaart } from '../sync';
import { requestPersistentStorage } from '../features/settings/storage';
import { startSyncTriggers } from './sync-triggers';
import { registerServiceWorker } from './update';

/** What the app does once at start: demo data if needed, persistent storage, the worker, the sync triggers. */
export async function startApp(): Promise<void> {
  await ensureOrganisation(db);
  if (!(await getSetting(db, 'persistRequested', false))) {
    await putSetting(db, 'persistRequested', true);
    void requestPersistentStorage();
  } else if (await getDevice(db)) {
    // An enrolled tablet holds real registrations: ask again while the browser has not granted it.
    void requestPersistentStorage();
  }
  // Drafts of tabs closed more than a week ago (use-kept-draft.ts) are not coming back.
  void pruneFormDrafts(db, new Date(Date.now() - 7 * 86_400_000)).catch(() => undefined);
  void loadDemoKaartOnFirstStart();
  registerServiceWorker();
  startSyncTriggers();
}

/** A tablet that never pulled a kaart shows the example kaart (a lazy chunk, fetched only then). */
async function loadDemoKaartOnFirstStart(): Promise<void> {
  if (await getSetting(db, 'kaartCursor', undefined)) return;
  const { demoKaartRecords, demoCards } = await import('./demo-kaart');
  await loadDemoKaart(db, demoKaartRecords(), new Date(), demoCards);
}
