import type { IdoDb } from '../../db/db';
import { fieldsOf, kaartTable, kaartTables } from '../../db/kaart/tables';
import { saveKaartEdits, type KaartEditResult } from '../../db/kaart/edits';
import { saveKaartImport, type BulkImportOptions, type BulkImportResult } from '../../db/kaart-import';
import { emptyDataSet, KAART_ENTITIES, type KaartDataSet } from '../../shared/kaart';
import type { ImportPlan } from './import-plan';

/** The kaart on this tablet as one data set (live records, without sync metadata), read in one transaction. */
export async function readTabletKaart(db: IdoDb): Promise<KaartDataSet> {
  return db.transaction('r', kaartTables(db), async () => {
    const set = emptyDataSet();
    for (const entity of KAART_ENTITIES) {
      const records = await kaartTable(db, entity).toArray();
      (set[entity] as unknown[]) = records.filter((record) => !record.deleted).map(fieldsOf);
    }
    return set;
  });
}

/** Writes a planned import: every record in one transaction and queued for the server, or nothing at all. */
export async function applyImportPlan(db: IdoDb, plan: ImportPlan): Promise<KaartEditResult> {
  if (plan.edits.length === 0) return { ok: true };
  try {
    return await saveKaartEdits(db, plan.edits);
  } catch (error) {
    return writeFailed(error);
  }
}

/** Writes a large planned import in chunks of one transaction (all or nothing), telling progress; a cancel writes nothing. */
export async function applyImportInChunks(db: IdoDb, plan: ImportPlan, options: BulkImportOptions): Promise<BulkImportResult> {
  if (plan.edits.length === 0) return { ok: true };
  try {
    return await saveKaartImport(db, plan.edits, options);
  } catch (error) {
    return writeFailed(error);
  }
}

// The transaction was rolled back (storage full, the database closed): nothing was written.
function writeFailed(error: unknown): KaartEditResult {
  const reason = error instanceof Error && (error.name === 'QuotaExceededError' || (error as { inner?: Error }).inner?.name === 'QuotaExceededError')
    ? 'De opslag van de tablet is vol.' : 'De tablet kon de gegevens niet opslaan.';
  return { ok: false, errors: [{ field: '', code: 'write_failed', message: `${reason} Er is niets geïmporteerd. Probeer het opnieuw.` }] };
}
