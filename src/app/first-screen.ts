import { formDraftKey } from '../db/form-drafts';
import { startFirstScreenReads, type FirstScreenReads } from '../db/first-screen';
import { tabId } from '../features/registration/use-kept-draft';
import { DEVICE_KEY, ENROLLMENT_SKIPPED_KEY } from '../sync/device';

/**
 * The first screen's reads (db/first-screen.ts, IndexedDB itself), started as this module is evaluated:
 * main.tsx imports it first, so the database opens while the rest of the app's code is still being evaluated.
 * The settings: the enrollment, "eerst proberen", the form's device id, this tab's kept form.
 */
export const firstScreen = startFirstScreenReads([DEVICE_KEY, ENROLLMENT_SKIPPED_KEY, 'deviceId', formDraftKey(tabId())]);

/** Whether the first render draws the koppelen screen: no device, and staff did not choose to try the app first (App.tsx). */
export function koppelenFirst(reads: FirstScreenReads): boolean {
  return !reads.settings.get(DEVICE_KEY) && !reads.settings.get(ENROLLMENT_SKIPPED_KEY);
}
