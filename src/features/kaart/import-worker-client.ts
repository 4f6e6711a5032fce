// The page's handle on the import worker. Only comlink and the worker's *type* are imported, so
// the parsing and validation code stays in the worker chunk.
import type { Remote } from 'comlink';
import { workerHandle } from '../../workers/worker-handle';
import type { KaartImport } from './import-worker';

const importer = workerHandle<KaartImport>(() => new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: 'kaart-import' }));

/** The import worker, started on the first call and shared after that. */
export function getKaartImport(): Remote<KaartImport> {
  return importer.get();
}

/** Stops the worker at once (a cancel while reading: nothing was written); the next call starts a new one. */
export function stopKaartImport(): void {
  importer.stop();
}

/** Lets the worker drop the records it read (the page is left, another file chosen); starts no worker. */
export function forgetKaartImport(): void {
  void importer.running()?.forget();
}
