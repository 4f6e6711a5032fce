import { KAART_ENTITIES, type KaartEntity, type KaartScope } from '../../shared/kaart';
import type { Queryable } from '../db/database';
import { isUuid } from '../../shared/ids';

/** The entities the kaart endpoints carry: HSDS's own, the local `feedback` and the Snelwijzer's cards (docs/api-extensions.md). */
export type KaartSyncEntity = KaartEntity | 'feedback' | 'snelwijzer_card';
export const KAART_SYNC_ENTITIES: readonly KaartSyncEntity[] = [...KAART_ENTITIES, 'feedback', 'snelwijzer_card'];
/** The synced entities that are not kaart entries: left out of kaart files (export, import). */
const NOT_KAART_ENTRIES = "('feedback', 'snelwijzer_card')";

/** A kaart record as stored: its fields in `data`, with the scope computed when it was written. */
export interface StoredKaartRecord {
  entity: KaartSyncEntity;
  id: string;
  /** the organisation that keeps it, or null for the national entries */
  scope: KaartScope;
  version: number;
  deleted: boolean;
  data: Record<string, unknown>;
  updatedAt: string;
}

/** One item of `GET /kaart/changes`, and the `current` of a conflict. */
export interface KaartChangeItem {
  entity: KaartSyncEntity;
  id: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown>;
  /** ISO 8601 instant of the last change (an extension, docs/api-extensions.md) */
  updatedAt: string;
}

/** `GET /kaart/changes`: `nextCursor` is the change number of the last item, as a decimal string. */
export interface KaartChangeItemsPage {
  items: KaartChangeItem[];
  nextCursor: string;
  hasMore: boolean;
}

// Any fixed number, distinct from migrate.ts (4_242_001) and the demo seed (4_242_002).
const KAART_WRITE_LOCK = 4_242_020;

/**
 * Takes the kaart's write lock until the transaction ends. Every change number is drawn under it, so
 * numbers are handed out in commit order: a reader past number N never misses a change that commits later.
 */
export async function lockKaartWrites(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [KAART_WRITE_LOCK]);
}

interface RecordRow extends Record<string, unknown> {
  entity: KaartSyncEntity;
  id: string;
  scope: string | null;
  version: string;
  deleted: boolean;
  data: unknown;
  updated_at: Date | string;
  /** the change number, as text (a bigint) */
  seq: string;
}

const RECORD_COLUMNS = 'entity, id::text AS id, scope::text AS scope, version::text AS version, deleted, data, updated_at, change_seq::text AS seq';

