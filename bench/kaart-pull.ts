// Applying pulled kaart pages on the tablet (issue 15): `applyIncomingChanges` in headless Chromium at 4× CPU,
// in pages of 500 as `pullKaart` gets them, one record a step (as before session 11) against 25 a step (the
// page's way now, PAGE_APPLY_STEP) and the whole page at once (a worker's way). Besides the time, the page
// thread's tasks over 50 ms: a pull runs while staff tap the form. Its own page, built in production mode from
// an entry that imports the sync code and nothing of the UI (as save.ts does). See bench/README.md.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../tests/e2e/chromium';
import { serveStatic } from './serve-static';
import { median } from './stats';
import { onCleanup, runCleanups } from './servers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One way of applying, over the runs: the median time and the page thread's tasks over 50 ms. */
export interface ApplyWay {
  step: number;
  ms: number;
  runs: number[];
  /** tasks over 50 ms of the page thread while applying, each run's count, and the longest of all runs */
  longTasks: number[];
  longestMs: number;
}

export interface KaartPullFigures {
  records: number;
  pages: number;
  ways: ApplyWay[];
}

/** The page's entry: `copies` copies of the example kaart with fresh ids, applied in pages of 500, `step` records a step. */
const entry = (src: (file: string) => string) => `import { IdoDb } from ${src('db/db')};
import { kaartSyncScope } from ${src('db/kaart/tables')};
import demo from ${src('shared/kaart/demo-kaart.json')};
import { importHsdsJson } from ${src('shared/kaart/hsds-json')};
import { KAART_ENTITIES } from ${src('shared/kaart/types')};
import { applyIncomingChanges } from ${src('sync/kaart-apply')};
import { KAART_PAGE_SIZE } from ${src('sync/kaart-pull')};

function changes(copies) {
  const set = importHsdsJson(demo).records;
  const out = [];
  for (let copy = 0; copy < copies; copy++) {
    const ids = new Map();
    const fresh = (id) => { let next = ids.get(id); if (!next) { next = crypto.randomUUID(); ids.set(id, next); } return next; };
    for (const entity of KAART_ENTITIES) for (const record of set[entity]) {
      const data = { ...record, id: fresh(record.id) };
      for (const key of Object.keys(data)) if (key.endsWith('_id') && typeof data[key] === 'string') data[key] = fresh(data[key]);
      out.push({ entity, id: data.id, version: 1, deleted: false, data });
    }
  }
  return out;
}

window.benchApply = async (copies, step) => {
  const db = new IdoDb('ido-bench-apply-' + step + '-' + crypto.randomUUID());
  await db.open();
  const all = changes(copies);
  const long = [];
  const observer = new PerformanceObserver((list) => { for (const task of list.getEntries()) long.push(task.duration); });
  observer.observe({ type: 'longtask' });
  const started = performance.now();
  for (let at = 0; at < all.length; at += KAART_PAGE_SIZE) {
    const page = all.slice(at, at + KAART_PAGE_SIZE);
    await db.transaction('rw', kaartSyncScope(db), () => applyIncomingChanges(db, page, new Date(), step));
  }
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  const stored = await db.kaartServices.count();
  db.close();
  return { records: all.length, pages: Math.ceil(all.length / KAART_PAGE_SIZE), stored, ms, long };
};
`;

/**
 * `copies` copies of the example kaart (237 records each), each way `runs` times in a fresh page and database,
 * the ways taking turns. The first long task of a fresh page (its first transaction) comes in every way alike.
 */
export async function benchKaartPull({ copies = 20, runs = 2, steps = [1, 25, Number.POSITIVE_INFINITY], log = console.log }:
  { copies?: number; runs?: number; steps?: number[]; log?: (line: string) => void } = {}): Promise<KaartPullFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ido-bench-kaart-pull-'));
  const removeDir = onCleanup('kaart pull folder', () => rm(dir, { recursive: true, force: true }));
  const browser = await launchChromium();
  const closeBrowser = onCleanup('kaart pull browser', () => browser.close());
  try {
    const root = path.join(dir, 'page');
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>kaart pull</title><script type="module" src="./entry.js"></script>\n');
    await writeFile(path.join(root, 'entry.js'), entry((file) => JSON.stringify(path.join(ROOT, 'src', file))));
    const { build } = await import('vite');
    await build({ root, configFile: false, mode: 'production', logLevel: 'warn', build: { outDir: path.join(root, 'dist'), emptyOutDir: true } });
    const server = await serveStatic(path.join(root, 'dist'), {});
    try {
      const results = steps.map(() => [] as Array<{ ms: number; long: number[]; records: number; pages: number; stored: number }>);
      log(`kaart pull: ${copies} copies of the example kaart applied in pages of 500, ${steps.join(' / ')} records a step, ${runs}× each (4× CPU)…`);
      for (let run = 0; run < runs; run++) {
        for (const [index, step] of steps.entries()) {
          const context = await browser.newContext();
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
          await page.goto(`${server.url}/index.html`);
          await page.waitForFunction(() => 'benchApply' in window);
          results[index].push(await page.evaluate(([c, s]) => (window as unknown as { benchApply: (c: number, s: number) => Promise<{ ms: number; long: number[]; records: number; pages: number; stored: number }> }).benchApply(c, s), [copies, step]));
          await context.close();
        }
      }
      const first = results[0][0];
      for (const [index, step] of steps.entries()) {
        for (const result of results[index]) if (result.stored !== first.stored) log(`WARNING: !!! kaart pull: ${step} a step stored ${result.stored} services, ${first.stored} the first way`);
      }
      return {
        records: first.records, pages: first.pages,
        ways: steps.map((step, index) => ({
          step, ms: median(results[index].map((r) => r.ms)), runs: results[index].map((r) => r.ms),
          longTasks: results[index].map((r) => r.long.length), longestMs: Math.max(0, ...results[index].flatMap((r) => r.long)),
        })),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await closeBrowser();
    await removeDir();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const figures = await benchKaartPull();
    for (const way of figures.ways) console.log(`${way.step} a step: ${Math.round(way.ms)} ms (runs ${way.runs.map(Math.round).join(', ')}) · long tasks ${way.longTasks.join(', ')}, longest ${Math.round(way.longestMs)} ms`);
  } finally {
    await runCleanups();
  }
}
