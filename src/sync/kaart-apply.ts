import type { Table } from 'dexie';
import type { IdoDb } from '../db/db';
import { fieldsOf, kaartSyncScope, kaartTables, serverRow, syncedTable } from '../db/kaart/tables';
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
 *
 * `step` records at a time are read together and written together (bulkGet, bulkPut and bulkDelete per
 * table), instead of three requests per record one after the other (issue 15):
 * - in a worker (the example kaart's, the service worker's sync) the whole page at once: the example kaart's
 *   240 records took ~950 ms of the worker one by one, ~220 ms at once;
 * - on the page (a pull while staff use the form) `PAGE_APPLY_STEP` records a step: at 4× CPU, 4,740 records
 *   took 25–35 s one by one and 5–6.5 s 25 a step, with at most one more task over 50 ms (52 ms); the whole
 *   page of 500 at once took 3.4 s but added 9–10 tasks of 54–90 ms (session 7 saw the same), and taps wait.
 */
export async function applyIncomingChanges(db: IdoDb, changes: readonly KaartIncomingChange[], now: Date, step = defaultApplyStep()): Promise<number> {
  const latest = latestPerRecord(changes);
  const size = step >= 1 ? step : 1;
  let applied = 0;
  for (let from = 0; from < latest.length; from += size) applied += await applyStep(db, latest.slice(from, from + size), now);
  return applied;
}

/** Records per step of a pull applied on the page: each step's reads and writes stay a short task of the page's thread. */
export const PAGE_APPLY_STEP = 25;

/** All of a page at once in a worker; `PAGE_APPLY_STEP` records a step on the page. */
export function defaultApplyStep(): number {
  const workerScope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  return workerScope !== undefined && globalThis instanceof workerScope ? Number.POSITIVE_INFINITY : PAGE_APPLY_STEP;
}

/** Reads first (the outbox entries, then the local copies of the records without one), then writes per table. */
async function applyStep(db: IdoDb, changes: readonly KaartIncomingChange[], now: Date): Promise<number> {
  const keys = changes.map((change) => kaartOutboxId(change.entity, change.id));
  const edits = await db.kaartOutbox.bulkGet(keys);
  const withoutEdit = changes.filter((_, index) => !edits[index]);
  const local = new Map<string, { version: number } | undefined>();
  for (const [table, group] of groupByTable(db, withoutEdit)) {
    const rows = await table.bulkGet(group.map((change) => change.id));
    group.forEach((change, index) => local.set(kaartOutboxId(change.entity, change.id), rows[index]));
  }
  const outboxDeletes: string[] = [];
  const outboxPuts: KaartOutboxEntry[] = [];
  const serverCopies: KaartIncomingChange[] = [];
  let applied = 0;
  changes.forEach((change, index) => {
    const edit = edits[index];
    if (edit && sameContent(edit, change)) {
      // the server already has exactly this edit (ours, whose answer was lost, or the same fix by someone else)
      outboxDeletes.push(keys[index]);
      serverCopies.push(change);
    } else if (edit) {
      if (edit.current && edit.current.version > change.version) return;
      outboxPuts.push({ ...edit, current: change });
    } else {
      const copy = local.get(keys[index]);
      if (copy && copy.version > change.version) return; // already newer here (a push answer came first)
      serverCopies.push(change);
    }
    applied++;
  });
  if (outboxDeletes.length) await db.kaartOutbox.bulkDelete(outboxDeletes);
  if (outboxPuts.length) await db.kaartOutbox.bulkPut(outboxPuts);
  for (const [table, group] of groupByTable(db, serverCopies)) {
    const rows = group.map((change) => serverRow(change, now));
    const puts = rows.filter((row) => row !== undefined);
    const deletes = group.filter((_, index) => rows[index] === undefined).map((change) => change.id);
    if (deletes.length) await table.bulkDelete(deletes);
    if (puts.length) await table.bulkPut(puts);
  }
  return applied;
}

/** The changes by the table their records live in, in their order. */
function groupByTable(db: IdoDb, changes: readonly KaartIncomingChange[]): Map<Table<{ id: string; version: number }, string>, KaartIncomingChange[]> {
  const groups = new Map<Table<{ id: string; version: number }, string>, KaartIncomingChange[]>();
  for (const change of changes) {
    const table = syncedTable(db, change.entity);
    const group = groups.get(table);
    if (group) group.push(change);
    else groups.set(table, [change]);
  }
  return groups;
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
  return db.transaction('rw', kaartSyncScope(db), async () => {
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
export async function loadDemoKaart(db: IdoDb, set: KaartDataSet, now = new Date(), cards: readonly SnelwijzerCardFields[] = [], step = defaultApplyStep()): Promise<number> {
  return db.transaction('rw', kaartSyncScope(db), async () => {
    const cursor = await readKaartCursor(db);
    if (cursor && cursor.source !== 'demo') return 0;
    const changes = KAART_ENTITIES.flatMap((entity) =>
      set[entity].map((data) => ({ entity, id: data.id, version: 0, deleted: false, data }) as KaartIncomingChange))
      .concat(cards.map((data) => ({ entity: 'snelwijzer_card', id: data.id, version: 0, deleted: false, data })));
    const applied = await applyIncomingChanges(db, changes, now, step);
    await putSetting(db, KAART_CURSOR_KEY, { source: 'demo' } satisfies KaartCursor);
    return applied;
  });
}