function toRecord(row: RecordRow): StoredKaartRecord {
  return {
    entity: row.entity,
    id: row.id,
    scope: row.scope,
    version: Number(row.version),
    deleted: row.deleted,
    data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** A stored record as the API shows it. */
export function toChangeItem(record: StoredKaartRecord): KaartChangeItem {
  const { entity, id, version, deleted, data, updatedAt } = record;
  return { entity, id, version, deleted, data, updatedAt };
}

/** Rows per statement of the batched reads and writes: about 0.3 MB of JSON each, far from any parameter limit. */
export const KAART_BATCH_ROWS = 1000;

/** A record by its key: entity and (lower-case) id. */
export interface KaartKey {
  entity: KaartSyncEntity;
  id: string;
}

/**
 * Many records by key (tombstones too), one statement per KAART_BATCH_ROWS keys; keys that are no
 * UUID are left out. `forUpdate` row-locks the found rows for the rest of the transaction.
 */
export async function findKaartRecords(db: Queryable, keys: readonly KaartKey[], forUpdate = false): Promise<StoredKaartRecord[]> {
  const wanted = keys.filter((key) => isUuid(key.id));
  const found: StoredKaartRecord[] = [];
  for (let start = 0; start < wanted.length; start += KAART_BATCH_ROWS) {
    const rows = await db.query<RecordRow>(
      `SELECT k.entity, k.id::text AS id, k.scope::text AS scope, k.version::text AS version, k.deleted, k.data, k.updated_at, k.change_seq::text AS seq
       FROM kaart_records k JOIN jsonb_to_recordset($1::text::jsonb) AS w (entity text, id uuid) ON k.entity = w.entity AND k.id = w.id
       ${forUpdate ? 'FOR UPDATE OF k' : ''}`,
      [JSON.stringify(wanted.slice(start, start + KAART_BATCH_ROWS))],
    );
    for (const row of rows) found.push(toRecord(row));
  }
  return found;
}

/**
 * Inserts or replaces records, KAART_BATCH_ROWS per statement, each with the next change number in
 * the order given; call it only under lockKaartWrites. A stored record of another scope is never
 * replaced (the WHERE of the upsert): the keys (`entity:id`) written come back, so the caller sees which were not.
 */
export async function writeKaartRecords(tx: Queryable, records: readonly Omit<StoredKaartRecord, 'updatedAt'>[], updatedBy: string): Promise<Set<string>> {
  const written = new Set<string>();
  for (let start = 0; start < records.length; start += KAART_BATCH_ROWS) {
    const chunk = records.slice(start, start + KAART_BATCH_ROWS).map(({ entity, id, scope, version, deleted, data }, i) => ({ n: start + i, entity, id, scope, version, deleted, data }));
    // In the order given (n), so the change numbers follow the order of the changes: parents before their children.
    const rows = await tx.query<{ entity: string; id: string }>(
      `INSERT INTO kaart_records (entity, id, scope, version, deleted, data, change_seq, updated_at, updated_by)
       SELECT w.entity, w.id, w.scope, w.version, w.deleted, w.data, nextval('kaart_change_seq'), now(), $2
       FROM jsonb_to_recordset($1::text::jsonb) AS w (n int, entity text, id uuid, scope uuid, version bigint, deleted boolean, data jsonb)
       ORDER BY w.n
       ON CONFLICT (entity, id) DO UPDATE SET scope = EXCLUDED.scope, version = EXCLUDED.version, deleted = EXCLUDED.deleted,
         data = EXCLUDED.data, change_seq = EXCLUDED.change_seq, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       WHERE kaart_records.scope IS NOT DISTINCT FROM EXCLUDED.scope
       RETURNING entity, id::text AS id`,
      [JSON.stringify(chunk), updatedBy],
    );
    for (const row of rows) written.add(`${row.entity}:${row.id}`);
  }
  return written;
}

/**
 * The changes an organisation sees (its own scope and the national one; null: the national ones only)
 * after `since`, oldest first. One statement, so one snapshot; each half walks the (scope, change_seq) index.
 */
export async function readKaartChanges(db: Queryable, scope: KaartScope, since: string, limit: number): Promise<KaartChangeItemsPage> {
  // Ordered by the bigint column: `seq` is its text, which would sort "10" before "9".
  const rows = await db.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM (
       (SELECT * FROM kaart_records WHERE scope IS NULL AND change_seq > $1::bigint ORDER BY change_seq LIMIT $3)
       UNION ALL
       (SELECT * FROM kaart_records WHERE scope = $2::uuid AND change_seq > $1::bigint ORDER BY change_seq LIMIT $3)
     ) AS visible ORDER BY change_seq LIMIT $3`,
    [since, scope, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => toChangeItem(toRecord(row))),
    nextCursor: page.length > 0 ? page[page.length - 1].seq : since,
    hasMore: rows.length > limit,
  };
}

/** The live kaart records (no feedback, no cards) an organisation sees, or the national ones for null, oldest first. */
export async function listLiveKaartRecords(db: Queryable, scope: KaartScope): Promise<StoredKaartRecord[]> {
  const rows = await db.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM kaart_records
     WHERE NOT deleted AND entity NOT IN ${NOT_KAART_ENTRIES} AND (scope IS NULL OR scope = $1::uuid) ORDER BY change_seq`,
    [scope],
  );
  return rows.map(toRecord);
}

/** The keys of the live kaart records (no feedback, no cards) an organisation sees, or of the national ones for null. */
export async function listLiveKaartKeys(db: Queryable, scope: KaartScope): Promise<KaartKey[]> {
  return db.query<{ entity: KaartSyncEntity; id: string }>(
    `SELECT entity, id::text AS id FROM kaart_records WHERE NOT deleted AND entity NOT IN ${NOT_KAART_ENTRIES} AND (scope IS NULL OR scope = $1::uuid)`,
    [scope],
  );
}

/**
 * The stored versions of these records (absent ones are left out), keyed `entity:id`. An id that is no UUID names no
 * stored record: it is left out too, before PostgreSQL's uuid cast would refuse the whole lookup.
 */
export async function storedVersions(tx: Queryable, keys: readonly { entity: string; id: string }[]): Promise<Map<string, number>> {
  const rows = await tx.query<{ entity: string; id: string; version: string }>(
    `SELECT k.entity, k.id::text AS id, k.version::text AS version
     FROM kaart_records k JOIN jsonb_to_recordset($1::text::jsonb) AS w (entity text, id uuid) ON k.entity = w.entity AND k.id = w.id`,
    [JSON.stringify(keys.filter((key) => isUuid(key.id)))],
  );
  return new Map(rows.map((row) => [`${row.entity}:${row.id}`, Number(row.version)]));
}
