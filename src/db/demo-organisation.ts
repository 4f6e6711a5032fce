import type { Organisation } from '../shared/registration';
import type { IdoDb } from './db';
import demo from './demo-organisation.json';

// The example organisation of a tablet that is not linked yet. Its own module (not organisation.ts), so
// its data stays out of the first load: the app fetches it only on a first start (app/start.ts).

/** Fills the organisation and its locations from the demo file when the tablet has none yet. */
export async function ensureOrganisation(db: IdoDb): Promise<void> {
  await db.transaction('rw', db.organisations, db.locations, async () => {
    if ((await db.organisations.count()) > 0) return;
    await db.organisations.put(demo.organisation);
    await db.locations.bulkPut(demo.locations);
  });
}

/** Whether the organisation on this tablet is the demo one (not yet enrolled). */
export function isDemoOrganisation(organisation: Organisation): boolean {
  return organisation.id === demo.organisation.id;
}
