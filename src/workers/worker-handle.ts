import { type Remote, wrap } from 'comlink';

/**
 * One Comlink worker behind a page: started on the first `get()` and shared after that; `stop()` ends it at
 * once, and the next `get()` starts a fresh one. `start` holds the literal `new Worker(new URL(…))` so that
 * Vite bundles the worker as its own chunk.
 */
export function workerHandle<T>(start: () => Worker): { get(): Remote<T>; stop(): void; running(): Remote<T> | undefined } {
  let worker: Worker | undefined;
  let remote: Remote<T> | undefined;
  return {
    get() {
      if (!remote) {
        worker = start();
        remote = wrap<T>(worker);
      }
      return remote;
    },
    stop() {
      worker?.terminate();
      worker = undefined;
      remote = undefined;
    },
    running: () => remote,
  };
}
