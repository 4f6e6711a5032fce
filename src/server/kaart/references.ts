import {
  KAART_FIELDS, type KaartEntity, type KaartFieldsByEntity, type KaartLookup, type KaartScope, scopeOfRecord, themeById,
} from '../../shared/kaart';
import { isUuid } from '../../shared/ids';
import type { KaartKey, KaartSyncEntity, StoredKaartRecord } from './store';

/** Finds a stored record (tombstones too), as this transaction sees it (kaart/working-set.ts). */
export interface ParentFinder {
  find(entity: KaartEntity, id: string): Promise<StoredKaartRecord | undefined>;
}

/**
 * The scope of a record after a change, by the shared rule (scopeOfRecord) over the parents stored in
 * this transaction, so a parent written earlier in the same push counts. Undefined when a parent is missing.
 */
export async function resolveScope(parents: ParentFinder, entity: KaartEntity, data: Record<string, unknown>): Promise<KaartScope | undefined> {
  const fetched = new Map<string, StoredKaartRecord | undefined>();
  // scopeOfRecord looks parents up synchronously: run it, fetch what it missed, run again (at most three levels).
  for (;;) {
    const missing: [KaartEntity, string][] = [];
    const lookup: KaartLookup = <E extends KaartEntity>(parent: E, id: string) => {
      const key = `${parent}:${id.toLowerCase()}`;
      if (!fetched.has(key)) {
        missing.push([parent, id.toLowerCase()]);
        return undefined;
      }
      return fetched.get(key)?.data as KaartFieldsByEntity[E] | undefined;
    };
    const scope = scopeOfRecord(entity, data as never, lookup);
    if (missing.length === 0) return scope;
    for (const [parent, id] of missing) fetched.set(`${parent}:${id}`, await parents.find(parent, id));
  }
}

/** The fields of an entity that point to another record, and to which entity. */
export function referencesOf(entity: KaartSyncEntity): { name: string; ref: KaartEntity }[] {
  if (entity === 'feedback' || entity === 'snelwijzer_card') return [{ name: 'service_id', ref: 'service' }];
  return KAART_FIELDS[entity].filter((spec) => spec.kind === 'ref').map((spec) => ({ name: spec.name, ref: spec.ref! }));
}

/**
 * The first reference that does not lead to a live record the record's scope may point to (its own or a
 * national one); `scope` undefined checks existence only. Themes are always there (themes.json).
 */
export async function firstBrokenReference(parents: ParentFinder, entity: KaartSyncEntity, data: Record<string, unknown>, scope: KaartScope | undefined): Promise<{ name: string; ref: KaartEntity } | undefined> {
  for (const reference of referencesOf(entity)) {
    const id = data[reference.name];
    if (typeof id !== 'string') continue;
    if (reference.ref === 'taxonomy_term' && themeById(id)) continue;
    const target = await parents.find(reference.ref, id);
    if (!target || target.deleted) return reference;
    if (scope !== undefined && target.scope !== null && target.scope !== scope) return reference;
  }
  return undefined;
}

/** The records a record points to (ids that are UUIDs, in lower case), to read them ahead in one batch. */
export function referenceKeys(entity: KaartSyncEntity, data: Record<string, unknown>): KaartKey[] {
  return referencesOf(entity).flatMap(({ name, ref }) => {
    const id = data[name];
    return typeof id === 'string' && isUuid(id) && !(ref === 'taxonomy_term' && themeById(id)) ? [{ entity: ref, id: id.toLowerCase() }] : [];
  });
}
