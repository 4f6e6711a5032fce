// The first screen as a cheap tablet on a slow line sees it: FCP, LCP and CLS of a first visit (4× CPU,
// slow 4G), and an offline cold start to an interactive form (4× CPU), against the production build served
// by the real server (buildServer on PGlite, in process). Run alone: `node --import tsx bench/first-paint.ts [--dist DIR]`.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DB_NAME } from '../src/db/name';
import { buildServer } from '../src/server/app';
import { migrate } from '../src/server/db/migrate';
import { openPglite } from '../src/server/db/pglite';
import { seedDemoOrganisation } from '../src/server/organisations/demo';
import { useServerSecret } from '../src/server/secrets';
import { kaartSource, registerContacts, waitForControl, waitUntilTrue } from '../tests/e2e/app';
import { CHROMIUM_ARGS, ensureChromium, withChromiumArgs } from '../tests/e2e/chromium';
import { onCleanup } from './servers';
import { measuredMedian, median } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Lighthouse's mobile profile: 4× CPU, 150 ms RTT, 1.6 Mbps down, 750 kbps up. */
export const CPU_SLOWDOWN = 4;
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
/** The goals of issue 15. */
export const GOALS = { fcpMs: 1_200, lcpMs: 1_800, cls: 0.01, coldStartMs: 400 };

export interface PaintFigures {
  /** medians over the runs */
  fcpMs: number;
  lcpMs: number;
  /** each run's largest contentful paint */
  lcpRuns: number[];
  cls: number;
  /** the tag and id of the largest contentful paint element (of the last run) */
  lcpElement: string;
  runs: number;
}

export interface FirstPaintFigures {
  /** a first visit (fresh profile: the koppelen screen) of the app */
  app: PaintFigures;
  /** the floor: a minimal static page (one heading, one paragraph, no CSS, no JS) from the same server */
  floor: PaintFigures;
  /** offline cold start (browser restarted, service worker from disk) to an interactive form: median and each run */
  coldStartMs: number;
  coldStartRuns: number[];
  /** the first contentful paint of the same cold starts (median): the shell before the form */
  coldStartFcpMs: number;
  /** the same cold start of a static page with the form in its HTML, served offline by a minimal service worker (COLD_FLOOR_FILES): median and each run */
  coldStartFloorMs: number;
  coldStartFloorRuns: number[];
  /** the same, of a page whose small script reads one IndexedDB row and draws the form (COLD_FLOOR_FILES): median and each run */
  coldStartScriptFloorMs: number;
  coldStartScriptFloorRuns: number[];
  /** the same, of the app's own form page as static HTML with its CSS and no script (writeFormFloor): median and each run */
  coldStartFormFloorMs: number;
  coldStartFormFloorRuns: number[];
  /**
   * When the form of those same cold starts is on the screen: the frame that shows it presented (Element Timing on
   * its Opslaan button), for the app, the static floor and the app's form as static HTML; medians (since session 29).
   * The figure above ends when the form is in the page; its first frame (style, layout, paint) comes after.
   */
  coldStartOnScreenMs?: number;
  coldStartOnScreenRuns?: number[];
  coldStartFloorOnScreenMs?: number;
  coldStartFormFloorOnScreenMs?: number;
  /** the app's same cold start on a tablet in use (IN_USE_REGISTRATIONS registrations on it): median and each run (since session 26) */
  coldStartInUseMs?: number;
  coldStartInUseRuns?: number[];
  /** Lighthouse 12, mobile profile (simulated slow 4G, 4× CPU), performance category; undefined when it is not installed */
  lighthouse?: LighthouseFigures;
  /** the same Lighthouse run on the static floor page */
  lighthouseFloor?: LighthouseFigures;
  /**
   * Lighthouse 12's mobile profile with applied throttling (`throttlingMethod: 'devtools'`): the page really runs
   * at 4× CPU on a slowed line, where the default simulates it from a run at full speed (which on this 2-core
   * machine multiplies whatever else the machine did during that run by four).
   */
  lighthouseApplied?: LighthouseFigures;
  /** the same applied run on the static floor page */
  lighthouseAppliedFloor?: LighthouseFigures;
  warnings: string[];
}

export interface LighthouseFigures {
  /** the median run's score (of the runs, by score) */
  score: number;
  /** every run's score, in order */
  scores: number[];
  fcpMs: number;
  lcpMs: number;
  cls: number;
  tbtMs: number;
  /** time to interactive: the last long task before five quiet seconds */
  ttiMs: number;
  /** why a run gave no score (its score is then NaN, printed as "failed", and the median leaves it out) */
  failure?: string;
  /** the run's longest main-thread tasks as Lighthouse's long-tasks audit gives them (simulated when the run is): where its TBT came from */
  longTasks?: { url: string; startMs: number; durationMs: number }[];
  /** in a median: every run's figures, in order (a low run is then told apart from a high one) */
  runs?: LighthouseFigures[];
}

/** The Lighthouse the bench installs for itself when none is at hand (pinned, so runs compare). */
export const LIGHTHOUSE_VERSION = '12.8.2';
/** Where that install lives: inside the checkout, ignored by git (.tmp/), kept between runs. */
export const LIGHTHOUSE_CACHE = path.join(ROOT, '.tmp', 'lighthouse');

