// The page's handle on the import worker. Only comlink and the worker's *type* are imported, so
// the parsing and validation code stays in the worker chunk.
import { wrap, type Remote } from 'comlink';
import type { KaartImport } from './import-worker';

let worker: Worker | undefined;
let remote: Remote<KaartImport> | undefined;

/** The import worker, started on the first call and shared after that. */
export function getKaartImport(): Remote<KaartImport> {
  if (!remote) {
    worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: 'kaart-import' });
    remote = wrap<KaartImport>(worker);
  }
  return remote;
}

/** Stops the worker at once (a cancel while reading: nothing was written); the next call starts a new one. */
export function stopKaartImport(): void {
  worker?.terminate();
  worker = undefined;
  remote = undefined;
}

/** Lets the worker drop the records it read (the page is left, another file chosen); starts no worker. */
export function forgetKaartImport(): void {
  void remote?.forget();
}
