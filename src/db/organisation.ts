import type { IdoLocation, Organisation } from '../shared/registration';
import type { IdoDb } from './db';

/** The organisation this tablet registers for, with its IDO locations. */
export async function currentOrganisation(db: IdoDb): Promise<{ organisation: Organisation; locations: IdoLocation[] } | undefined> {
  const organisation = await db.organisations.toCollection().first();
  if (!organisation) return undefined;
  const locations = await db.locations.where('organisationId').equals(organisation.id).sortBy('name');
  return { organisation, locations };
}
