import type { IdoDb } from '../db/db';
import { fieldsOf, kaartTable, kaartTables, putServerRecord, syncedTable } from '../db/kaart/tables';
import type { KaartEditResult } from '../db/kaart/edits';
import type { KaartOutboxEntry } from '../db/types';
import { type SnelwijzerCardFields, validateCard } from '../shared/snelwijzer/card';
import type { KaartEntity, KaartFields } from '../shared/kaart/types';
import { validateKaartRecord } from '../shared/kaart/validate';

/** What staff chose for a conflict: their own version, the server's, or a merge of both. */
export type KaartConflictChoice = 'mine' | 'theirs' | { merged: KaartFields };

const NOT_FOUND = { field: '', code: 'not_found', message: 'Deze wijziging is er niet meer. Misschien heeft iemand anders haar al afgehandeld.' };
const NO_CONFLICT = { field: '', code: 'no_conflict', message: 'Hier is geen conflict meer om op te lossen.' };
const SERVER_CHANGED = { field: '', code: 'server_changed', message: 'De versie op de server is intussen veranderd. Hieronder staat de nieuwe versie. Kijk opnieuw en kies dan.' };
const NO_SERVER_COPY = { field: '', code: 'no_server_copy', message: 'De versie van de server is niet op de tablet. Kies uw eigen versie, of wacht tot de sociale kaart is bijgewerkt.' };

/**
 * Settles a conflict as staff chose. 'theirs' writes the server's record locally and drops the
 * change; 'mine' and a merge queue the change again on top of the server's version
 * (baseVersion = current.version, and `before` the server's record, which a discard puts back), so the next push
 * replaces it instead of conflicting.
 * `seenServerVersion`: the server's version the choice was made on (the conflicts page's card); a pull that brought a
 * newer one since is refused (`server_changed`, nothing written): "Alles van de server" wrote a version staff never saw,
 * and "Alles van mij" overwrote it unseen.
 */
export async function resolveKaartConflict(
  db: IdoDb, outboxId: string, choice: KaartConflictChoice, now = new Date(), seenServerVersion?: number,
): Promise<KaartEditResult> {
  return db.transaction('rw', kaartTables(db), async (): Promise<KaartEditResult> => {
    const entry = await db.kaartOutbox.get(outboxId);
    if (!entry) return { ok: false, errors: [NOT_FOUND] };
    const serverVersion = entry.current?.version ?? entry.serverVersion;
    if (entry.state !== 'conflict' || serverVersion === undefined) return { ok: false, errors: [NO_CONFLICT] };
    if (seenServerVersion !== undefined && seenServerVersion !== serverVersion) return { ok: false, errors: [SERVER_CHANGED] };
    if (choice === 'theirs') {
      if (!entry.current) return { ok: false, errors: [NO_SERVER_COPY] };
      await putServerRecord(db, entry.current, now);
      await db.kaartOutbox.delete(outboxId);
      return { ok: true };
    }
    const deleted = choice === 'mine' ? entry.deleted : false;
    const data = choice === 'mine' ? entry.data : { ...fieldsOf(choice.merged), id: entry.recordId } as KaartFields;
    if (!deleted && entry.entity !== 'feedback') {
      const errors = entry.entity === 'snelwijzer_card' ? validateCard(data) : validateKaartRecord(entry.entity, data);
      if (errors.length > 0) return { ok: false, errors };
    }
    if (entry.entity !== 'feedback') await writeLocal(db, entry.entity, data as KaartFields, deleted, serverVersion, now);
    // What a discard puts back is now the server's version this builds on (it put back the record as it was before the
    // first edit, labelled with the server's version number: a refusal of the kept version, thrown away, left the tablet
    // showing neither); a record the server removed has none. Unknown without the server's copy: left as it was.
    const { problem: _p, current: _c, serverVersion: _s, before: _b, ...rest } = entry;
    const before = !entry.current ? entry.before : entry.current.deleted ? undefined : { ...fieldsOf(entry.current.data), id: entry.recordId } as KaartOutboxEntry['before'];
    await db.kaartOutbox.put({ ...rest, ...(before ? { before } : {}), data, deleted, baseVersion: serverVersion, state: 'pending', savedAt: now.toISOString() });
    return { ok: true };
  });
}

/**
 * Drops a local change (a refused one, or one staff no longer want) and puts back what the
 * server has: its newest record as last seen, else the record as it was before the edit; a
 * record the server never had goes.
 */
export async function discardKaartEdit(db: IdoDb, outboxId: string, now = new Date()): Promise<void> {
  await db.transaction('rw', kaartTables(db), async () => {
    const entry = await db.kaartOutbox.get(outboxId);
    if (!entry) return;
    await db.kaartOutbox.delete(outboxId);
    if (entry.current) return putServerRecord(db, entry.current, now);
    if (entry.entity === 'feedback') return db.kaartFeedback.delete(entry.recordId);
    if (entry.before) await writeLocal(db, entry.entity, entry.before as KaartFields, false, entry.baseVersion, now);
    else await syncedTable(db, entry.entity).delete(entry.recordId);
  });
}

async function writeLocal(db: IdoDb, entity: KaartEntity | 'snelwijzer_card', data: KaartFields, deleted: boolean, version: number, now: Date): Promise<void> {
  if (entity === 'snelwijzer_card') {
    if (deleted) await db.snelwijzerCards.delete(data.id);
    else await db.snelwijzerCards.put({ ...fieldsOf(data as unknown as SnelwijzerCardFields), version, updatedAt: now.toISOString() });
    return;
  }
  const table = kaartTable(db, entity);
  if (deleted) await table.delete(data.id);
  else await table.put({ ...fieldsOf(data), version, updatedAt: now.toISOString(), deleted: false } as never);
}

