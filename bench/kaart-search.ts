// The kaart bench, 2: the search worker in headless Chromium, through Comlink, as the page uses it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_CENTRE, FIXTURE_THEMES, generateSearchDocuments } from '../src/workers/kaart-fixtures';
import type { SearchDocument, SearchFilters } from '../src/workers/kaart-search-types';
import { launchChromium } from '../tests/e2e/chromium';
import type { Built } from './kaart-build';
import { latency, type KaartSearchFigures, type QueryKind } from './kaart-figures';
import { serveStatic } from './serve-static';
import { onCleanup } from './servers';
import { median } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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

export async function benchSearch(built: Built, services: number, searches: number, log: (line: string) => void, warnings: string[]): Promise<KaartSearchFigures> {
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
