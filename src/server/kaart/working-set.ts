import type { KaartEntity } from '../../shared/kaart';
import type { Queryable } from '../db/database';
import { isUuid } from '../../shared/ids';
import { findKaartRecords, type KaartKey, type KaartSyncEntity, type StoredKaartRecord, writeKaartRecords } from './store';

/**
 * The records one apply call reads and writes, held in memory while the kaart write lock is held (so
 * nobody else writes meanwhile): read in a few batched statements before the changes are decided,
 * and written in batched statements after. A change decided later in the same call sees the records
 * staged before it, as if they were written one by one.
 */
export class KaartWorkingSet {
  /** what the database holds (or will hold once staged records are written); undefined: no such record */
  private readonly known = new Map<string, StoredKaartRecord | undefined>();
  /** records to write, in the order of their last change */
  private readonly pending = new Map<string, Omit<StoredKaartRecord, 'updatedAt'>>();

  constructor(private readonly tx: Queryable) {}

  /** Reads these records (and the parents they point to, up the chain) in batches; `lock` row-locks the named ones. */
  async preload(keys: readonly KaartKeyWithData[], lock: boolean, references: (entity: KaartSyncEntity, data: Record<string, unknown>) => KaartKey[]): Promise<void> {
    let next = [...keys];
    let forUpdate = lock;
    // organization ← service ← service_at_location ← schedule is the longest chain; a few rounds reach its top.
    for (let round = 0; round < 5 && next.length > 0; round++) {
      const found = await this.load(next, forUpdate);
      forUpdate = false;
      next = found.flatMap((record) => references(record.entity, record.data));
      if (round === 0) next = next.concat(keys.flatMap((key) => (key.data ? references(key.entity, key.data) : [])));
    }
  }

  /** A stored record by entity and id (tombstones too), from memory, else read once. */
  async find(entity: KaartSyncEntity, id: string): Promise<StoredKaartRecord | undefined> {
    const key = keyOf(entity, id);
    if (!this.known.has(key)) await this.load([{ entity, id: id.toLowerCase() }], false);
    return this.known.get(key);
  }

  /** Takes a record as written: later finds see it, flush writes it. */
  stage(record: Omit<StoredKaartRecord, 'updatedAt'>): void {
    const key = keyOf(record.entity, record.id);
    this.known.set(key, { ...record, updatedAt: new Date().toISOString() });
    this.pending.delete(key);
    this.pending.set(key, record);
  }

  /** Writes every staged record; returns the keys (`entity:id`) that were not written (stored in another scope). */
  async flush(updatedBy: string): Promise<Set<string>> {
    const records = [...this.pending.values()];
    this.pending.clear();
    const written = await writeKaartRecords(this.tx, records, updatedBy);
    return new Set(records.map((record) => keyOf(record.entity, record.id)).filter((key) => !written.has(key)));
  }

  /** Reads the keys not yet known; returns the records found. */
  private async load(keys: readonly KaartKey[], forUpdate: boolean): Promise<StoredKaartRecord[]> {
    const missing = new Map<string, KaartKey>();
    for (const { entity, id } of keys) {
      const key = keyOf(entity, id);
      if (!this.known.has(key) && !missing.has(key)) missing.set(key, { entity, id: id.toLowerCase() });
    }
    if (missing.size === 0) return [];
    const found = await findKaartRecords(this.tx, [...missing.values()].filter((key) => isUuid(key.id)), forUpdate);
    for (const key of missing.keys()) this.known.set(key, undefined);
    for (const record of found) this.known.set(keyOf(record.entity, record.id), record);
    return found;
  }
}

/** A key with the data of the change, whose references are read along. */
export type KaartKeyWithData = KaartKey & { data?: Record<string, unknown> };

export function keyOf(entity: KaartSyncEntity | KaartEntity, id: string): string {
  return `${entity}:${id.toLowerCase()}`;
}
