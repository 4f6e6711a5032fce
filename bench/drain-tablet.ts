// The drain's baseline, in a worker thread of its own: one request per record, one after the other, as a Workbox
// Background Sync queue replays them, sent with Node's fetch. A worker so that it never shares the server's thread.
// (The sync engine's side runs in Chromium: drain-chromium.ts.)
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { perRecordDrain, type PerRecordTablet, type PerRecordTask } from './drain-engine';

/** Runs the baseline in a fresh worker thread (TypeScript through tsx) against the server at `url`, and gives its answer. */
export function runPerRecordTablet(url: string, task: PerRecordTask): Promise<PerRecordTablet> {
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, execArgv: [], workerData: { drainTablet: { url, task } } });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { ok: true; value: PerRecordTablet } | { ok: false; error: string }) => {
      void worker.terminate();
      if (message.ok) resolve(message.value);
      else reject(new Error(`drain tablet: ${message.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`drain tablet thread ended (${code}) without an answer`)));
  });
}

const job = isMainThread ? undefined : (workerData as { drainTablet?: { url: string; task: PerRecordTask } } | undefined)?.drainTablet;
if (job) {
  perRecordDrain(job.task, job.url).then(
    (value) => parentPort!.postMessage({ ok: true, value }),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
}
