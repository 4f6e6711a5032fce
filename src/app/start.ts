import { db } from '../db/db';
import { ensureOrganisation } from '../db/organisation';
import { getSetting, putSetting } from '../db/settings';
import { requestPersistentStorage } from '../features/settings/storage';
import { registerServiceWorker } from './update';

/** What the app does once at start: fill demo data if needed, ask for persistent storage, register the worker. */
export async function startApp(): Promise<void> {
  await ensureOrganisation(db);
  if (!(await getSetting(db, 'persistRequested', false))) {
    await putSetting(db, 'persistRequested', true);
    void requestPersistentStorage();
  }
  registerServiceWorker();
}
