import type { IdoDb } from '../db/db';
import { getSetting } from '../db/settings';
import type { EnrolledDevice } from '../db/types';

export const DEVICE_KEY = 'device';
/** The setting that says staff chose "Nu niet" on the koppelen screen: they try the app with example data first. */
export const ENROLLMENT_SKIPPED_KEY = 'enrollmentSkipped';

/** This tablet's enrollment (id and token), or undefined before it is enrolled. */
export async function getDevice(db: IdoDb): Promise<EnrolledDevice | undefined> {
  return getSetting<EnrolledDevice | undefined>(db, DEVICE_KEY, undefined);
}
