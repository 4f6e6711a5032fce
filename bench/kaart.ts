// The sociale kaart at 10,000 services: the search worker as the page uses it (production build,
// headless Chromium, the real Comlink messages), the import of a library's spreadsheet into Dexie,
// and a check that MiniSearch stays out of the initial JS. See bench/README.md.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Dexie from 'dexie';
import Papa from 'papaparse';
import type { Plugin } from 'vite';
import { IdoDb } from '../src/db/db';
import { saveKaartEdits } from '../src/db/kaart/edits';
import { DEMO_ORGANISATION_ID, planImport } from '../src/features/kaart/import-plan';
import demoKaart from '../src/shared/kaart/demo-kaart.json';
import { applyMapping, emptyDataSet, importHsdsJson, KAART_ENTITIES, previewSpreadsheet, type ExistingKaart } from '../src/shared/kaart';
import { FIXTURE_CENTRE, FIXTURE_THEMES, generateSearchDocuments } from '../src/workers/kaart-fixtures';
import type { SearchDocument, SearchFilters } from '../src/workers/kaart-search-types';
import { launchChromium } from '../tests/e2e/chromium';
import { onCleanup, runCleanups } from './servers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---- figures ----

/** Round trips in milliseconds, measured in the page with performance.now(). */
export interface Latency {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export type QueryKind = 'prefix' | 'word' | 'typo' | 'synonym' | 'browse' | 'filtered';

export interface KaartSearchFigures {
  services: number;
  chromium: string;
  workerFile: string;
  /** new Worker() until the first size() answer (script load and parse included) */
  startMs: number;
  /** build(docs) of all services, the first time (cold) */
  buildMs: number;
  /** build(docs) once more, on a warm worker: the baseline of an incremental update */
  rebuildMs: number;
  /** upsert(100 changed services), each round other services; milliseconds per round */
  upsertMs: number[];
  upsertMedianMs: number;
  upsertCount: number;
  /** size(): a no-op through Comlink, the messaging cost alone */
  size: Latency;
  search: Latency;
  firstSearchMs: number;
  byKind: (Latency & { kind: QueryKind; examples: string; meanHits: number; zeroHits: number })[];
}

export interface KaartImportFigures {
  rows: number;
  organisations: number;
  csvBytes: number;
  papaparseMs: number;
  previewMs: number;
  applyMappingMs: number;
  planMs: number;
  saveMs: number;
  totalMs: number;
  /** records written by saveKaartEdits (all entities) */
  records: number;
  recordsByEntity: Record<string, number>;
  importedRows: number;
  errors: number;
  warnings: number;
  duplicates: number;
  /** rows in the database after the save */
  storedServices: number;
  storedOutbox: number;
}

export interface KaartInitialCheck {
  initialFiles: string[];
  /** minisearch among the modules Rollup put into an initial chunk */
  miniSearchModuleInInitial: boolean;
  /** the marker text of MiniSearch's own error messages in an initial chunk */
  miniSearchTextInInitial: boolean;
  /** the worker chunk does hold minisearch (so the check above can see it at all) */
  miniSearchInWorker: boolean;
  buildSeconds: number;
}

export interface KaartFigures {
  search: KaartSearchFigures;
  import: KaartImportFigures;
  initial: KaartInitialCheck;
  warnings: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function latency(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1] ?? 0) };
}

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);

// ---- 1. the production build, and what its initial JS holds ----

interface Built {
  outDir: string;
  workerFile: string;
  initial: KaartInitialCheck;
}

