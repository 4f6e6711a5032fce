import type { KaartEdit } from '../../db/kaart/edits';
import {
  emptyDataSet, ENTITY_NAMES, filterByScope, importHsdsCsvPackage, importHsdsJson, KAART_ENTITIES, lookupIn, mergeDuplicate, scopeOfRecord,
  type ExistingKaart, type KaartDataSet, type KaartEntity, type KaartFieldsByEntity, type KaartImportResult, type KaartLookup, type Organization,
  type SpreadsheetImportResult, type TaxonomyMapping,
} from '../../shared/kaart';
import type { KaartFileFormat } from './import-files';
import { countText, dutchNumber } from '../../shared/count-text';

/**
 * From the records an import function returned to the edits one transaction writes: only this
 * organisation's entries, never a national one or another organisation's (the server would
 * refuse them), no built-in themes, and no record that is already on the tablet unchanged.
 * Pure: the tablet's kaart comes in as a data set.
 */

/** The demo organisation: owner of the example kaart on a tablet that is not enrolled yet. */
export const DEMO_ORGANISATION_ID = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

/** What applying an import will do. */
export interface ImportPlan {
  /** every record to write, parents first: one call of saveKaartEdits */
  edits: KaartEdit[];
  /** new records per entity */
  created: Record<KaartEntity, number>;
  /** records already on the tablet that change */
  updated: number;
  /** records already on the tablet exactly like this */
  unchanged: number;
  /** records of a national entry or another organisation: not this tablet's to change */
  outsideScope: number;
  /** services written (new or changed): the number on the button */
  services: number;
}

const countPerEntity = (): Record<KaartEntity, number> =>
  Object.fromEntries(KAART_ENTITIES.map((entity) => [entity, 0])) as Record<KaartEntity, number>;

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** Records compare equal when their filled fields are equal, whatever the key order (a CSV cannot tell [] from no value). */
function sameRecord(a: object, b: object): boolean {
  const canonical = (record: object) => JSON.stringify(Object.entries(record)
    .filter(([key, value]) => !isEmpty(value) && !['version', 'updatedAt', 'deleted'].includes(key))
    .sort(([x], [y]) => x.localeCompare(y)));
  return canonical(a) === canonical(b);
}

/** Turns imported records into the edits for this organisation's kaart. */
export function planImport(records: KaartDataSet, tablet: KaartDataSet, owner: string): ImportPlan {
  const plan: ImportPlan = { edits: [], created: countPerEntity(), updated: 0, unchanged: 0, outsideScope: 0, services: 0 };
  const onTablet = lookupIn(tablet);
  const imported = lookupIn(records);
  // An import forces its owner onto every organization; one already on the tablet as national or another's stays that.
  const lookup: KaartLookup = (entity, id) => {
    const current = onTablet(entity, id);
    if (entity === 'organization' && current && (current as Organization).owner_organisation_id !== owner) return current;
    return imported(entity, id) ?? current;
  };
  for (const entity of KAART_ENTITIES) {
    // The ten themes are built in and national: a tablet never writes a term (the import only accepts the themes' codes).
    if (entity === 'taxonomy_term') continue;
    for (const record of records[entity] as KaartFieldsByEntity[KaartEntity][]) {
      const scope = entity === 'organization' ? lookup('organization', record.id)!.owner_organisation_id : scopeOfRecord(entity, record as never, lookup);
      if (scope !== owner) {
        plan.outsideScope++;
        continue;
      }
      const current = onTablet(entity, record.id);
      if (current && sameRecord(current, record)) {
        plan.unchanged++;
        continue;
      }
      if (current) plan.updated++;
      else plan.created[entity]++;
      if (entity === 'service') plan.services++;
      plan.edits.push({ entity, record });
    }
  }
  return plan;
}

/** Reads an HSDS JSON document or CSV package against the tablet's kaart (references to its records count as known). */
export function readHsds(format: Exclude<KaartFileFormat, 'spreadsheet'>, texts: Record<string, string>, tablet: KaartDataSet, owner: string, taxonomyMapping?: TaxonomyMapping): KaartImportResult {
  const ids = new Set(KAART_ENTITIES.flatMap((entity) => tablet[entity].map((record) => `${entity}:${record.id.toLowerCase()}`)));
  const options = { ownerOrganisationId: owner, dropInvalidValues: true, taxonomyMapping, knownIds: (entity: KaartEntity, id: string) => ids.has(`${entity}:${id.toLowerCase()}`) };
  return format === 'hsds-json' ? importHsdsJson(Object.values(texts)[0] ?? '', options) : importHsdsCsvPackage(texts, options);
}

/** The entries a spreadsheet's rows may be merged into: this organisation's own (a national entry is not ours to extend). */
export function spreadsheetExisting(tablet: KaartDataSet, owner: string): ExistingKaart {
  const own = filterByScope(tablet, owner);
  return { organizations: own.organization, locations: own.location, services: own.service };
}

/** Merges the duplicates whose existing organization the coordinator ticked; the others stay new organizations. */
export function applyMerges(result: SpreadsheetImportResult, mergeInto: ReadonlySet<string>): SpreadsheetImportResult {
  let merged = result;
  for (const duplicate of result.duplicates) {
    if (mergeInto.has(duplicate.existingId) && merged.duplicates.includes(duplicate)) merged = mergeDuplicate(merged, duplicate);
  }
  return merged;
}

/** The part of the tablet's kaart to export: this organisation's entries, and the national ones when asked. */
export function exportSelection(tablet: KaartDataSet, owner: string, includeNational: boolean): KaartDataSet {
  const own = filterByScope(tablet, owner);
  if (!includeNational) return own;
  const national = filterByScope(tablet, null);
  const result = emptyDataSet();
  for (const entity of KAART_ENTITIES) {
    const ids = new Set(own[entity].map((record) => record.id));
    (result[entity] as unknown[]) = [...own[entity], ...national[entity].filter((record) => !ids.has(record.id))];
  }
  return result;
}

/** How many records of each entity a data set holds. */
export function countRecords(set: KaartDataSet): Record<KaartEntity, number> {
  return Object.fromEntries(KAART_ENTITIES.map((entity) => [entity, set[entity].length])) as Record<KaartEntity, number>;
}

/** "1 dienst", "3 diensten", "20.000 diensten". */
export function countOf(entity: KaartEntity, count: number): string {
  return countText(count, ...ENTITY_NAMES[entity], dutchNumber);
}
