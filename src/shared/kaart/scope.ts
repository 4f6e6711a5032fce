import { emptyDataSet, KAART_ENTITIES, type KaartDataSet, type KaartEntity, type KaartFieldsByEntity, type KaartScope } from './types';

/**
 * Who sees a record. Only an organization says it (`owner_organisation_id`: a library
 * organisation's id, or null = national); every other record takes the scope of the
 * organization it hangs from. Taxonomy terms (the themes) are national.
 */

/** Finds a record by entity and id (a Map over a data set, a Dexie table, a SQL row…). */
export type KaartLookup = <E extends KaartEntity>(entity: E, id: string) => KaartFieldsByEntity[E] | undefined;

/** The scope of a record, or undefined when the record it hangs from is not found. */
export function scopeOfRecord<E extends KaartEntity>(entity: E, data: KaartFieldsByEntity[E], lookup: KaartLookup): KaartScope | undefined {
  const record = data as KaartFieldsByEntity[KaartEntity] & Record<string, unknown>;
  const via = <P extends KaartEntity>(parent: P, id: unknown): KaartScope | undefined => {
    if (typeof id !== 'string') return undefined;
    const found = lookup(parent, id);
    return found === undefined ? undefined : scopeOfRecord(parent, found, lookup);
  };
  switch (entity) {
    case 'organization':
      return (record as KaartFieldsByEntity['organization']).owner_organisation_id;
    case 'taxonomy_term':
      return null;
    case 'service':
    case 'location':
      return via('organization', record.organization_id);
    case 'service_at_location':
      return via('service', record.service_id);
    case 'attribute':
      return via('service', record.link_id);
    case 'phone':
      return record.service_id ? via('service', record.service_id)
        : record.location_id ? via('location', record.location_id)
        : via('organization', record.organization_id);
    case 'schedule':
      return record.service_id ? via('service', record.service_id) : via('service_at_location', record.service_at_location_id);
  }
  return undefined;
}

/** Whether an organisation may see a record of this scope: its own entries and the national ones. */
export function isVisibleTo(scope: KaartScope | undefined, organisationId: string): boolean {
  return scope === null || (scope !== undefined && scope === organisationId);
}

/** A lookup over an in-memory data set. */
export function lookupIn(set: KaartDataSet): KaartLookup {
  const maps = new Map<KaartEntity, Map<string, unknown>>();
  for (const entity of KAART_ENTITIES) maps.set(entity, new Map(set[entity].map((record) => [record.id, record])));
  return <E extends KaartEntity>(entity: E, id: string) => maps.get(entity)?.get(id) as KaartFieldsByEntity[E] | undefined;
}

/** The part of a data set in exactly this scope (an organisation id, or null for national); themes always come along. */
export function filterByScope(set: KaartDataSet, scope: KaartScope): KaartDataSet {
  const lookup = lookupIn(set);
  const result = emptyDataSet();
  for (const entity of KAART_ENTITIES) {
    const keep = (record: KaartFieldsByEntity[KaartEntity]) =>
      entity === 'taxonomy_term' || scopeOfRecord(entity, record as never, lookup) === scope;
    (result[entity] as KaartFieldsByEntity[KaartEntity][]) = set[entity].filter(keep);
  }
  return result;
}
