import { emptyDataSet, KAART_ENTITIES, type KaartDataSet, type KaartEntity } from '../../shared/kaart';
import type { KaartChangeInput } from './apply';
import type { StoredKaartRecord } from './store';

/** The changes that write a data set, parents first; each on top of its stored version (0 when new). */
export function changesFromDataSet(set: KaartDataSet, versions: ReadonlyMap<string, number> = new Map()): KaartChangeInput[] {
  return KAART_ENTITIES.flatMap((entity) =>
    set[entity].map((data) => ({ entity, id: data.id, baseVersion: versions.get(`${entity}:${data.id.toLowerCase()}`) ?? 0, deleted: false, data })));
}

/** Every key `{entity, id}` of a data set, to look stored versions up with. */
export function dataSetKeys(set: KaartDataSet): { entity: KaartEntity; id: string }[] {
  return KAART_ENTITIES.flatMap((entity) => set[entity].map((record) => ({ entity, id: record.id.toLowerCase() })));
}

/** Stored (live) records as a data set, as the shared export and import functions take them. */
export function toDataSet(records: readonly StoredKaartRecord[]): KaartDataSet {
  const set = emptyDataSet();
  for (const record of records) {
    if (record.entity !== 'feedback' && record.entity !== 'snelwijzer_card') (set[record.entity] as unknown[]).push(record.data);
  }
  return set;
}
