import demoKaart from '../../shared/kaart/demo-kaart.json';
import { filterByScope, importHsdsJson, type KaartScope } from '../../shared/kaart';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { DEMO_ORGANISATION_ID } from '../organisations/demo';
import { DEMO_NATIONAL_CARDS } from '../../shared/snelwijzer/demo-cards';
import { applyKaartChanges } from './apply';
import { changesFromDataSet } from './data-set';
import { lockKaartWrites } from './store';

/**
 * On a fresh database (the demo organisation is the only one and the kaart is empty), writes the demo
 * kaart through the same apply function as the API: the demo organisation's entries in its scope, the
 * national entries as national. Returns whether it did.
 */
export function seedDemoKaart(db: Database): Promise<boolean> {
  return writeTransaction(db, (tx) => seedDemoKaartIn(tx));
}

/** seedDemoKaart inside a transaction the caller holds (the first start seeds organisation and kaart in one). */
export async function seedDemoKaartIn(tx: Queryable): Promise<boolean> {
  const parsed = importHsdsJson(demoKaart);
  if (parsed.errors.length > 0) throw new Error(`demo-kaart.json is ongeldig: ${parsed.errors[0].message}`);
  // Two processes starting on one fresh database: the second waits here and then finds the kaart filled.
  await lockKaartWrites(tx);
  if (!(await isFreshDemoDatabase(tx))) return false;
  const parts: [KaartScope, ReturnType<typeof filterByScope>][] = [
    [null, filterByScope(parsed.records, null)],
    // The themes came along with both parts; they are national.
    [DEMO_ORGANISATION_ID, { ...filterByScope(parsed.records, DEMO_ORGANISATION_ID), taxonomy_term: [] }],
  ];
  // The Snelwijzer's national demo cards come after the kaart: they point to its national services.
  const cards = DEMO_NATIONAL_CARDS.map((data) => ({ entity: 'snelwijzer_card', id: data.id, baseVersion: 0, deleted: false, data }));
  for (const [scope, changes] of [...parts.map(([scope, set]) => [scope, changesFromDataSet(set)] as const), [null, cards] as const]) {
    const results = await applyKaartChanges(tx, { scope, editsKaart: true, updatedBy: 'seed' }, changes);
    const refused = results.find((r) => r.result.status !== 'applied');
    if (refused) throw new Error(`demo-kaart.json: ${refused.result.entity} ${refused.result.id}: ${refused.result.message}`);
  }
  return true;
}

async function isFreshDemoDatabase(tx: Queryable): Promise<boolean> {
  const [row] = await tx.query<{ fresh: boolean }>(
    `SELECT (SELECT count(*) FROM organisations) = 1 AND EXISTS (SELECT 1 FROM organisations WHERE id = $1)
            AND NOT EXISTS (SELECT 1 FROM kaart_records) AS fresh`,
    [DEMO_ORGANISATION_ID],
  );
  return row.fresh;
}