/** Attribute values of every tag of one name (enough for Vite's own index.html). */
function tagAttributes(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))].map((match) =>
    Object.fromEntries([...match[1].matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ''])));
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** A production `vite build` (the real vite.config.ts) into a temp folder, removed at cleanup. */
async function buildApp(log: (line: string) => void): Promise<Built> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'ido-bench-kaart-'));
  onCleanup('kaart build folder', () => rm(outDir, { recursive: true, force: true }));
  const modulesByChunk = new Map<string, string[]>();
  const recorder: Plugin = {
    name: 'ido-bench-kaart-chunks',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) if (output.type === 'chunk') modulesByChunk.set(output.fileName, output.moduleIds);
    },
  };
  const previousEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const started = performance.now();
  try {
    const { build } = await import('vite');
    await build({
      root: ROOT, mode: 'production', logLevel: 'warn',
      plugins: [recorder], worker: { plugins: () => [recorder] },
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (previousEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previousEnv;
  }
  const buildSeconds = (performance.now() - started) / 1000;

  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  const local = (url: string) => url.replace(/^\.?\//, '').split(/[?#]/)[0];
  const entry = tagAttributes(html, 'script').filter((t) => t.type === 'module' && t.src).map((t) => local(t.src));
  const preload = tagAttributes(html, 'link').filter((t) => (t.rel ?? '').split(/\s+/).includes('modulepreload') && t.href).map((t) => local(t.href));
  const initialFiles = [...new Set([...entry, ...preload])];
  if (initialFiles.length === 0) throw new Error('the built index.html names no module script');

  const files = await listFiles(outDir);
  const workerFile = files.find((f) => /^assets\/kaart-search\.worker-[\w-]+\.js$/.test(f));
  if (!workerFile) throw new Error(`no assets/kaart-search.worker-*.js in the build (JS files: ${files.filter((f) => f.endsWith('.js')).join(', ')})`);

  const isMiniSearch = (id: string) => /node_modules\/minisearch\//.test(id);
  // MiniSearch's own error messages start with "MiniSearch:"; minifying keeps string literals.
  const marker = 'MiniSearch:';
  const textOf = (file: string) => readFile(path.join(outDir, file), 'utf8');
  const initial: KaartInitialCheck = {
    initialFiles,
    miniSearchModuleInInitial: initialFiles.some((f) => (modulesByChunk.get(f) ?? []).some(isMiniSearch)),
    miniSearchTextInInitial: (await Promise.all(initialFiles.map(textOf))).some((text) => text.includes(marker)),
    miniSearchInWorker: (modulesByChunk.get(workerFile) ?? []).some(isMiniSearch) || (await textOf(workerFile)).includes(marker),
    buildSeconds,
  };
  log(`kaart: vite build ${buildSeconds.toFixed(1)} s; initial JS ${initialFiles.join(', ')}; worker ${workerFile}`);
  return { outDir, workerFile, initial };
}

// ---- 2. the search worker in Chromium, through Comlink ----

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm',
};

/**
 * The page's side: loads comlink's own ESM build, starts the built worker as the app does
 * (`new Worker(url, {type: 'module'})`, wrapped with Comlink) and times every call's round trip.
 * Plain JS, served as a module: nothing of it is compiled by the bench's own TypeScript loader.
 */
const HARNESS = String.raw`
import * as Comlink from './comlink.mjs';
const now = () => performance.now();
export async function run(config) {
  const docs = await (await fetch('./docs.json')).json();
  const changes = await (await fetch('./changes.json')).json();
  const openIds = new Set(await (await fetch('./open-ids.json')).json());
  const workerErrors = [];
  let t = now();
  const worker = new Worker(config.workerUrl, { type: 'module', name: 'kaart-search' });
  worker.addEventListener('error', (event) => workerErrors.push(String(event.message || 'worker error')));
  const api = Comlink.wrap(worker);
  try {
    await api.size();
    const startMs = now() - t;
    t = now();
    const built = await api.build(docs);
    const buildMs = now() - t;
    t = now();
    const rebuilt = await api.build(docs);
    const rebuildMs = now() - t;
    const sizeMs = [];
    for (let i = 0; i < config.searches; i++) {
      t = now();
      await api.size();
      sizeMs.push(now() - t);
    }
    const searches = [];
    for (let i = 0; i < config.searches; i++) {
      const q = config.queries[i % config.queries.length];
      const filters = q.nuOpen ? { ...q.filters, onlyIds: openIds } : q.filters;
      t = now();
      const hits = await api.search(q.query, filters);
      searches.push({ kind: q.kind, ms: now() - t, hits: hits.length });
    }
    const upsertMs = [];
    for (const batch of changes) {
      t = now();
      await api.upsert(batch);
      upsertMs.push(now() - t);
    }
    const markerHits = (await api.search(config.changeMarker, {})).length;
    const finalSize = await api.size();
    return { startMs, built, buildMs, rebuilt, rebuildMs, sizeMs, searches, upsertMs, markerHits, finalSize, workerErrors };
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
`;

const PAGE = '<!doctype html><html lang="nl"><meta charset="utf-8"><link rel="icon" href="data:,"><title>kaart bench</title><p>kaart bench</p></html>';

/** A static file server for the build folder, plus the bench's own files under /__bench/. 127.0.0.1, port 0. */
export async function serveStatic(root: string, extra: Record<string, string | Buffer>): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const type = CONTENT_TYPES[path.extname(pathname)] ?? 'application/octet-stream';
      if (pathname in extra) {
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(extra[pathname]);
        return;
      }
      const file = path.resolve(root, `.${pathname}`);
      if (!file.startsWith(root + path.sep)) {
        response.writeHead(403).end();
        return;
      }
      const body = await readFile(file).catch(() => undefined);
      if (body) response.writeHead(200, { 'content-type': type }).end(body);
      else response.writeHead(404).end();
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const stop = onCleanup('kaart static server', () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${port}`, stop };
}

interface BenchQuery {
  kind: QueryKind;
  query: string;
  filters: SearchFilters;
  /** add the "nu open" id set in the page (a Set, as the app passes it) */
  nuOpen?: boolean;
  /** how the table names it */
  label: string;
}

/** What people type into "Zoek hulp", with the filters of the kaart page (limit 50, as KaartPage asks). */
function benchQueries(): BenchQuery[] {
  const limit = 50;
  const q = (kind: QueryKind, query: string, filters: SearchFilters = {}, nuOpen = false): BenchQuery => {
    const filterNames = [
      ...(filters.themes ? [`theme ${filters.themes.join('|')}`] : []), ...(filters.referralMethod ? [filters.referralMethod] : []),
      ...(filters.language ? [`lang ${filters.language}`] : []), ...(filters.near ? [`near ${filters.near.maxKm} km`] : []), ...(nuOpen ? ['nu open'] : []),
    ];
    const label = `"${query}"${filterNames.map((name) => ` + ${name}`).join('')}`;
    return { kind, query, filters: { limit, ...filters }, nuOpen, label };
  };
  const near = { latitude: FIXTURE_CENTRE.latitude + 0.01, longitude: FIXTURE_CENTRE.longitude - 0.02, maxKm: 3 };
  return [
    ...['huurtoe', 'schuld', 'digi', 'taalc', 'belast', 'inburg'].map((text) => q('prefix', text)),
    ...['voedselbank', 'mantelzorg', 'huurcommissie', 'hulp bij schulden', 'computerhulp aan huis', 'inburgering'].map((text) => q('word', text)),
    ...['schuldhlp', 'belsting', 'inburgerng', 'mantelzrog', 'huurtoeslg', 'voedselbnak'].map((text) => q('typo', text)),
    ...['zorgtoeslag', 'aangifte', 'kindgebonden budget', 'bijstand', 'deurwaarder', 'eenzaam'].map((text) => q('synonym', text)),
    ...FIXTURE_THEMES.slice(0, 6).map((theme) => q('browse', '', { themes: [theme.code] })),
    q('filtered', 'schuld', { referralMethod: 'walk_in' }),
    q('filtered', 'taal', { language: 'ar' }),
    q('filtered', 'digid', { near, sort: 'distance' }),
    q('filtered', '', { near, sort: 'distance' }),
    q('filtered', 'toeslag', { themes: ['toeslagen_belasting'], referralMethod: 'appointment', language: 'en' }),
    q('filtered', 'hulp', {}, true),
  ];
}

const CHANGE_MARKER = 'markthalverhuizing';

async function benchSearch(built: Built, services: number, searches: number, log: (line: string) => void, warnings: string[]): Promise<KaartSearchFigures> {
  const docs = generateSearchDocuments(services, 1);
  // Incremental updates: five rounds of 100 services edited on the kaart (other services each round).
  const rounds = 5;
  const perRound = Math.min(100, Math.floor(services / rounds));
  const changes: SearchDocument[][] = Array.from({ length: rounds }, (_, round) =>
    docs.slice(round * perRound, (round + 1) * perRound).map((doc) => ({
      ...doc, description: `${doc.description} Tijdelijk elders vanwege de ${CHANGE_MARKER}.`, languages: [...new Set([...doc.languages, 'en'])],
    })));
  // "Nu open": the ids the page computed from the opening hours, about a third.
  const openIds = docs.filter((_, i) => i % 3 === 0).map((doc) => doc.id);
  const queries = benchQueries();

  const comlink = await readFile(path.join(ROOT, 'node_modules/comlink/dist/esm/comlink.mjs'));
  const server = await serveStatic(built.outDir, {
    '/__bench/page.html': PAGE,
    '/__bench/harness.mjs': HARNESS,
    '/__bench/comlink.mjs': comlink,
    '/__bench/docs.json': JSON.stringify(docs),
    '/__bench/changes.json': JSON.stringify(changes),
    '/__bench/open-ids.json': JSON.stringify(openIds),
  });
  const browser = await launchChromium();
  const closeBrowser = onCleanup('kaart Chromium', () => browser.close());
  try {
    const chromium = browser.version();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/__bench/page.html`);
    const config = { workerUrl: `/${built.workerFile}`, searches, queries, changeMarker: CHANGE_MARKER };
    log(`kaart: Chromium ${chromium}; ${services.toLocaleString('en')} services, ${searches} searches through Comlink…`);
    // A string, not a function: the bench's TypeScript loader cannot add helpers to code that runs in the page.
    const result = await page.evaluate(`import('/__bench/harness.mjs').then((harness) => harness.run(${JSON.stringify(config)}))`) as {
      startMs: number; built: number; buildMs: number; rebuilt: number; rebuildMs: number; sizeMs: number[];
      searches: { kind: QueryKind; ms: number; hits: number }[]; upsertMs: number[]; markerHits: number; finalSize: number; workerErrors: string[];
    };
    await page.close();
    for (const error of [...result.workerErrors, ...pageErrors]) warnings.push(`!!! kaart search page: ${error}`);
    if (result.built !== services || result.rebuilt !== services) warnings.push(`!!! kaart index holds ${result.built}/${result.rebuilt} services after build, expected ${services}`);
    if (result.finalSize !== services) warnings.push(`!!! kaart index holds ${result.finalSize} services after the upserts, expected ${services}`);
    if (result.markerHits !== rounds * perRound) warnings.push(`!!! a word of the upserted services finds ${result.markerHits}, expected ${rounds * perRound}: upsert did not update the index`);

    const kinds: QueryKind[] = ['prefix', 'word', 'typo', 'synonym', 'browse', 'filtered'];
    const byKind = kinds.map((kind) => {
      const runs = result.searches.filter((s) => s.kind === kind);
      const examples = queries.filter((q) => q.kind === kind).slice(0, 2).map((q) => q.label).join(', ');
      const zeroHits = runs.filter((s) => s.hits === 0).length;
      return { kind, examples, ...latency(runs.map((s) => s.ms)), meanHits: Math.round(runs.reduce((n, s) => n + s.hits, 0) / Math.max(1, runs.length)), zeroHits };
    });
    for (const kind of byKind) {
      if (kind.count > 0 && kind.zeroHits === kind.count) warnings.push(`!!! kaart search: every ${kind.kind} query found nothing, so its timing says little`);
    }
    const figures: KaartSearchFigures = {
      services, chromium, workerFile: built.workerFile,
      startMs: Math.round(result.startMs), buildMs: Math.round(result.buildMs), rebuildMs: Math.round(result.rebuildMs),
      upsertMs: result.upsertMs.map((ms) => Math.round(ms * 10) / 10), upsertMedianMs: Math.round(median(result.upsertMs) * 10) / 10, upsertCount: perRound,
      size: latency(result.sizeMs), search: latency(result.searches.map((s) => s.ms)), firstSearchMs: Math.round((result.searches[0]?.ms ?? 0) * 10) / 10, byKind,
    };
    log(`kaart: worker start ${figures.startMs} ms · build ${figures.buildMs} ms · rebuild ${figures.rebuildMs} ms · upsert ${perRound} ×${rounds}: ${figures.upsertMs.join(', ')} ms`);
    log(`kaart: search p50 ${figures.search.p50} · p95 ${figures.search.p95} · max ${figures.search.max} ms (first ${figures.firstSearchMs} ms); size() p50 ${figures.size.p50} · p95 ${figures.size.p95} ms`);
    for (const k of byKind) log(`  ${k.kind.padEnd(8)} ${String(k.count).padStart(4)}× p50 ${k.p50} · p95 ${k.p95} · max ${k.max} ms · ${k.meanHits} hits on average (${k.examples}, …)`);
    return figures;
  } finally {
    await closeBrowser();
    await server.stop();
  }
}

