// The page's handle on the search worker. Only comlink and the worker's *type* are imported,
// so MiniSearch stays in the worker chunk and out of the app shell.
import { wrap, type Remote } from 'comlink';
import type { KaartSearch } from './kaart-search.worker';

let worker: Worker | undefined;
let remote: Remote<KaartSearch> | undefined;

/** The search worker, started on the first call and shared after that. */
export function getKaartSearch(): Remote<KaartSearch> {
  if (!remote) {
    worker = new Worker(new URL('./kaart-search.worker.ts', import.meta.url), { type: 'module', name: 'kaart-search' });
    remote = wrap<KaartSearch>(worker);
  }
  return remote;
}

/** Stops the worker and forgets its index (after unenrolling, say); the next call starts afresh. */
export function stopKaartSearch(): void {
  worker?.terminate();
  worker = undefined;
  remote = undefined;
}
