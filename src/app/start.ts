import { db } from '../db/db';
import { ensureOrganisation } from '../db/organisation';
import { getSetting, putSetting } from '../db/settings';
import { loadDemoKaart } from '../sync';
import { requestPersistentStorage } from '../features/settings/storage';
import { startSyncTriggers } from './sync-triggers';
import { registerServiceWorker } from './update';

/** What the app does once at start: demo data if needed, persistent storage, the worker, the sync triggers. */
export async function startApp(): Promise<void> {
  await ensureOrganisation(db);
  if (!(await getSetting(db, 'persistRequested', false))) {
    await putSetting(db, 'persistRequested', true);
    void requestPersistentStorage();
  }
  void loadDemoKaartOnFirstStart();
  registerServiceWorker();
  startSyncTriggers();
}

/** A tablet that never pulled a kaart shows the example kaart (a lazy chunk, fetched only then). */
async function loadDemoKaartOnFirstStart(): Promise<void> {
  if (await getSetting(db, 'kaartCursor', undefined)) return;
  const { demoKaartRecords } = await import('./demo-kaart');
  await loadDemoKaart(db, demoKaartRecords());
}