type LighthouseTools = {
  lighthouse: (url: string, flags: object) => Promise<{ lhr: LighthouseResult } | undefined>;
  launch: (options: object) => Promise<{ port: number; kill: () => void }>;
  /** chrome-launcher's own flags, which it puts before ours */
  defaultFlags: () => string[];
};

/** Imports Lighthouse and its Chrome launcher from a folder's node_modules, or from the bench's own when `dir` is undefined. */
async function importLighthouse(dir: string | undefined): Promise<LighthouseTools | undefined> {
  const from = (name: string, file: string) => (dir ? pathToFileURL(path.join(dir, 'node_modules', name, file)).href : name);
  try {
    const lighthouse = (await import(from('lighthouse', 'core/index.js'))) as { default: LighthouseTools['lighthouse'] };
    const launcher = (await import(from('chrome-launcher', 'dist/index.js'))) as { launch: LighthouseTools['launch']; Launcher: { defaultFlags: () => string[] } };
    return { lighthouse: lighthouse.default, launch: launcher.launch, defaultFlags: () => launcher.Launcher.defaultFlags() };
  } catch {
    return undefined;
  }
}

/**
 * Lighthouse is not a dependency of the project (two hundred packages that `npm install && npm start` should not
 * fetch). The bench finds it in LIGHTHOUSE_DIR, in node_modules, or in its own cache folder; when it is in none of
 * them it installs the pinned version into that cache once (`npm install --prefix .tmp/lighthouse`, about 20 s),
 * so `npm run bench` prints the score on a fresh machine too. Without the npm registry it says why it skipped.
 */
