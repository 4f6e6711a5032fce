import { liveQuery } from 'dexie';
import type { IdoDb } from '../db/db';
import { DEVICE_KEY, ENROLLMENT_SKIPPED_KEY } from '../sync/device';
import { readKaartCursor } from '../sync/kaart-status';
import { askWorker } from './one-shot-worker';

/** What the demo kaart worker answers: how many records it wrote, or why it could not. */
export type DemoKaartAnswer = { ok: true; applied: number } | { ok: false; message: string };

const startWorker = () => new Worker(new URL('./demo-kaart.worker.ts', import.meta.url), { type: 'module', name: 'demo-kaart' });

/**
 * A tablet that never pulled a kaart shows the example kaart. It is written in a worker
 * (demo-kaart.worker.ts), so the page stays free for taps; where no worker can start (or it fails),
 * on the page itself, as before. Either way through `loadDemoKaart`, one transaction: all or nothing.
 */
export async function loadDemoKaartOnFirstStart(db: IdoDb, inWorker = typeof Worker !== 'undefined'): Promise<number> {
  if (await readKaartCursor(db)) return 0;
  if (inWorker) {
    const answer = await askWorker<DemoKaartAnswer>(startWorker).catch((error: unknown): DemoKaartAnswer => ({ ok: false, message: String(error) }));
    if (answer.ok) return answer.applied;
    console.warn('demo kaart worker', answer.message);
  }
  const [{ demoKaartRecords, demoCards }, { loadDemoKaart }] = await Promise.all([import('./demo-kaart'), import('../sync/kaart-apply')]);
  return loadDemoKaart(db, demoKaartRecords(), new Date(), demoCards);
}

/**
 * Whether the example kaart is wanted: true once staff try the app without a link ("Nu niet", the setting
 * `enrollmentSkipped`), false once the tablet is linked. A tablet on the koppelen screen waits: most are
 * linked there, and their first pull replaces the example kaart (kaart-apply.ts), so writing it first was
 * work for nothing while staff type the code: a worker to start, 240 records to write, and the page's live
 * queries to answer Dexie's news of them (issue 15).
 */
export function untilTryingOut(db: IdoDb): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const subscription = liveQuery(() => db.settings.bulkGet([DEVICE_KEY, ENROLLMENT_SKIPPED_KEY])).subscribe({
      next: ([device, skipped]) => {
        if (device === undefined && skipped?.value !== true) return;
        resolve(device === undefined);
        queueMicrotask(() => subscription.unsubscribe());
      },
      error: reject,
    });
  });
}

/** The example kaart once staff try the app without a link (`untilTryingOut`); nothing for a linked tablet. */
export async function loadDemoKaartWhenTryingOut(db: IdoDb): Promise<number> {
  return (await untilTryingOut(db)) ? loadDemoKaartOnFirstStart(db) : 0;
}
