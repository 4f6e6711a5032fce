// The drain's tablet side, as the page of `drain-chromium.ts` runs it in headless Chromium: the app's own database
// (Dexie on Chromium's IndexedDB) and sync engine, bundled for the page; and the baseline's one request per record,
// which drain-tablet.ts sends from a Node worker thread. Nothing here may need Node.
import Dexie from 'dexie';
import { IdoDb } from '../src/db/db';
import { saveRegistration, toRecord } from '../src/db/registrations';
import { countInSyncState } from '../src/db/sync-state';
import { inSyncState } from '../src/db/sync-state';
import type { BatchResponse } from '../src/shared/api';
import { drainOutbox, enrollDevice, fetchTransport, type Transport } from '../src/sync';
import { deviceContactHeaders } from '../src/sync/device-contact';
import { cachedLimits, LIMITS_KEY, LIMITS_READ_AT_KEY } from '../src/sync/limits';
import { realisticRegistrations } from './registrations';
import type { Enrolled } from './servers';

/** The sync engine's drain: a fresh tablet enrolled with `code` drains `count` registrations. */
export interface EngineTask {
  code: string;
  count: number;
  /**
   * false: the tablet's cached limits lose `requestEncodings` (as from a server before packed bodies), so every batch
   * goes as JSON text; by default batches go packed with gzip, as the app sends them to this server.
   */
  pack?: boolean;
}
/** The baseline: `count` registrations of this enrolled tablet, one request each. */
export interface PerRecordTask {
  device: Enrolled;
  count: number;
}

export interface EngineTablet {
  /** saving the records with saveRegistration (not part of either figure) */
  saveSeconds: number;
  /** reading every record once from Dexie, through the outbox's index */
  dexieReadSeconds: number;
  /** writing every record once more to Dexie, 500 per transaction (what marking a batch sent costs at least) */
  dexieWriteSeconds: number;
  /** drainOutbox until 'done' */
  engineSeconds: number;
  /** of engineSeconds: inside transport.postBatch (HTTP + server) */
  engineTransportSeconds: number;
  /** the page's main thread busy during the drain (its tasks, from Chromium): its own work, much of it while a batch is out */
  engineTabletBusySeconds: number;
  engineBatches: number;
  /** the bytes of the batches' request bodies, as sent (packed or not) */
  engineBytesSent: number;
  engineDrainCalls: number;
  enginePendingAfter: number;
  questions: number;
  warnings: string[];
}
/** one POST /batches per record, one after the other (Workbox Background Sync replay) */
export interface PerRecordTablet {
  perRecordSeconds: number;
  perRecordNotAccepted: number;
}

/** The page's main-thread busy seconds so far, as Chromium counts its tasks (drain-chromium.ts asks over CDP). */
export type BusySeconds = () => Promise<number>;