async function loadLighthouse(warnings: string[], log: (line: string) => void): Promise<LighthouseTools | undefined> {
  const dir = process.env.LIGHTHOUSE_DIR;
  if (dir) {
    const tools = await importLighthouse(dir);
    if (!tools) warnings.push(`first-paint: Lighthouse skipped: not found in LIGHTHOUSE_DIR=${dir}`);
    return tools;
  }
  const found = (await importLighthouse(undefined)) ?? (await importLighthouse(LIGHTHOUSE_CACHE));
  if (found) return found;
  log(`first-paint: Lighthouse ${LIGHTHOUSE_VERSION} is not installed; installing it into .tmp/lighthouse (once)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['install', '--prefix', LIGHTHOUSE_CACHE, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `lighthouse@${LIGHTHOUSE_VERSION}`], { encoding: 'utf8', timeout: 300_000 });
  const tools = install.status === 0 ? await importLighthouse(LIGHTHOUSE_CACHE) : undefined;
  if (!tools) {
    const why = (install.stderr || install.error?.message || `npm exited with ${install.status}`).trim().split('\n').slice(-1)[0];
    warnings.push(`first-paint: Lighthouse skipped: installing lighthouse@${LIGHTHOUSE_VERSION} failed (${why}); install it beside the bench (npm i --no-save lighthouse@12) or set LIGHTHOUSE_DIR`);
  }
  return tools;
}

interface LighthouseResult {
  /** null when a metric it needs could not be measured (runtimeError or the audit's errorMessage says why) */
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number; errorMessage?: string; details?: { items?: { url?: string; startTime?: number; duration?: number }[] } }>;
  runtimeError?: { code: string; message: string };
}

/** One Lighthouse run (its mobile profile; simulated throttling unless `devtools`) of `url`: the performance score and its figures. */
async function runLighthouse(url: string, tools: LighthouseTools, throttlingMethod: 'simulate' | 'devtools' = 'simulate'): Promise<LighthouseFigures> {
  // chrome-launcher's defaults and ours in one list: its `--disable-features` and ours merged (withChromiumArgs).
  const chromeFlags = withChromiumArgs(tools.defaultFlags()).map((flag) => (flag === '--headless' ? '--headless=new' : flag));
  const chrome = await tools.launch({ chromePath: ensureChromium(), ignoreDefaultFlags: true, chromeFlags });
  try {
    const result = await tools.lighthouse(url, { port: chrome.port, onlyCategories: ['performance'], throttlingMethod, output: 'json', logLevel: 'error' });
    if (!result) throw new Error('Lighthouse gave no result');
    const value = (id: string) => result.lhr.audits[id]?.numericValue ?? Number.NaN;
    const score = result.lhr.categories.performance.score;
    if (score === null) {
      // A run that could not score (a metric failed): kept as a failed run with its reason, not taken as 0.
      const failed = Object.entries(result.lhr.audits).filter(([, audit]) => audit.errorMessage).map(([id, audit]) => `${id}: ${audit.errorMessage}`);
      const failure = result.lhr.runtimeError ? `${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}` : failed.join('; ') || 'no score';
      return { score: Number.NaN, scores: [Number.NaN], failure, fcpMs: Number.NaN, lcpMs: Number.NaN, cls: Number.NaN, tbtMs: Number.NaN, ttiMs: Number.NaN };
    }
    const longTasks = (result.lhr.audits['long-tasks']?.details?.items ?? [])
      .map((task) => ({ url: task.url ?? '', startMs: Math.round(task.startTime ?? 0), durationMs: Math.round(task.duration ?? 0) }))
      .sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
    return { score, scores: [score], fcpMs: value('first-contentful-paint'), lcpMs: value('largest-contentful-paint'), cls: value('cumulative-layout-shift'), tbtMs: value('total-blocking-time'), ttiMs: value('interactive'), longTasks };
  } finally {
    chrome.kill();
  }
}

/** The runs that gave a score, lowest score first. */
function scoredByScore(runs: readonly LighthouseFigures[]): LighthouseFigures[] {
  return runs.filter((run) => !Number.isNaN(run.score)).sort((a, b) => a.score - b.score);
}

/**
 * The run with the median score (the lower middle one of an even count), with every run's score beside it.
 * Failed runs (no score) count in the list but not for the median; when every run failed, the first one.
 */
export function medianRun(runs: readonly LighthouseFigures[]): LighthouseFigures {
  const byScore = scoredByScore(runs);
  return { ...(byScore[Math.floor((byScore.length - 1) / 2)] ?? runs[0]), scores: runs.map((run) => run.score), runs: [...runs] };
}

/** Records paint, LCP and layout-shift entries from the very start of the document. */
const OBSERVE = `(() => {
  const seen = { fcp: undefined, lcp: undefined, lcpElement: '', cls: 0, formAt: undefined, formOnScreenAt: undefined };
  Object.defineProperty(window, '__paint', { value: seen });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') seen.fcp = e.startTime; }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) { seen.lcp = e.startTime; seen.lcpElement = e.element ? e.element.tagName.toLowerCase() + (e.element.id ? '#' + e.element.id : '') + (e.element.className ? '.' + String(e.element.className).split(' ')[0] : '') : '(gone)'; } }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) seen.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
  // The form is on the screen once the frame that paints its Opslaan button is presented (Element Timing: the
  // button is marked before its first paint, in the same microtask that sees it).
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.identifier === 'ido-bench-form' && seen.formOnScreenAt === undefined) { seen.formOnScreenAt = e.renderTime || e.startTime; console.debug('ido-bench:form-on-screen'); } }).observe({ type: 'element', buffered: true });
  // The form is interactive once Preact drew it with its handlers: the Opslaan button of the registration form.
  const look = () => {
    const button = seen.formAt === undefined && document.querySelector('form[aria-labelledby="form-heading"] button[type="submit"]');
    if (!button) return;
    seen.formAt = performance.now();
    button.setAttribute('elementtiming', 'ido-bench-form');
    console.debug('ido-bench:form');
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
})();`;

interface Observed { fcp?: number; lcp?: number; lcpElement: string; cls: number; formAt?: number; formOnScreenAt?: number }
const observed = (page: Page) => page.evaluate(() => (window as unknown as { __paint: Observed }).__paint);

async function throttle(context: BrowserContext, page: Page, network: boolean, rate = CPU_SLOWDOWN): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
}

/**
 * First visits in a fresh profile of each target, `runs` each, taking turns (app, floor, app, …) in one browser, so
 * a busy moment of the machine slows both alike: FCP, LCP and CLS once the page is quiet, the medians of each target's runs.
 */
async function firstVisits(targets: Array<{ url: string; ready: (page: Page) => Promise<void> }>, runs: number): Promise<PaintFigures[]> {
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  const close = onCleanup('first-paint browser', () => browser.close());
  const results: Observed[][] = targets.map(() => []);
  try {
    for (let run = 0; run < runs; run++) {
      for (const [index, { url, ready }] of targets.entries()) {
        const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
        const page = await context.newPage();
        await page.addInitScript(OBSERVE);
        await throttle(context, page, true);
        await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        await ready(page);
        await page.waitForTimeout(1_500); // late shifts and a late LCP candidate still count
        results[index].push(await observed(page));
        await context.close();
      }
    }
  } finally {
    await close();
  }
  return results.map((observations) => ({
    fcpMs: median(observations.map((r) => r.fcp ?? Number.NaN)),
    lcpMs: median(observations.map((r) => r.lcp ?? Number.NaN)),
    lcpRuns: observations.map((r) => r.lcp ?? Number.NaN),
    cls: median(observations.map((r) => r.cls)),
    lcpElement: observations.at(-1)?.lcpElement ?? '',
    runs,
  }));
}

/** One offline cold start: navigation start → interactive form, its first paint, and where the time went. */
export interface ColdStartRun {
  /** the form in the page, drawn with its handlers (the figure of issue 15) */
  formAt: number;
  /** the frame that shows that form presented (its Opslaan button's Element Timing); undefined when none came within 10 s */
  formOnScreenAt?: number;
  fcp?: number;
  /** ms since navigation start: navigation timing, the end of each script and style sheet, and the page's own performance marks */
  timings: Record<string, number>;
}

/** What the page saw of its own start: navigation timing, resources and marks, in ms since navigation start. */
const TIMINGS = () => {
  const out: Record<string, number> = {};
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav) {
    for (const key of ['workerStart', 'fetchStart', 'responseStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd'] as const) out[key] = nav[key];
  }
  for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const name = r.name.split('/').pop()!.replace(/-[\w-]{8}\.(js|css)$/, '.$1');
    if (/\.(js|css)$/.test(name)) out[`${name} end`] = r.responseEnd;
  }
  for (const m of performance.getEntriesByType('mark')) out[m.name] = m.startTime;
  return out;
};

/**
 * Puts `count` registrations on the tablet, as one saved through the form and copies of it a minute apart going back
 * (new ids; sent, as most of a tablet's are): a tablet in use holds its last weeks' contacts (purged after 30 days),
 * and its first screen reads the newest 200 of them (src/db/first-screen.ts).
 */
async function storeRegistrations(page: Page, count: number): Promise<void> {
  await registerContacts(page, 1);
  await page.evaluate(({ copies, name }) => new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const idb = request.result;
      const tx = idb.transaction('registrations', 'readwrite');
      const store = tx.objectStore('registrations');
      const all = store.getAll();
      all.onsuccess = () => {
        const saved = (all.result as { savedAt: string }[])[0];
        for (let i = 1; i <= copies; i++) {
          const savedAt = new Date(Date.parse(saved.savedAt) - i * 60_000).toISOString();
          store.put({ ...saved, id: crypto.randomUUID(), savedAt, day: savedAt.slice(0, 10), syncState: 'sent' });
        }
      };
      tx.oncomplete = () => { idb.close(); resolve(); };
      tx.onabort = () => { idb.close(); reject(tx.error); };
    };
  }), { copies: count - 1, name: DB_NAME });
}

/**
 * Installs the app in a persistent profile (service worker, enrollment skipped, the form once); returns
 * a function that restarts the browser offline at 4× CPU and times navigation start → interactive form
 * (optionally writing a Chromium trace of that start).
 */
export async function installForColdStart(url: string, options: { cpuRate?: number; cpuProfile?: boolean; floor?: boolean; keepForm?: (form: KeptForm) => Promise<void>; registrations?: number } = {}): Promise<(trace?: string) => Promise<ColdStartRun>> {
  const { cpuRate = CPU_SLOWDOWN, cpuProfile = false, floor = false, keepForm, registrations = 0 } = options;
  const profile = await mkdtemp(path.join(tmpdir(), 'ido-bench-profile-'));
  onCleanup('first-paint profile', () => rm(profile, { recursive: true, force: true }));
  const launch = () => chromium.launchPersistentContext(profile, { executablePath: ensureChromium(), args: CHROMIUM_ARGS, viewport: { width: 800, height: 1_280 } });
  const install = await launch();
  const page = install.pages()[0] ?? await install.newPage();
  await page.goto(url);
  await waitForControl(page, 60_000);
  if (!floor) {
    await page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    // "Nu niet" writes the example kaart: a tablet that tried the app out starts with it.
    await waitUntilTrue(async () => (await kaartSource(page)) === 'demo', 'the example kaart is stored', 60_000);
    if (keepForm) await keepForm(await page.evaluate(KEEP_FORM));
    if (registrations > 0) await storeRegistrations(page, registrations);
  }
  await page.waitForTimeout(2_000); // the precache settles
  await install.close();

  return async (trace?: string) => {
    const context = await launch();
    try {
      await context.setOffline(true);
      const cold = context.pages()[0] ?? await context.newPage();
      await cold.addInitScript(OBSERVE);
      await throttle(context, cold, false, cpuRate);
      const cdp = trace ? await context.newCDPSession(cold) : undefined;
      if (cdp) {
        await cdp.send('Tracing.start', {
          transferMode: 'ReturnAsStream',
          traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'blink', 'loading', 'navigation', 'ServiceWorker', 'IndexedDB', 'toplevel', 'blink.user_timing',
            ...(cpuProfile ? ['disabled-by-default-devtools.timeline.stack', 'disabled-by-default-v8.cpu_profiler'] : [])] },
        });
      }
      // Waits for the page's own console line, not with waitForFunction: that injects Playwright's script
      // into the page as it starts, about 40 ms of its main thread at 4× CPU in the middle of the measurement.
      const formSeen = cold.waitForEvent('console', { predicate: (message) => message.text() === 'ido-bench:form', timeout: 60_000 });
      const onScreen = cold.waitForEvent('console', { predicate: (message) => message.text() === 'ido-bench:form-on-screen', timeout: 70_000 }).catch(() => undefined);
      await cold.goto(url, { timeout: 60_000 });
      await formSeen;
      await Promise.race([onScreen, cold.waitForTimeout(10_000)]);
      const seen = await observed(cold);
      const timings = await cold.evaluate(TIMINGS);
      if (cdp && trace) {
        const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream!)));
        await cdp.send('Tracing.end');
        const stream = await done;
        const chunks: string[] = [];
        for (;;) {
          const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream }) as { data: string; eof: boolean; base64Encoded?: boolean };
          chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString() : data);
          if (eof) break;
        }
        await cdp.send('IO.close', { handle: stream });
        await writeFile(trace, chunks.join(''));
      }
      return { formAt: seen.formAt!, formOnScreenAt: seen.formOnScreenAt, fcp: seen.fcp, timings };
    } finally {
      await context.close();
    }
  };
}

/** How many registrations the tablet in use holds: its last weeks' contacts (purged after 30 days); the form reads the newest 200. */
export const IN_USE_REGISTRATIONS = 300;

/**
 * Installs the app (a fresh tablet, and one in use), and the three floor pages (the form floor from the app's own
 * page), then `runs` offline cold starts of each to the interactive form, taking turns (the order rotating too), so a
 * busy machine slows all five alike.
 */
async function offlineColdStart(url: string, dist: string, floors: Record<ColdFloor, string>, runs: number): Promise<{ times: number[]; fcps: number[]; onScreen: number[]; inUseTimes: number[]; floorTimes: Record<ColdFloor, number[]>; floorOnScreen: Record<ColdFloor, number[]> }> {
  const app = await installForColdStart(`${url}/`, { keepForm: (form) => writeFormFloor(dist, form) });
  const inUse = await installForColdStart(`${url}/`, { registrations: IN_USE_REGISTRATIONS });
  const times: number[] = [];
  const fcps: number[] = [];
  const onScreen: number[] = [];
  const inUseTimes: number[] = [];
  const floorTimes: Record<ColdFloor, number[]> = { static: [], script: [], form: [] };
  const floorOnScreen: Record<ColdFloor, number[]> = { static: [], script: [], form: [] };
  const starts: (() => Promise<void>)[] = [async () => {
    const seen = await app();
    times.push(seen.formAt);
    fcps.push(seen.fcp ?? Number.NaN);
    onScreen.push(seen.formOnScreenAt ?? Number.NaN);
  }, async () => { inUseTimes.push((await inUse()).formAt); }];
  for (const floor of Object.keys(floors) as ColdFloor[]) {
    const start = await installForColdStart(`${url}${floors[floor]}`, { floor: true });
    starts.push(async () => {
      const seen = await start();
      floorTimes[floor].push(seen.formAt);
      floorOnScreen[floor].push(seen.formOnScreenAt ?? Number.NaN);
    });
  }
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < starts.length; i++) await starts[(run + i) % starts.length]();
  }
  return { times, fcps, onScreen, inUseTimes, floorTimes, floorOnScreen };
}

/** The head of every floor page: what any page of the app needs, and nothing of the app. */
const FLOOR_HEAD_TAGS = '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>IDO Onderweg</title>';
const FLOOR_HEAD = `<!doctype html><html lang="nl"><head>${FLOOR_HEAD_TAGS}`;
const FLOOR_HTML = `${FLOOR_HEAD}</head>`
  + '<body><h1>IDO Onderweg</h1><p>Registreer IDO-contacten en vind hulp in de buurt, ook zonder internet. Koppel deze tablet met de koppelcode van uw coördinator.</p></body></html>';

/**
 * The cold start's floors: what this browser and machine take, in the same harness, to show a form offline
 * with no app at all. Each is served from the cache by a service worker of four lines and waits for the same
 * selector as the app's form.
 * - `static`: a form of one field in the page's HTML; no CSS, no script but the worker's registration.
 * - `script`: the least an offline app with data does: the HTML has no form; one small module script opens
 *   IndexedDB, reads one row and draws that form with it (DOM calls, no framework, no CSS).
 * - `form`: the app's own form page, kept from the app after its start (writeFormFloor): the same elements and
 *   CSS as static HTML, no script. What showing this form costs the browser itself.
 * Everything above `form` is the app's own start: its JS (Preact, Dexie, the code), its reads and drawing the form.
 */
export type ColdFloor = 'static' | 'script' | 'form';

/** The app's form page as it stood after its start: its elements without any script, and every CSS rule it had. */
export interface KeptForm { html: string; css: string }
const KEEP_FORM = (): KeptForm => {
  const css = [...document.styleSheets].map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('\n')).join('\n');
  const page = document.documentElement.cloneNode(true) as HTMLElement;
  for (const element of page.querySelectorAll('script, style, link')) element.remove();
  return { html: page.outerHTML, css };
};

/**
 * The third floor, `form`: the app's own first screen (its 198 elements and all its CSS, kept from the app as it
 * stood after its start) as a static page. What the browser alone takes to show that form, with no script.
 */
export async function writeFormFloor(dist: string, form: KeptForm): Promise<void> {
  // The app's own <html> (its lang and classes) stays; its head becomes the other floors' head, with the kept CSS.
  const head = `<head>${FLOOR_HEAD_TAGS}<link rel="stylesheet" href="/bench-floor/form.css"><script type="module" src="/bench-floor/start.js"></script>`;
  await writeFile(path.join(dist, 'bench-floor', 'form.html'), `<!doctype html>${form.html.replace(/<head>[\s\S]*?<\/head>/, `${head}</head>`)}`);
  await writeFile(path.join(dist, 'bench-floor', 'form.css'), form.css);
}
export const COLD_FLOOR_FILES: Record<string, string> = {
  'bench-floor/index.html': `${FLOOR_HEAD}<script type="module" src="/bench-floor/start.js"></script></head><body><h1>IDO Onderweg</h1>`
    + '<form aria-labelledby="form-heading"><h2 id="form-heading">Nieuw contact registreren</h2><label>Onderwerp <input name="onderwerp"></label><button type="submit">Opslaan</button></form></body></html>',
  'bench-floor/start.js': "navigator.serviceWorker.register('/bench-floor/sw.js', { scope: '/bench-floor/' });\n",
  'bench-floor/script.html': `${FLOOR_HEAD}<script type="module" src="/bench-floor/script.js"></script></head><body><h1>IDO Onderweg</h1></body></html>`,
  'bench-floor/script.js': [
    "navigator.serviceWorker.register('/bench-floor/sw.js', { scope: '/bench-floor/' });",
    "const open = indexedDB.open('bench-floor', 1);",
    "open.onupgradeneeded = () => open.result.createObjectStore('settings').put({ name: 'Bibliotheek Centrum' }, 'place');",
    'open.onsuccess = () => {',
    "  const read = open.result.transaction('settings').objectStore('settings').get('place');",
    '  read.onsuccess = () => {',
    "    const form = document.createElement('form');",
    "    form.setAttribute('aria-labelledby', 'form-heading');",
    "    const heading = form.appendChild(document.createElement('h2'));",
    "    heading.id = 'form-heading';",
    "    heading.textContent = 'Nieuw contact registreren';",
    "    form.appendChild(document.createElement('p')).textContent = read.result.name;",
    "    const label = form.appendChild(document.createElement('label'));",
    "    label.append('Onderwerp ', Object.assign(document.createElement('input'), { name: 'onderwerp' }));",
    "    const button = Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Opslaan' });",
    "    form.addEventListener('submit', (event) => event.preventDefault());",
    '    form.appendChild(button);',
    '    document.body.appendChild(form);',
    '  };',
    '};',
  ].join('\n'),
  'bench-floor/sw.js': [
    "const FILES = ['/bench-floor/index.html', '/bench-floor/start.js', '/bench-floor/script.html', '/bench-floor/script.js', '/bench-floor/form.html', '/bench-floor/form.css'];",
    "self.addEventListener('install', (event) => event.waitUntil(caches.open('bench-floor').then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting())));",
    "self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));",
    "self.addEventListener('fetch', (event) => event.respondWith(caches.match(event.request).then((hit) => hit ?? fetch(event.request))));",
  ].join('\n'),
  // writeFormFloor writes these from the app's own page before the floors are installed
  'bench-floor/form.html': `${FLOOR_HEAD}</head><body><p>Nog niet overgenomen van de app.</p></body></html>`,
  'bench-floor/form.css': '',
};
const COLD_FLOOR_PAGES: Record<ColdFloor, string> = { static: '/bench-floor/index.html', script: '/bench-floor/script.html', form: '/bench-floor/form.html' };

/** Writes the cold start's floor pages into a build folder (beside the app, which it leaves alone); returns their paths. */
export async function writeColdFloor(dist: string): Promise<Record<ColdFloor, string>> {
  await mkdir(path.join(dist, 'bench-floor'), { recursive: true });
  for (const [file, text] of Object.entries(COLD_FLOOR_FILES)) await writeFile(path.join(dist, file), text);
  return COLD_FLOOR_PAGES;
}

/**
 * Builds the app (or takes `dist`), serves it with the real server and measures. `runs` first visits of
 * each page, `coldStarts` offline cold starts.
 */
export async function benchFirstPaint(options: { dist?: string; runs?: number; coldStarts?: number; lighthouseRuns?: number; log?: (line: string) => void } = {}): Promise<FirstPaintFigures> {
  const { runs = 5, coldStarts = 5, lighthouseRuns = 3, log = () => undefined } = options;
  const warnings: string[] = [];
  let dist = options.dist;
  if (!dist) {
    dist = await mkdtemp(path.join(tmpdir(), 'ido-bench-paint-'));
    const built = dist;
    onCleanup('first-paint build', () => rm(built, { recursive: true, force: true }));
    log('first-paint: vite build (production)…');
    const previousEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const { build } = await import('vite');
      await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: built, emptyOutDir: true } });
    } finally {
      if (previousEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previousEnv;
    }
  }
  await writeFile(path.join(dist, 'bench-floor.html'), FLOOR_HTML);
  const floorPages = await writeColdFloor(dist);

  useServerSecret(randomBytes(32));
  const db = await openPglite();
  const closeDb = onCleanup('first-paint database', () => db.close());
  await migrate(db);
  await seedDemoOrganisation(db);
  const app = await buildServer({ db, version: 'bench', appDirectory: dist });
  const closeApp = onCleanup('first-paint server', () => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    log(`first-paint: ${runs} first visits each of the app and of a static floor page, taking turns (4× CPU, slow 4G)…`);
    const [appPaint, floor] = await firstVisits([
      { url: `${url}/`, ready: (page) => page.getByRole('heading', { name: /Tablet koppelen|Nieuw contact registreren/ }).first().waitFor({ timeout: 60_000 }) },
      { url: `${url}/bench-floor.html`, ready: async () => undefined },
    ], runs);
    log(`first-paint: ${coldStarts} offline cold starts to the form (4× CPU)…`);
    const cold = await offlineColdStart(url, dist, floorPages, coldStarts);
    const figures: FirstPaintFigures = { app: appPaint, floor, coldStartMs: median(cold.times), coldStartRuns: cold.times, coldStartFcpMs: median(cold.fcps),
      coldStartFloorMs: median(cold.floorTimes.static), coldStartFloorRuns: cold.floorTimes.static,
      coldStartScriptFloorMs: median(cold.floorTimes.script), coldStartScriptFloorRuns: cold.floorTimes.script,
      coldStartFormFloorMs: median(cold.floorTimes.form), coldStartFormFloorRuns: cold.floorTimes.form,
      coldStartOnScreenMs: measuredMedian(cold.onScreen), coldStartOnScreenRuns: cold.onScreen,
      coldStartFloorOnScreenMs: measuredMedian(cold.floorOnScreen.static), coldStartFormFloorOnScreenMs: measuredMedian(cold.floorOnScreen.form),
      coldStartInUseMs: median(cold.inUseTimes), coldStartInUseRuns: cold.inUseTimes, warnings };
    if (cold.onScreen.some((t) => Number.isNaN(t))) warnings.push('first-paint: a cold start\'s form was not seen on the screen within 10 s (Element Timing); its run is left out of that median');
    const tools = await loadLighthouse(warnings, log);
    if (tools) {
      log(`first-paint: Lighthouse (mobile), ${lighthouseRuns} runs of the app and of the floor page, simulated and applied throttling, taking turns…`);
      const runs = { simulate: { app: [] as LighthouseFigures[], floor: [] as LighthouseFigures[] }, devtools: { app: [] as LighthouseFigures[], floor: [] as LighthouseFigures[] } };
      for (let run = 0; run < lighthouseRuns; run++) {
        for (const method of ['simulate', 'devtools'] as const) {
          runs[method].app.push(await runLighthouse(`${url}/`, tools, method));
          runs[method].floor.push(await runLighthouse(`${url}/bench-floor.html`, tools, method));
        }
      }
      for (const [method, pages] of Object.entries(runs)) {
        for (const [page, list] of Object.entries(pages)) {
          for (const run of list) if (run.failure) warnings.push(`Lighthouse (${method}) of the ${page} page gave no score in one run: ${run.failure}`);
        }
      }
      figures.lighthouse = medianRun(runs.simulate.app);
      figures.lighthouseFloor = medianRun(runs.simulate.floor);
      figures.lighthouseApplied = medianRun(runs.devtools.app);
      figures.lighthouseAppliedFloor = medianRun(runs.devtools.floor);
    }
    return figures;
  } finally {
    await closeApp();
    await closeDb();
  }
}

const ms = (n: number) => `${Math.round(n)} ms`;
const scoreList = (f: LighthouseFigures) => f.scores.map((score) => (Number.isNaN(score) ? 'failed' : score.toFixed(2))).join(', ');
/** A median's figures as numbers (its runs and long tasks are in latest.json's details). */
const lighthouseNumbers = ({ runs: _runs, longTasks: _tasks, ...f }: LighthouseFigures) => ({ ...f, scores: scoreList(f) });
/** The lowest run beside the median, when it scored lower: its LCP, TBT and longest task say where its score went. */
export function lowestRunText(f: LighthouseFigures): string {
  const [lowest] = scoredByScore(f.runs ?? []);
  if (!lowest || lowest.score >= f.score) return '';
  const task = lowest.longTasks?.[0];
  const where = task ? `; its longest task ${ms(task.durationMs)} at ${ms(task.startMs)} (${task.url ? task.url.replace(/^https?:\/\/[^/]+/, '') : 'no script'})` : '';
  return `; the lowest run ${lowest.score.toFixed(2)}: LCP ${ms(lowest.lcpMs)} · TBT ${ms(lowest.tbtMs)}${where}`;
}

/** The figures as rows: figure, value, goal, baseline (the floor, or the shell of the same start). */
export function firstPaintRows(f: FirstPaintFigures): { figure: string; value: string; baseline: string; ratio: string; numbers?: Record<string, number | string> }[] {
  return [
    { figure: `first contentful paint, first visit (4× CPU, slow 4G; goal ≤ ${ms(GOALS.fcpMs)})`, value: ms(f.app.fcpMs), baseline: `static floor page ${ms(f.floor.fcpMs)}`,
      ratio: `+${ms(f.app.fcpMs - f.floor.fcpMs)}`, numbers: { fcpMs: f.app.fcpMs, floorFcpMs: f.floor.fcpMs, runs: f.app.runs } },
    { figure: `largest contentful paint (goal ≤ ${ms(GOALS.lcpMs)}), element ${f.app.lcpElement}`, value: ms(f.app.lcpMs), baseline: `static floor page ${ms(f.floor.lcpMs)}`,
      ratio: `+${ms(f.app.lcpMs - f.floor.lcpMs)} (runs ${f.app.lcpRuns.map((t) => Math.round(t)).join(', ')})`, numbers: { lcpMs: f.app.lcpMs, floorLcpMs: f.floor.lcpMs } },
    { figure: `cumulative layout shift at load (goal ≤ ${GOALS.cls})`, value: f.app.cls.toFixed(3), baseline: `static floor page ${f.floor.cls.toFixed(3)}`, ratio: '—', numbers: { cls: f.app.cls } },
    { figure: `offline cold start → interactive form, 4× CPU (goal ≤ ${ms(GOALS.coldStartMs)})`, value: ms(f.coldStartMs), baseline: `static floor page offline ${ms(f.coldStartFloorMs)}`,
      ratio: `+${ms(f.coldStartMs - f.coldStartFloorMs)} (its first paint ${ms(f.coldStartFcpMs)}; runs ${f.coldStartRuns.map((t) => Math.round(t)).join(', ')}; floor ${f.coldStartFloorRuns.map((t) => Math.round(t)).join(', ')})`,
      numbers: { coldStartMs: f.coldStartMs, coldStartFcpMs: f.coldStartFcpMs, coldStartFloorMs: f.coldStartFloorMs } },
    ...(f.coldStartInUseMs !== undefined ? [{
      figure: `  the same on a tablet in use (${IN_USE_REGISTRATIONS} registrations on it; the form reads the newest 200)`, value: ms(f.coldStartInUseMs), baseline: `a fresh tablet ${ms(f.coldStartMs)}`,
      ratio: `+${ms(f.coldStartInUseMs - f.coldStartMs)} (runs ${(f.coldStartInUseRuns ?? []).map((t) => Math.round(t)).join(', ')})`, numbers: { coldStartInUseMs: f.coldStartInUseMs },
    }] : []),
    ...(f.coldStartOnScreenMs !== undefined ? [{
      figure: '  the form on the screen: the frame that shows it (Element Timing on Opslaan), after its style, layout and paint', value: ms(f.coldStartOnScreenMs),
      baseline: `static floor page ${ms(f.coldStartFloorOnScreenMs ?? Number.NaN)}; the app's form as static HTML ${ms(f.coldStartFormFloorOnScreenMs ?? Number.NaN)}`,
      ratio: `+${ms(f.coldStartOnScreenMs - f.coldStartMs)} after the form is in the page; the app +${ms(f.coldStartOnScreenMs - (f.coldStartFormFloorOnScreenMs ?? Number.NaN))} above its form as static HTML (runs ${(f.coldStartOnScreenRuns ?? []).map((t) => Math.round(t)).join(', ')})`,
      numbers: { coldStartOnScreenMs: f.coldStartOnScreenMs, coldStartFloorOnScreenMs: f.coldStartFloorOnScreenMs ?? Number.NaN, coldStartFormFloorOnScreenMs: f.coldStartFormFloorOnScreenMs ?? Number.NaN },
    }] : []),
    { figure: '  the least an offline app with data does: a script reads IndexedDB, draws the form', value: ms(f.coldStartScriptFloorMs), baseline: `static floor page offline ${ms(f.coldStartFloorMs)}`,
      ratio: `+${ms(f.coldStartScriptFloorMs - f.coldStartFloorMs)}; the app +${ms(f.coldStartMs - f.coldStartScriptFloorMs)} above it (runs ${f.coldStartScriptFloorRuns.map((t) => Math.round(t)).join(', ')})`,
      numbers: { coldStartScriptFloorMs: f.coldStartScriptFloorMs } },
    { figure: '  the app\'s own form as static HTML with its CSS, no script: what the browser itself takes to show it', value: ms(f.coldStartFormFloorMs), baseline: `static floor page offline ${ms(f.coldStartFloorMs)}`,
      ratio: `+${ms(f.coldStartFormFloorMs - f.coldStartFloorMs)}; the app +${ms(f.coldStartMs - f.coldStartFormFloorMs)} above it (runs ${f.coldStartFormFloorRuns.map((t) => Math.round(t)).join(', ')})`,
      numbers: { coldStartFormFloorMs: f.coldStartFormFloorMs } },
    ...(f.lighthouse && f.lighthouseFloor ? [{
      figure: `Lighthouse 12 mobile performance score, the median of ${f.lighthouse.scores.length} runs (goal ≥ 0.95)`, value: f.lighthouse.score.toFixed(2),
      baseline: `static floor page ${f.lighthouseFloor.score.toFixed(2)} (runs ${scoreList(f.lighthouseFloor)})`,
      ratio: `runs ${scoreList(f.lighthouse)}; the median run: FCP ${ms(f.lighthouse.fcpMs)} · LCP ${ms(f.lighthouse.lcpMs)} · CLS ${f.lighthouse.cls.toFixed(3)} · TBT ${ms(f.lighthouse.tbtMs)} · TTI ${ms(f.lighthouse.ttiMs)}${lowestRunText(f.lighthouse)}`,
      numbers: { ...lighthouseNumbers(f.lighthouse), floorScore: f.lighthouseFloor.score },
    }] : [{ figure: 'Lighthouse 12 mobile performance score (goal ≥ 0.95)', value: 'skipped', baseline: 'not installed', ratio: 'npm i --no-save lighthouse@12' }]),
    // The same profile with the throttling applied, not simulated from a run at full speed (see LighthouseFigures).
    ...(f.lighthouseApplied && f.lighthouseAppliedFloor ? [{
      figure: '  the same, throttling applied (the page runs at 4× CPU on a slowed line), the median run', value: f.lighthouseApplied.score.toFixed(2),
      baseline: `static floor page ${f.lighthouseAppliedFloor.score.toFixed(2)} (runs ${scoreList(f.lighthouseAppliedFloor)})`,
      ratio: `runs ${scoreList(f.lighthouseApplied)}; the median run: FCP ${ms(f.lighthouseApplied.fcpMs)} · LCP ${ms(f.lighthouseApplied.lcpMs)} · CLS ${f.lighthouseApplied.cls.toFixed(3)} · TBT ${ms(f.lighthouseApplied.tbtMs)} · TTI ${ms(f.lighthouseApplied.ttiMs)}${lowestRunText(f.lighthouseApplied)}`,
      numbers: { ...lighthouseNumbers(f.lighthouseApplied), floorScore: f.lighthouseAppliedFloor.score },
    }] : []),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const distAt = process.argv.indexOf('--dist');
  const figures = await benchFirstPaint({ dist: distAt > 0 ? path.resolve(process.argv[distAt + 1]) : undefined, log: console.log });
  for (const row of firstPaintRows(figures)) console.log(`${row.figure.padEnd(90)} ${row.value.padStart(8)}   ${row.baseline}   ${row.ratio}`);
  for (const warning of figures.warnings) console.log(warning);
  const { runCleanups } = await import('./servers');
  await runCleanups();
}
