import type { Database, Queryable } from '../db/database';
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
 * organisation and IDO_DEMO is not off. Then the demo organisation, its kaart and two enrollment codes are
 * made in one transaction, and the codes are returned to be printed this once. Every later start (and
 * IDO_DEMO=off) makes nothing and returns undefined: no code ever reaches a log after the first start.
 */
export async function prepareDemo(db: Database, env: { IDO_DEMO?: string }): Promise<DemoCodes | undefined> {
  const setting = demoSettingFromEnv(env.IDO_DEMO);
  return db.transaction(async (tx) => {
    await lockDemoSeed(tx);
    if (await isDecided(tx)) return undefined;
    const seed = setting === 'on' && (await hasNoOrganisations(tx));
    await tx.query('INSERT INTO demo_decision (seeded) VALUES ($1)', [seed]);
    if (!seed) return undefined;
    await addDemoOrganisation(tx);
    await seedDemoKaartIn(tx);
    return {
      staff: await createEnrollmentCode(tx, DEMO_ORGANISATION_ID),
      coordinator: await createEnrollmentCode(tx, DEMO_ORGANISATION_ID, DEFAULT_CODE_DAYS, 'coordinator'),
    };
  });
}

async function isDecided(tx: Queryable): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM demo_decision')).length > 0;
}
