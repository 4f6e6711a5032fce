import type { Table } from 'dexie';
import type { KaartEntity, KaartRecord } from '../../shared/kaart/types';
import type { IdoDb } from '../db';
import type { KaartIncomingChange, KaartOutboxEntity } from '../types';

/**
 * The sociale kaart's tables on the tablet, by entity, and the server's copy of a record written
 * into them. The joined views are in `joins.ts`, local edits in `edits.ts`, the outbox in
 * `outbox.ts`, "Klopt niet" in `feedback.ts`.
 */

const TABLE_OF = {
  organization: 'kaartOrganizations', service: 'kaartServices', location: 'kaartLocations',
  service_at_location: 'kaartServiceAtLocations', phone: 'kaartPhones', schedule: 'kaartSchedules',
  taxonomy_term: 'kaartTaxonomyTerms', attribute: 'kaartAttributes',
} as const satisfies Record<KaartEntity, keyof IdoDb>;

/** The Dexie table that holds an entity's records. */
export function kaartTable<E extends KaartEntity>(db: IdoDb, entity: E): Table<KaartRecord<E>, string> {
  return db[TABLE_OF[entity]] as unknown as Table<KaartRecord<E>, string>;
}

/** Every kaart table, outbox, feedback and Snelwijzer cards included: the scope of a transaction that touches the kaart. */
export function kaartTables(db: IdoDb): Table[] {
  return [...Object.values(TABLE_OF).map((name) => db[name] as Table), db.kaartFeedback, db.snelwijzerCards, db.kaartOutbox];
}

/** The kaart's tables and the settings (its cursor, its sync status): the scope of a pull's page, a push's answers, the example kaart. */
export function kaartSyncScope(db: IdoDb): Table[] {
  return [...kaartTables(db), db.settings];
}

/** The local table of any entity the kaart sync carries (kaart entries, feedback, cards). */
export function syncedTable(db: IdoDb, entity: KaartOutboxEntity): Table<{ id: string; version: number }, string> {
  if (entity === 'feedback') return db.kaartFeedback as unknown as Table<{ id: string; version: number }, string>;
  if (entity === 'snelwijzer_card') return db.snelwijzerCards as unknown as Table<{ id: string; version: number }, string>;
  return kaartTable(db, entity) as unknown as Table<{ id: string; version: number }, string>;
}

/** A record's fields without the sync metadata: what an edit or a push carries. */
export function fieldsOf<T extends object>(record: T): Omit<T, 'version' | 'updatedAt' | 'deleted'> {
  const { version: _v, updatedAt: _u, deleted: _d, ...fields } = record as T & { version?: unknown; updatedAt?: unknown; deleted?: unknown };
  return fields;
}

/** Writes the server's copy of a record locally (a tombstone deletes it); call inside a transaction. */
export async function putServerRecord(db: IdoDb, change: KaartIncomingChange, now: Date): Promise<void> {
  const table = syncedTable(db, change.entity);
  const row = serverRow(change, now);
  if (row) await table.put(row);
  else await table.delete(change.id);
}

/** The row the server's copy of a record is stored as in its table (`syncedTable`), or undefined for a tombstone. */
export function serverRow(change: KaartIncomingChange, now: Date): { id: string; version: number } | undefined {
  if (change.deleted) return undefined;
  const { id, version } = change;
  const fields = { ...fieldsOf(change.data), id, version };
  if (change.entity === 'feedback') return fields;
  const updatedAt = change.updatedAt ?? now.toISOString();
  return change.entity === 'snelwijzer_card' ? Object.assign(fields, { updatedAt }) : Object.assign(fields, { updatedAt, deleted: false });
}
