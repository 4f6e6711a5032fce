import type { KaartEntity, KaartFields } from '../../shared/kaart/types';
import { validateKaartRecord, type ValidationError } from '../../shared/kaart/validate';
import type { IdoDb } from '../db';
import type { KaartOutboxEntry } from '../types';
import { kaartOutboxId } from './outbox';
import { fieldsOf, kaartTable, kaartTables } from './tables';

// ---- writing: optimistic local edits, queued for the server ----

/** An edit as a value: saved, or the validation errors to show beside the fields. */
export type KaartEditResult = { ok: true } | { ok: false; errors: ValidationError[] };

/** One edit of a record: its fields as staff left them, or a delete. */
export interface KaartEdit<E extends KaartEntity = KaartEntity> {
  entity: E;
  record: KaartFields<E>;
  deleted?: boolean;
}

/**
 * Saves an edit (or with `{deleted: true}` a delete) of a kaart record: writes the local table at
 * once and queues the change. Edits of one record coalesce into one change that keeps the
 * ORIGINAL baseVersion; deleting a record the server never had just drops it.
 */
export async function saveKaartEdit<E extends KaartEntity>(
  db: IdoDb, entity: E, record: KaartFields<E>, options: { deleted?: boolean; now?: Date } = {},
): Promise<KaartEditResult> {
  return saveKaartEdits(db, [{ entity, record, deleted: options.deleted }], options.now);
}

/** Several edits in one transaction: all are saved, or none (an import, a service with its schedules). */
export async function saveKaartEdits(db: IdoDb, edits: readonly KaartEdit[], now = new Date()): Promise<KaartEditResult> {
  const errors = edits.flatMap(({ entity, record, deleted }) => (deleted ? [] : validateKaartRecord(entity, fieldsOf(record))));
  if (errors.length > 0) return { ok: false, errors };
  await db.transaction('rw', kaartTables(db), async () => {
    for (const edit of edits) await queueEdit(db, edit, now);
  });
  return { ok: true };
}

async function queueEdit(db: IdoDb, { entity, record, deleted = false }: KaartEdit, now: Date): Promise<void> {
  const fields = fieldsOf(record) as KaartFields;
  const table = kaartTable(db, entity);
  const key = kaartOutboxId(entity, fields.id);
  const [local, entry] = [await table.get(fields.id), await db.kaartOutbox.get(key)];
  if (deleted) {
    await table.delete(fields.id);
    const neverSent = entry ? entry.baseVersion === 0 && !entry.current : !local || local.version === 0;
    if (neverSent) return db.kaartOutbox.delete(key); // the server never had it (an answer in flight re-queues the delete)
    await db.kaartOutbox.put(queuedChange({ entity, record, deleted }, local, entry, now).entry);
    return;
  }
  const change = queuedChange({ entity, record }, local, entry, now);
  await table.put(change.local as never);
  await db.kaartOutbox.put(change.entry);
}

/**
 * What an edit writes, given the record on the tablet and its queued change (if any): the local
 * row and the outbox entry. Pure, so a bulk write (an import) and a single edit agree.
 */
export function queuedChange({ entity, record, deleted = false }: KaartEdit, local: { version: number } | undefined, entry: KaartOutboxEntry | undefined, now: Date): { local: object; entry: KaartOutboxEntry } {
  const fields = fieldsOf(record) as KaartFields;
  const baseVersion = entry?.baseVersion ?? local?.version ?? 0;
  // a conflict stays a conflict until someone resolves it: a new edit changes "mine", not the state
  const conflict = entry?.state === 'conflict';
  return {
    local: { ...fields, version: local?.version ?? baseVersion, updatedAt: now.toISOString(), deleted: false },
    entry: {
      id: kaartOutboxId(entity, fields.id), entity, recordId: fields.id, baseVersion, deleted, data: fields,
      ...(entry ? (entry.before ? { before: entry.before } : {}) : local ? { before: fieldsOf(local) as KaartFields } : {}),
      savedAt: now.toISOString(),
      state: conflict ? 'conflict' : 'pending',
      ...(conflict && entry.problem ? { problem: entry.problem } : {}),
      ...(entry?.current ? { current: entry.current } : {}),
      ...(entry?.serverVersion !== undefined ? { serverVersion: entry.serverVersion } : {}),
    } as KaartOutboxEntry,
  };
}
