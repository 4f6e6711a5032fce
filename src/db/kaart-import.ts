import type { IdoDb } from './db';
import { queuedChange, type KaartEdit, type KaartEditResult } from './kaart/edits';
import { kaartOutboxId } from './kaart/outbox';
import { fieldsOf, kaartTable, kaartTables } from './kaart/tables';
import { validateKaartRecord } from '../shared/kaart/validate';
import type { KaartEntity } from '../shared/kaart/types';

/**
 * A large import (a regional directory: 100,000+ records) written in ONE transaction, so it is all
 * on the tablet or none of it is. The records go in chunks: each chunk reads what is there in bulk
 * and writes in bulk, which keeps the transaction alive (it only waits on its own requests) while
 * the thread still answers messages between chunks, so progress can be told and a cancel heard.
 * A cancel (or any failure) aborts the transaction: nothing is written.
 */

/** How many edits one chunk reads and writes. */
export const IMPORT_CHUNK = 2000;

export interface BulkImportOptions {
  now?: Date;
  chunk?: number;
  /** after each chunk: edits written so far, and services among them */
  onProgress?: (done: { edits: number; services: number }) => void;
  /** asked before each chunk; true aborts the whole import */
  cancelled?: () => boolean;
}

export type BulkImportResult = KaartEditResult | { ok: false; cancelled: true; errors: [] };

class ImportCancelled extends Error {}

/** Saves new or changed records (never deletes) as one all-or-nothing transaction, queued for the server like any edit. */
export async function saveKaartImport(db: IdoDb, edits: readonly KaartEdit[], options: BulkImportOptions = {}): Promise<BulkImportResult> {
  const errors = edits.flatMap(({ entity, record }) => validateKaartRecord(entity, fieldsOf(record)));
  if (errors.length > 0) return { ok: false, errors };
  const now = options.now ?? new Date();
  const size = options.chunk ?? IMPORT_CHUNK;
  let done = 0;
  let services = 0;
  try {
    await db.transaction('rw', kaartTables(db), async () => {
      // Which records and queued changes exist, by key alone: a new record (most of a first import) needs no read.
      const entities = [...new Set(edits.map((edit) => edit.entity))];
      const existing = new Map(await Promise.all(entities.map(async (entity) => [entity, new Set(await kaartTable(db, entity).toCollection().primaryKeys())] as const)));
      const queued = new Set(await db.kaartOutbox.toCollection().primaryKeys());
      for (let start = 0; start < edits.length; start += size) {
        if (options.cancelled?.()) throw new ImportCancelled();
        const chunk = edits.slice(start, start + size);
        for (const [entity, group] of byEntity(chunk)) {
          const ids = group.map((edit) => edit.record.id);
          const [locals, entries] = await Promise.all([
            readSome(ids, (id) => existing.get(entity)!.has(id), (keys) => kaartTable(db, entity).bulkGet(keys)),
            readSome(ids.map((id) => kaartOutboxId(entity, id)), (key) => queued.has(key), (keys) => db.kaartOutbox.bulkGet(keys)),
          ]);
          const changes = group.map((edit, i) => queuedChange(edit, locals[i] as { version: number } | undefined, entries[i], now));
          await Promise.all([kaartTable(db, entity).bulkPut(changes.map((c) => c.local) as never[]), db.kaartOutbox.bulkPut(changes.map((c) => c.entry))]);
          if (entity === 'service') services += group.length;
        }
        done += chunk.length;
        options.onProgress?.({ edits: done, services });
      }
      if (options.cancelled?.()) throw new ImportCancelled();
    });
  } catch (error) {
    if (error instanceof ImportCancelled) return { ok: false, cancelled: true, errors: [] };
    throw error;
  }
  return { ok: true };
}

/** bulkGet of only the keys that exist; undefined for the others, in the order of `keys`. */
async function readSome<T>(keys: string[], exists: (key: string) => boolean, bulkGet: (keys: string[]) => Promise<(T | undefined)[]>): Promise<(T | undefined)[]> {
  const present = keys.filter(exists);
  if (present.length === 0) return keys.map(() => undefined);
  const found = new Map(present.map((key, i) => [key, i]));
  const rows = await bulkGet(present);
  return keys.map((key) => (found.has(key) ? rows[found.get(key)!] : undefined));
}

/** A chunk's edits per entity, in the order the entities first appear (parents first, as the plan lists them). */
function byEntity(chunk: readonly KaartEdit[]): Map<KaartEntity, KaartEdit[]> {
  const groups = new Map<KaartEntity, KaartEdit[]>();
  for (const edit of chunk) {
    const group = groups.get(edit.entity);
    if (group) group.push(edit);
    else groups.set(edit.entity, [edit]);
  }
  return groups;
}
