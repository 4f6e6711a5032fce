import demo from '../../db/demo-organisation.json';
import type { Database } from '../db/database';
import { createLocation, createOrganisation, findOrganisation, hasNoOrganisations } from './organisations';

/** The demo organisation's id: the same one the app shows before a tablet is enrolled. */
export const DEMO_ORGANISATION_ID = demo.organisation.id;

/** On a fresh database (no organisations), adds the demo organisation and its locations; returns whether it did. */
export function seedDemoOrganisation(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two processes starting on one fresh database: only one seeds.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [4_242_002]);
    if (!(await hasNoOrganisations(tx))) return false;
    await createOrganisation(tx, demo.organisation);
    for (const location of demo.locations) await createLocation(tx, location);
    return true;
  });
}

/** Whether the demo organisation exists in this database. */
export async function hasDemoOrganisation(db: Database): Promise<boolean> {
  return (await findOrganisation(db, DEMO_ORGANISATION_ID)) !== undefined;
}