/** Enrolls a fresh tablet with `code`, saves `count` registrations, then drains them with the sync engine. */
export async function engineDrain(task: EngineTask, busySeconds: BusySeconds): Promise<EngineTablet> {
  const warnings: string[] = [];

  // the time spent waiting for the server
  const timed = (transport: Transport) => {
    const wrapped = {
      ...transport,
      seconds: 0,
      batches: 0,
      async postBatch(...args: Parameters<Transport['postBatch']>) {
        const started = performance.now();
        try {
          return await transport.postBatch(...args);
        } finally {
          wrapped.seconds += (performance.now() - started) / 1000;
          wrapped.batches++;
        }
      },
    };
    return wrapped;
  };

  const tablet = new IdoDb(`ido-bench-${crypto.randomUUID()}`);
  try {
    const enrolled = await enrollDevice(tablet, fetchTransport(), task.code, 'Bench tablet');
    if (!enrolled.ok) throw new Error(`enrollDevice failed: ${enrolled.error} ${enrolled.message}`);
    const locations = await tablet.locations.toArray();
    const records = realisticRegistrations(task.count, { deviceId: enrolled.device.deviceId, organisationId: enrolled.device.organisationId, locations }, { seed: 1 });

    let started = performance.now();
    for (const record of records) await saveRegistration(tablet, record);
    const saveSeconds = (performance.now() - started) / 1000;

    // What the outbox reads: pending records through its [syncState+savedAt] index, stripped to wire records.
    started = performance.now();
    const pending = await inSyncState(tablet.registrations, 'pending').toArray();
    const read = pending.map(toRecord).length;
    const dexieReadSeconds = (performance.now() - started) / 1000;
    if (read !== task.count) warnings.push(`Dexie read saw ${read} pending records, expected ${task.count}`);

    // The app's own transport: each request carries the tablet's contact headers (its app version and what still
    // waits on it, counted before each batch), as drainOutbox's default transport does.
    if (task.pack === false) {
      const { requestEncodings: _taken, ...plain } = await cachedLimits(tablet);
      await tablet.settings.bulkPut([{ key: LIMITS_KEY, value: plain }, { key: LIMITS_READ_AT_KEY, value: new Date().toISOString() }]);
    }
    // The bytes each batch's body took on the line.
    let bytesSent = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input).endsWith('/batches')) bytesSent += typeof init?.body === 'string' ? new TextEncoder().encode(init.body).length : (init?.body as Uint8Array | undefined)?.byteLength ?? 0;
      return fetch(input, init);
    };
    const transport = timed(fetchTransport('', counting, undefined, deviceContactHeaders(tablet)));
    const busyBefore = await busySeconds();
    started = performance.now();
    let calls = 0;
    let force = false;
    for (;;) {
      // The page's Web Locks, as the app's pages and service worker take them.
      const result = await drainOutbox(tablet, { transport, force });
      calls++;
      if (result.outcome === 'done') break;
      if (result.outcome !== 'waiting' || calls > 50) throw new Error(`drainOutbox stopped: ${JSON.stringify(result)}`);
      // An unknown outcome (timeout…) persisted a backoff: try again at once, as "Nu versturen" would.
      force = true;
    }
    const engineSeconds = (performance.now() - started) / 1000;
    const engineTabletBusySeconds = (await busySeconds()) - busyBefore;

    // Dexie writes alone: the same records put back, one transaction per 500 (as applyResults does per batch).
    const stored = await tablet.registrations.toArray();
    started = performance.now();
    for (let i = 0; i < stored.length; i += 500) {
      const part = stored.slice(i, i + 500);
      await tablet.transaction('rw', tablet.registrations, () => tablet.registrations.bulkPut(part));
    }
    const dexieWriteSeconds = (performance.now() - started) / 1000;
    if (calls > 1) warnings.push(`drain needed ${calls} drainOutbox calls (a batch had no answer and was resent)`);
    return {
      saveSeconds, dexieReadSeconds, dexieWriteSeconds, engineSeconds, engineTransportSeconds: transport.seconds, engineTabletBusySeconds,
      engineBatches: transport.batches, engineBytesSent: bytesSent, engineDrainCalls: calls, enginePendingAfter: await countInSyncState(tablet.registrations, 'pending'),
      questions: records.reduce((n, r) => n + r.questions.length, 0), warnings,
    };
  } finally {
    tablet.close();
    await Dexie.delete(tablet.name).catch(() => {});
  }
}

/** The baseline: the same kind of records, one POST /batches each, one after the other (to `baseUrl`: the page's own server by default). */
export async function perRecordDrain(task: PerRecordTask, baseUrl = ''): Promise<PerRecordTablet> {
  const records = realisticRegistrations(task.count, task.device, { seed: 1 });
  const transport = fetchTransport(baseUrl);
  let notAccepted = 0;
  const started = performance.now();
  // Workbox's Queue.replayRequests: one stored request at a time, each its own batch of one.
  for (const record of records) {
    const raw = await transport.postBatch({ batchId: crypto.randomUUID(), deviceId: task.device.deviceId, sentAt: new Date().toISOString(), records: [record] }, task.device.token);
    if (raw.status !== 200) throw new Error(`one-record batch failed: ${raw.status} ${raw.bodyText.slice(0, 200)}`);
    const body = JSON.parse(raw.bodyText) as BatchResponse;
    if (body.results[0]?.status !== 'accepted') notAccepted++;
  }
  return { perRecordSeconds: (performance.now() - started) / 1000, perRecordNotAccepted: notAccepted };
}
