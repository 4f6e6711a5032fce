import type { IdoLocation, Organisation } from '../shared/registration';
import type { IdoDb } from './db';
import demo from './demo-organisation.json';

/** Fills the organisation and its locations from the demo file when the tablet has none yet. */
export async function ensureOrganisation(db: IdoDb): Promise<void> {
  await db.transaction('rw', db.organisations, db.locations, async () => {
    if ((await db.organisations.count()) > 0) return;
    await db.organisations.put(demo.organisation);
    await db.locations.bulkPut(demo.locations);
  });
}

/** The organisation this tablet registers for, with its IDO locations. */
export async function currentOrganisation(db: IdoDb): Promise<{ organisation: Organisation; locations: IdoLocation[] } | undefined> {
  const organisation = await db.organisations.toCollection().first();
  if (!organisation) return undefined;
  const locations = await db.locations.where('organisationId').equals(organisation.id).sortBy('name');
  return { organisation, locations };
}

/** Whether the organisation on this tablet is the demo one (not yet enrolled). */
export function isDemoOrganisation(organisation: Organisation): boolean {
  return organisation.id === demo.organisation.id;
}
