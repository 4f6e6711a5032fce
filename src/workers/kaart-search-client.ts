// The page's handle on the search worker. Only comlink and the worker's *type* are imported,
// so MiniSearch stays in the worker chunk and out of the app shell.
import type { Remote } from 'comlink';
import type { KaartSearch } from './kaart-search.worker';
import { workerHandle } from './worker-handle';

const search = workerHandle<KaartSearch>(() => new Worker(new URL('./kaart-search.worker.ts', import.meta.url), { type: 'module', name: 'kaart-search' }));

/** The search worker, started on the first call and shared after that. */
export function getKaartSearch(): Remote<KaartSearch> {
  return search.get();
}

/** Stops the worker and forgets its index (after unenrolling, say); the next call starts afresh. */
export function stopKaartSearch(): void {
  search.stop();
}
