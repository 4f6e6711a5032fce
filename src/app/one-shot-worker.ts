/**
 * One job in a worker of its own, one answer: starts the worker, waits for its one message, ends it.
 * Rejects when the worker cannot start or throws before it answers, so the caller can do the job on the
 * page instead. `start` holds the literal `new Worker(new URL(…))`, so Vite bundles the worker as its own chunk.
 */
export function askWorker<T>(start: () => Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = start();
    worker.onmessage = (event: MessageEvent<T>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(event.message || 'the worker did not start'));
    };
  });
}
