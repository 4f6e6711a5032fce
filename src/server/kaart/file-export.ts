import { exportHsdsCsvPackage, exportHsdsJson, exportHsdsServicePackage, exportHsdsTabularPackage, type KaartScope } from '../../shared/kaart';
import type { Queryable } from '../db/database';
import { toDataSet } from './data-set';
import { listLiveKaartRecords } from './store';

export type KaartExportFormat = 'json' | 'csv-package' | 'hsds-3.0' | 'hsds-3.0-csv';

/**
 * `npm run admin -- export-kaart`: the live entries of one scope (an organisation's own, or the national
 * ones) with the shared export functions, as `{ filename: content }`; the themes they use come along.
 */
export async function exportKaart(db: Queryable, scope: KaartScope, format: KaartExportFormat, exportedAt = new Date()): Promise<Record<string, string>> {
  // The national records too, so references from the organisation's entries to them resolve while filtering.
  const set = toDataSet(await listLiveKaartRecords(db, scope));
  if (format === 'csv-package') return exportHsdsCsvPackage(set, { scope });
  if (format === 'hsds-3.0-csv') return exportHsdsTabularPackage(set, { scope });
  // HSDS 3.0 as published: nested service documents that validate against the official schema
  if (format === 'hsds-3.0') return { 'sociale-kaart-hsds-3.0.json': `${JSON.stringify(exportHsdsServicePackage(set, { scope }), null, 2)}\n` };
  return { 'sociale-kaart.json': `${JSON.stringify(exportHsdsJson(set, { scope, exportedAt }), null, 2)}\n` };
}
