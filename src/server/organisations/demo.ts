import demo from '../../db/demo-organisation.json';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { createLocation, createOrganisation, hasNoOrganisations } from './organisations';

/** The demo organisation's id: the same one the app shows before a tablet is enrolled. */
export const DEMO_ORGANISATION_ID = demo.organisation.id;

// Any fixed number: whoever seeds the demo holds it, so two processes starting on one fresh database seed once.
const DEMO_LOCK = 4_242_002;

/** Takes the demo seed lock for the rest of the transaction. */
export async function lockDemoSeed(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
}

/** Adds the demo organisation, marked as demo (left out of national figures), and its locations. */
export async function addDemoOrganisation(tx: Queryable): Promise<void> {
  await createOrganisation(tx, demo.organisation);
  await tx.query('UPDATE organisations SET is_demo = true WHERE id = $1', [DEMO_ORGANISATION_ID]);
  for (const location of demo.locations) await createLocation(tx, location);
}

/** On a database without organisations, adds the demo organisation and its locations; returns whether it did (tests, bench). */
export function seedDemoOrganisation(db: Database): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    await lockDemoSeed(tx);
    if (!(await hasNoOrganisations(tx))) return false;
    await addDemoOrganisation(tx);
    return true;
  });
}