// ---- 3. a library's spreadsheet of 10,000 rows into Dexie ----

/** mulberry32, so every run imports the same file. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const SPREADSHEET_HEADERS = ['Organisatie', 'Dienst', 'Omschrijving', 'Adres', 'Postcode', 'Plaats', 'Telefoon', 'E-mail', 'Website',
  'Openingstijden', 'Thema', 'KvK', 'Hoe verwijzen', 'Talen'] as const;

// Fictional places and streets; phone numbers 0000-… and addresses on example.nl, as in demo-kaart.json.
const TOWNS = ['Rivierstad', 'Dijkdorp', 'Polderveen', 'Molenwaard', 'Heuvelrode', 'Bosmeer', 'Kanaalzijde', 'Weidebroek', 'Zandhoven', 'Uiterwaard'];
const STREETS = ['Dorpsstraat', 'Kerkplein', 'Molenweg', 'Stationsstraat', 'Schoolstraat', 'Julianalaan', 'Marktveld', 'Dijkweg', 'Beukenlaan', 'Havenkade', 'Lindehof', 'Vlasakker'];
const ORGANISATION_KINDS = ['Stichting', 'Vereniging', 'Wijkcentrum', 'Buurthuis', 'Steunpunt', 'Inloophuis', 'Coöperatie', 'Platform'];
const HOURS = ['ma-vr 9:00-17:00', 'ma t/m vr 9-17', 'di 13-16 (oneven weken)', '1e dinsdag van de maand 10-12', 'ma en wo 9.00 - 12.00 uur',
  'dagelijks 10-16', 'werkdagen 9-12 en 13-17', 'ma-vr 9:00-17:00; za 10:00-12:00', 'wo 14-16', 'do 19-21 (even weken)', 'di, do 10-12',
  'laatste vrijdag van de maand 13-15', 'Op afspraak', 'Zie website', ''];
const REFERRALS = ['Warm', 'Inloop', 'Op afspraak', 'Bellen', 'inloop', ''];
const LANGUAGE_CELLS = ['Nederlands', 'Nederlands', 'Nederlands, Engels', 'Nederlands, Arabisch, Turks', 'Nederlands, Oekraïens', 'Nederlands, Pools, Engels', 'Nederlands en Tigrinya', ''];

/** One CSV cell: quoted when it holds the delimiter, a quote or a line break. */
function cell(value: string): string {
  return /[;"\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A library's own spreadsheet: one row per service, `;`-separated, Dutch headers (Excel's Dutch
 * CSV), `rows` rows over `organisations` organisations (a few large ones, many with one or two
 * services), grouped by organisation. The first organisations are the demo kaart's own, with their
 * KvK numbers, so duplicate detection has something to find. Every value is made up.
 */
export function generateLibrarySpreadsheet(rows: number, organisations: number, seed = 7): string {
  const random = randomFrom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const slugOf = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const demo = (demoKaart as { organizations: { name: string; kvk?: string }[] }).organizations.filter((o) => o.kvk).slice(0, 10);
  const names = new Set<string>();
  const orgs = Array.from({ length: organisations }, (_, i) => {
    const theme = pick(FIXTURE_THEMES);
    // The demo organisations are spread over the file (the first ones are the large ones).
    const demoIndex = demo.findIndex((_, k) => Math.floor(((k + 0.5) * organisations) / demo.length) === i);
    let name = demoIndex >= 0 ? demo[demoIndex].name : `${pick(ORGANISATION_KINDS)} ${pick(theme.organizations)} ${pick(TOWNS)}`;
    for (let n = 2; names.has(slugOf(name)); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    names.add(slugOf(name));
    const town = pick(TOWNS);
    const addresses = Array.from({ length: random() < 0.3 ? 2 : 1 }, () => ({
      street: `${pick(STREETS)} ${1 + Math.floor(random() * 180)}`,
      postcode: `${4000 + Math.floor(random() * 999)} ${String.fromCharCode(65 + Math.floor(random() * 26), 65 + Math.floor(random() * 26))}`,
      town,
    }));
    const kvk = demoIndex >= 0 ? demo[demoIndex].kvk! : random() < 0.75 ? String(1_000_000 + i).padStart(8, '0') : '';
    return { name, slug: slugOf(name), theme, kvk, addresses, phone: `0000-${String(100 + (i % 900)).padStart(3, '0')} ${String(Math.floor(random() * 1000)).padStart(3, '0')}` };
  });
  // Every organisation has a row; the others go mostly to the first (large) ones.
  const owners = Array.from({ length: rows }, (_, i) => (i < organisations ? i : Math.floor(random() ** 2 * organisations))).sort((a, b) => a - b);
  const lines = [SPREADSHEET_HEADERS.join(';')];
  for (const o of owners) {
    const org = orgs[o];
    const theme = random() < 0.85 ? org.theme : pick(FIXTURE_THEMES);
    const second = random() < 0.15 ? pick(FIXTURE_THEMES) : undefined;
    const place = random() < 0.05 ? undefined : pick(org.addresses);
    const description = [pick(theme.sentences), pick(theme.sentences)].join(' ')
      + (random() < 0.05 ? ' Neem mee: "brieven; DigiD; bankpas".' : random() < 0.05 ? '\nGratis.' : '');
    const themeCell = [random() < 0.3 ? theme.name.replace(' & ', ' en ') : theme.name, ...(second && second !== theme ? [second.name] : [])].join(', ');
    const phones = random() < 0.1 ? '' : random() < 0.1 ? `${org.phone} of 0000-${String(Math.floor(random() * 1000)).padStart(3, '0')} 999` : org.phone;
    lines.push([
      org.name,
      random() < 0.02 ? '' : `${pick(theme.services)}${random() < 0.5 ? ` ${place?.town ?? org.addresses[0].town}` : ''}`,
      description,
      place?.street ?? '', place?.postcode ?? '', place?.town ?? '',
      phones,
      random() < 0.7 ? `${random() < 0.5 ? 'info' : pick(['balie', 'spreekuur', 'aanmelden'])}.${org.slug}@example.nl` : '',
      random() < 0.6 ? (random() < 0.5 ? `www.example.nl/${org.slug}` : `https://${org.slug}.example.nl/${slugOf(theme.name)}`) : '',
      pick(HOURS),
      themeCell,
      org.kvk,
      pick(REFERRALS),
      pick(LANGUAGE_CELLS),
    ].map(cell).join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function benchImport(rows: number, log: (line: string) => void, warnings: string[]): Promise<KaartImportFigures> {
  const organisations = Math.max(1, Math.round(rows / 5));
  const csv = generateLibrarySpreadsheet(rows, organisations);
  const demo = importHsdsJson(demoKaart).records;
  const existing: ExistingKaart = { organizations: demo.organization, locations: demo.location, services: demo.service };
  log(`kaart: spreadsheet of ${rows.toLocaleString('en')} rows over ${organisations.toLocaleString('en')} organisations, ${(csv.length / 2 ** 20).toFixed(1)} MiB`);

  // The pure steps run three times, interleaved, and the median counts (the first run pays for the JIT; printed too).
  // Baseline: the same text through papaparse alone, as previewSpreadsheet calls it.
  const timed = <T>(run: () => T): [T, number] => {
    const started = performance.now();
    const value = run();
    return [value, performance.now() - started];
  };
  const times = { papaparse: [] as number[], preview: [] as number[], applyMapping: [] as number[], plan: [] as number[] };
  let parsed!: Papa.ParseResult<string[]>;
  let preview!: ReturnType<typeof previewSpreadsheet>;
  let result!: ReturnType<typeof applyMapping>;
  let plan!: ReturnType<typeof planImport>;
  for (let round = 0; round < 3; round++) {
    let ms: number;
    [parsed, ms] = timed(() => Papa.parse<string[]>(csv, { delimiter: ';', skipEmptyLines: false }));
    times.papaparse.push(ms);
    [preview, ms] = timed(() => previewSpreadsheet(csv));
    times.preview.push(ms);
    [result, ms] = timed(() => applyMapping(preview.rows, preview.mapping, existing, { ownerOrganisationId: DEMO_ORGANISATION_ID }));
    times.applyMapping.push(ms);
    // As the tablet does: the plan (scope, unchanged records) against the tablet's kaart (empty here), then one transaction.
    [plan, ms] = timed(() => planImport(result.records, emptyDataSet(), DEMO_ORGANISATION_ID));
    times.plan.push(ms);
  }
  log(`kaart: first runs: papaparse ${Math.round(times.papaparse[0])} ms · preview ${Math.round(times.preview[0])} ms · applyMapping ${Math.round(times.applyMapping[0])} ms · plan ${Math.round(times.plan[0])} ms`);
  const [papaparseMs, previewMs, applyMappingMs, planMs] = [times.papaparse, times.preview, times.applyMapping, times.plan].map(median);
  if (parsed.data.length < rows + 1) warnings.push(`!!! papaparse read ${parsed.data.length} lines, expected ${rows + 1}`);
  if (preview.rows.length !== rows || preview.problems.length > 0) {
    warnings.push(`!!! previewSpreadsheet: ${preview.rows.length} rows, problems: ${preview.problems.map((p) => p.code).join(', ') || 'none'}`);
  }
  const unmapped = SPREADSHEET_HEADERS.filter((_, i) => !Object.values(preview.mapping).includes(i));
  if (unmapped.length > 0) warnings.push(`!!! the mapping guess left out: ${unmapped.join(', ')}`);
  if (result.errors.length > 0) {
    warnings.push(`!!! ${result.errors.length} row errors in the generated spreadsheet (first: row ${result.errors[0].row} ${result.errors[0].message}); those rows are not imported`);
  }

  const db = new IdoDb(`ido-bench-kaart-${randomUUID()}`);
  const closeDb = onCleanup('kaart Dexie database', async () => {
    db.close();
    await Dexie.delete(db.name).catch(() => {});
  });
  try {
    await db.open();
    // Written once: the import as a coordinator does it, into an empty kaart.
    const started = performance.now();
    const saved = await saveKaartEdits(db, plan.edits);
    const saveMs = performance.now() - started;
    if (!saved.ok) warnings.push(`!!! saveKaartEdits refused the import: ${saved.errors[0]?.message}`);
    const storedServices = await db.kaartServices.count();
    const storedOutbox = await db.kaartOutbox.count();
    if (storedServices !== result.records.service.length) warnings.push(`!!! Dexie holds ${storedServices} services after the import, expected ${result.records.service.length}`);
    const recordsByEntity = Object.fromEntries(KAART_ENTITIES.map((entity) => [entity, plan.edits.filter((e) => e.entity === entity).length]));
    const figures: KaartImportFigures = {
      rows, organisations, csvBytes: Buffer.byteLength(csv),
      papaparseMs: Math.round(papaparseMs), previewMs: Math.round(previewMs), applyMappingMs: Math.round(applyMappingMs), planMs: Math.round(planMs), saveMs: Math.round(saveMs),
      totalMs: Math.round(previewMs + applyMappingMs + planMs + saveMs),
      records: plan.edits.length, recordsByEntity, importedRows: result.importedRows,
      errors: result.errors.length, warnings: result.warnings.length, duplicates: result.duplicates.length, storedServices, storedOutbox,
    };
    log(`kaart: medians: papaparse ${figures.papaparseMs} ms · preview ${figures.previewMs} ms · applyMapping ${figures.applyMappingMs} ms · plan ${figures.planMs} ms · saveKaartEdits ${figures.saveMs} ms`);
    log(`kaart: ${figures.importedRows.toLocaleString('en')} rows imported, ${figures.errors} errors, ${figures.warnings} warnings, ${figures.duplicates} duplicates; `
      + `${figures.records.toLocaleString('en')} records (${Object.entries(recordsByEntity).filter(([, n]) => n > 0).map(([e, n]) => `${e} ${n}`).join(', ')})`);
    return figures;
  } finally {
    await closeDb();
  }
}

/**
 * The kaart figures: a production build (and the MiniSearch check on its initial JS), the search
 * worker in headless Chromium over `services` services with `searches` queries, and the import of
 * a spreadsheet of `services` rows. Everything it starts is registered with onCleanup.
 */
export async function benchKaart({ services = 10_000, searches = 300, log = console.log }: { services?: number; searches?: number; log?: (line: string) => void } = {}): Promise<KaartFigures> {
  const warnings: string[] = [];
  const built = await buildApp(log);
  const { initial } = built;
  if (!initial.miniSearchInWorker) warnings.push('!!! the kaart worker chunk does not seem to hold MiniSearch: the initial-JS check may be blind');
  if (initial.miniSearchModuleInInitial || initial.miniSearchTextInInitial) warnings.push(`!!! MiniSearch is in the initial JS (${initial.initialFiles.join(', ')})`);
  log(`MiniSearch in initial JS: ${initial.miniSearchModuleInInitial || initial.miniSearchTextInInitial ? 'YES' : 'no'}`);
  const search = await benchSearch(built, services, searches, log, warnings);
  const imported = await benchImport(services, log, warnings);
  return { search, import: imported, initial, warnings };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { services: { type: 'string' }, searches: { type: 'string' } } });
  const stop = () => void runCleanups().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let code = 1;
  try {
    const figures = await benchKaart({ services: values.services ? Number(values.services) : undefined, searches: values.searches ? Number(values.searches) : undefined });
    for (const warning of figures.warnings) console.warn(`WARNING: ${warning}`);
    code = 0;
  } catch (error) {
    console.error(error);
  } finally {
    await runCleanups();
  }
  process.exit(code);
}
