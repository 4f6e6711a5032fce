// The HSDS import in its own thread: reading the files, parsing, validating, planning and writing
// to Dexie never block the page. The page talks to it through import-worker-client.ts and imports
// nothing from here but the type. The records stay here between the preview and the write.
import { expose } from 'comlink';
import { db } from '../../db/db';
import { getSetting } from '../../db/settings';
import { effectiveMapping, isMappingEdits } from '../../shared/kaart';
import { readKaartFiles } from './import-files';
import { TAXONOMY_MAPPING_SETTING } from './import-mapping-setting';
import { planImport, readHsds, type ImportPlan } from './import-plan';
import { summarizeHsds, type HsdsPreview, type ImportProgress } from './import-preview';
import { applyImportInChunks, readTabletKaart } from './import-tablet';
import type { BulkImportResult } from '../../db/kaart-import';

/** At most this often a progress report crosses to the page. */
const PROGRESS_EVERY_MS = 250;

let pending: ImportPlan | undefined;
let cancelRequested = false;

/** Calls `report` at most every PROGRESS_EVERY_MS (and always for the last step). */
function throttled(report: (progress: ImportProgress) => void) {
  let last = 0;
  return (progress: ImportProgress, final = false) => {
    const now = performance.now();
    if (!final && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    report(progress);
  };
}

const api = {
  /** Reads and checks HSDS files against the tablet's kaart; keeps the plan for write(). Nothing is stored. */
  async read(files: File[], owner: string, onProgress: (progress: ImportProgress) => void): Promise<{ ok: true; preview: HsdsPreview } | { ok: false; message: string }> {
    pending = undefined;
    const report = throttled(onProgress);
    const read = await readKaartFiles(files, (done, total) => report({ phase: 'reading', done, total }, done === total));
    if (!read.ok) return read;
    if (read.format === 'spreadsheet') return { ok: false, message: 'Een spreadsheet wordt op de pagina zelf gelezen.' };
    onProgress({ phase: 'checking' });
    const [tablet, edits] = await Promise.all([readTabletKaart(db), getSetting<unknown>(db, TAXONOMY_MAPPING_SETTING, undefined)]);
    const mapping = effectiveMapping(isMappingEdits(edits) ? edits : undefined);
    const result = readHsds(read.format, read.texts, tablet, owner, mapping);
    const plan = planImport(result.records, tablet, owner);
    pending = plan;
    const fileName = files.length === 1 ? files[0].name : `${files.length} bestanden`;
    return { ok: true, preview: summarizeHsds(read.format, fileName, result, plan) };
  },

  /** Writes the plan of the last read(): all of it in one transaction, or nothing (a cancel, a full disk). */
  async write(onProgress: (progress: ImportProgress) => void): Promise<BulkImportResult> {
    const plan = pending;
    if (!plan) return { ok: false, errors: [{ field: '', code: 'nothing_read', message: 'Kies het bestand opnieuw: de gelezen gegevens zijn er niet meer.' }] };
    cancelRequested = false;
    const report = throttled(onProgress);
    const total = plan.edits.length;
    report({ phase: 'writing', done: 0, total, services: plan.services }, true);
    const result = await applyImportInChunks(db, plan, {
      cancelled: () => cancelRequested,
      onProgress: ({ edits }) => report({ phase: 'writing', done: edits, total, services: plan.services }, edits === total),
    });
    if (result.ok) pending = undefined;
    return result;
  },

  /** Stops a write at the next chunk; the transaction is aborted, so nothing of it stays. */
  cancel(): void {
    cancelRequested = true;
  },

  /** Forgets the records read (another file chosen, the page left). */
  forget(): void {
    pending = undefined;
  },
};

export type KaartImport = typeof api;

expose(api);
