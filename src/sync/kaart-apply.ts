import type { IdoDb } from '../db/db';
import { fieldsOf, kaartTables, putServerRecord, syncedTable } from '../db/kaart/tables';
import { kaartOutboxId } from '../db/kaart/outbox';
import { putSetting } from '../db/settings';
import type { KaartCursor, KaartIncomingChange, KaartOutboxEntry } from '../db/types';
import { canonicalJson } from '../shared/json';
import { KAART_ENTITIES, type KaartDataSet } from '../shared/kaart/types';
import { KAART_CURSOR_KEY, readKaartCursor } from './kaart-status';
import type { SnelwijzerCardFields } from '../shared/snelwijzer/card';

/**
 * Applies changes from the server in the caller's transaction. A record with a local edit waiting
 * is not overwritten: the server's copy is kept aside on the edit (`current`), so the conflict can
 * be shown. A tombstone deletes locally. Returns how many changes were applied or kept aside.
 */
export async function applyIncomingChanges(db: IdoDb, changes: readonly KaartIncomingChange[], now: Date): Promise<number> {
  let applied = 0;
  for (const change of latestPerRecord(changes)) {
    const key = kaartOutboxId(change.entity, change.id);
    const edit = await db.kaartOutbox.get(key);
    if (edit && sameContent(edit, change)) {
      // the server already has exactly this edit (ours, whose answer was lost, or the same fix by someone else)
      await db.kaartOutbox.delete(key);
      await putServerRecord(db, change, now);
    } else if (edit) {
      if (edit.current && edit.current.version > change.version) continue;
      await db.kaartOutbox.put({ ...edit, current: change });
    } else {
      const local = await syncedTable(db, change.entity).get(change.id);
      if (local && local.version > change.version) continue; // already newer here (a push answer came first)
      await putServerRecord(db, change, now);
    }
    applied++;
  }
  return applied;
}

/** One change per record: the highest version (a page may carry a record twice). */
function latestPerRecord(changes: readonly KaartIncomingChange[]): KaartIncomingChange[] {
  const latest = new Map<string, KaartIncomingChange>();
  for (const change of changes) {
    const key = kaartOutboxId(change.entity, change.id);
    const seen = latest.get(key);
    if (!seen || change.version >= seen.version) latest.set(key, change);
  }
  return [...latest.values()];
}

/** Whether a local edit says exactly what the server's record says (two deletes always do). */
export function sameContent(edit: Pick<KaartOutboxEntry, 'deleted' | 'data'>, server: Pick<KaartIncomingChange, 'deleted' | 'data'>): boolean {
  if (edit.deleted || server.deleted) return edit.deleted === server.deleted;
  return canonicalJson(fieldsOf(edit.data)) === canonicalJson(fieldsOf(server.data ?? {}));
}

const OTHER_ORGANISATION = {
  code: 'other_organisation',
  message: 'Deze wijziging is gemaakt in de sociale kaart van een andere organisatie en is niet verstuurd. De tablet is nu aan een andere organisatie gekoppeld.',
};

/**
 * Makes sure the tables hold this organisation's kaart before a pull. The demo kaart goes
 * entirely; another organisation's kaart goes too, but its unsent edits stay, refused with a
 * Dutch reason, so nobody's work disappears unseen. Before any pull nothing is thrown away.
 */
export async function ensureKaartSource(db: IdoDb, organisationId: string): Promise<KaartCursor> {
  return db.transaction('rw', [...kaartTables(db), db.settings], async () => {
    const cursor = await readKaartCursor(db);
    if (cursor?.source === organisationId) return cursor;
    if (cursor) {
      for (const table of kaartTables(db)) if (table !== db.kaartOutbox) await table.clear();
      if (cursor.source === 'demo') await db.kaartOutbox.clear();
      else await db.kaartOutbox.toCollection().modify({ state: 'rejected', problem: OTHER_ORGANISATION });
    }
    const fresh: KaartCursor = { source: organisationId };
    await putSetting(db, KAART_CURSOR_KEY, fresh);
    return fresh;
  });
}

/**
 * Loads the demo kaart (or any data set) into an empty or demo kaart, through the same path as a
 * pull, as version 0: never sent anywhere; with the Snelwijzer's demo cards when given. Refused (0) once the tablet holds an organisation's kaart.
 */
export async function loadDemoKaart(db: IdoDb, set: KaartDataSet, now = new Date(), cards: readonly SnelwijzerCardFields[] = []): Promise<number> {
  return db.transaction('rw', [...kaartTables(db), db.settings], async () => {
    const cursor = await readKaartCursor(db);
    if (cursor && cursor.source !== 'demo') return 0;
    const changes = KAART_ENTITIES.flatMap((entity) =>
      set[entity].map((data) => ({ entity, id: data.id, version: 0, deleted: false, data }) as KaartIncomingChange))
      .concat(cards.map((data) => ({ entity: 'snelwijzer_card', id: data.id, version: 0, deleted: false, data })));
    const applied = await applyIncomingChanges(db, changes, now);
    await putSetting(db, KAART_CURSOR_KEY, { source: 'demo' } satisfies KaartCursor);
    return applied;
  });
}
