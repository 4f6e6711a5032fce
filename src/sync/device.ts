import type { IdoDb } from '../db/db';
import { getSetting } from '../db/settings';
import type { EnrolledDevice } from '../db/types';

export const DEVICE_KEY = 'device';

/** This tablet's enrollment (id and token), or undefined before it is enrolled. */
export async function getDevice(db: IdoDb): Promise<EnrolledDevice | undefined> {
  return getSetting<EnrolledDevice | undefined>(db, DEVICE_KEY, undefined);
}
