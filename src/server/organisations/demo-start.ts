import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { createEnrollmentCode, DEFAULT_CODE_DAYS } from '../enrollment/codes';
import { seedDemoKaartIn } from '../kaart/seed';
import { addDemoOrganisation, DEMO_ORGANISATION_ID, lockDemoSeed } from './demo';
import { hasNoOrganisations } from './organisations';

/** The enrollment codes of the demo organisation, printed once on the first start. */
export interface DemoCodes {
  staff: string;
  coordinator: string;
}

/** IDO_DEMO: `on` (the default) gives an empty database the demo on its first start; `off` never does. */
export function demoSettingFromEnv(value: string | undefined): 'on' | 'off' {
  const setting = (value ?? '').trim().toLowerCase();
  if (setting === '' || setting === 'on') return 'on';
  if (setting === 'off') return 'off';
  throw new Error(`IDO_DEMO moet on of off zijn, niet "${value!.slice(0, 20)}". Gebruik IDO_DEMO=off in productie.`);
}

/**
 * The first start of a database decides once, under a lock, whether it gets the demo: only when it has no
 * organisation and IDO_DEMO is not off. Then the demo organisation and its kaart are made in one transaction;
 * returns whether it did. Its enrollment codes come later, from `showDemoCodes`, when the server listens.
 */
export async function prepareDemo(db: Database, env: { IDO_DEMO?: string }): Promise<boolean> {
  const setting = demoSettingFromEnv(env.IDO_DEMO);
  return writeTransaction(db, async (tx) => {
    await lockDemoSeed(tx);
    if (await isDecided(tx)) return false;
    const seed = setting === 'on' && (await hasNoOrganisations(tx));
    await tx.query('INSERT INTO demo_decision (seeded) VALUES ($1)', [seed]);
    if (!seed) return false;
    await addDemoOrganisation(tx);
    await seedDemoKaartIn(tx);
    return true;
  });
}

/**
 * The demo's two enrollment codes, made and returned once, to be printed at once: when this database got the demo
 * and its organisation has never had a code. The server asks when it listens, so a first start stopped before that
 * (a signal, a port in use) leaves no code nobody saw: codes are stored hashed and cannot be shown again, and that
 * demo had no way in. The next start makes them. Every later call (codes made, by this or by `admin create-code`,
 * used or not) makes nothing: no code reaches a log after that. Under the seed lock, so one process of several prints them.
 */
export async function showDemoCodes(db: Database): Promise<DemoCodes | undefined> {
  return writeTransaction(db, async (tx) => {
    await lockDemoSeed(tx);
    const [row] = await tx.query<{ show: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM demo_decision WHERE seeded)
          AND EXISTS (SELECT 1 FROM organisations WHERE id = $1 AND is_demo)
          AND NOT EXISTS (SELECT 1 FROM enrollment_codes WHERE organisation_id = $1) AS show`,
      [DEMO_ORGANISATION_ID],
    );
    if (!row.show) return undefined;
    return {
      staff: await createEnrollmentCode(tx, DEMO_ORGANISATION_ID),
      coordinator: await createEnrollmentCode(tx, DEMO_ORGANISATION_ID, DEFAULT_CODE_DAYS, 'coordinator'),
    };
  });
}

async function isDecided(tx: Queryable): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM demo_decision')).length > 0;
}
