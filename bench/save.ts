// Saving a registration on the production build in headless Chromium: the Dexie save itself (its
// IndexedDB transaction) against a bare IndexedDB put of the same object, and the time from tapping
// "Opslaan" to a fresh form against tapping "Formulier leegmaken" (the same fresh form, no save).
// See bench/README.md.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DB_NAME } from '../src/db/name';
import type { IdoLocation } from '../src/shared/registration';
import { fillTwoQuestions } from '../tests/e2e/app';
import { CHROMIUM_ARGS, ensureChromium } from '../tests/e2e/chromium';
import { serveStatic } from './serve-static';
import { percentile } from './stats';
import { buildProductionApp, openWithDemoData } from './production-app';
import { realisticRegistrations } from './registrations';
import { onCleanup, runCleanups } from './servers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** p50 / p95 / max of some milliseconds. */
export interface Spread {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface SaveFigures {
  saves: number;
  /** the app's save transaction (Dexie: get + put in one IndexedDB readwrite transaction), created → complete */
  dexieSave: Spread;
  /** a bare IndexedDB put of the same stored object, one transaction each, created → complete */
  barePut: Spread;
  /** saveNewRegistration alone (the app's db module, production build, no form on the page), call → resolved */
  isolatedSave: Spread;
  /** a bare IndexedDB put of the same objects on that page, one transaction each */
  isolatedBarePut: Spread;
  /** tap on Opslaan → the first frame with the fresh form */
  tapToFreshForm: Spread;
  /** tap on Formulier leegmaken → the first frame with the fresh form (no save) */
  clearToFreshForm: Spread;
  /** tap on Opslaan → "Opgeslagen: …" shown (the write done) */
  tapToSavedNotice: Spread;
  warnings: string[];
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? 0 : percentile(sorted, p));
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: round(at(50)), p95: round(at(95)), max: round(sorted[sorted.length - 1] ?? 0) };
}

/**
 * Runs before the app: times every readwrite transaction on `registrations` (the app's saves) from its
 * creation to `complete`, and marks the taps on Opslaan / Formulier leegmaken with the input event's time.
 */
function instrument(dbName: string): void {
  const w = window as unknown as { __bench: { saves: number[]; tap?: { at: number; button: string } } };
  w.__bench = { saves: [] };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = transaction.apply(this, args);
    const names = typeof args[0] === 'string' ? [args[0]] : [...args[0]];
    if (this.name === dbName && args[1] === 'readwrite' && names.length === 1 && names[0] === 'registrations') {
      const started = performance.now();
      tx.addEventListener('complete', () => w.__bench.saves.push(performance.now() - started));
    }
    return tx;
  } as IDBDatabase['transaction'];
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest?.('button');
    const text = button?.textContent?.trim();
    if (text === 'Opslaan' || text === 'Formulier leegmaken') w.__bench.tap = { at: event.timeStamp, button: text };
  }, true);
}

/**
 * Arms a watcher for the fresh form (the second question gone) and, for a save, the "Opgeslagen" notice;
 * resolves with the times from the tap to the first animation frame after each.
 */
function watchFreshForm(page: Page, expectNotice: boolean): Promise<{ freshMs: number; noticeMs: number }> {
  return page.evaluate((expectNotice) => new Promise<{ freshMs: number; noticeMs: number }>((resolve) => {
    const w = window as unknown as { __bench: { tap?: { at: number } } };
    w.__bench.tap = undefined;
    const times: { fresh?: number; notice?: number } = {};
    const nextFrame = (key: 'fresh' | 'notice') => requestAnimationFrame(() => {
      times[key] = performance.now() - (w.__bench.tap?.at ?? Number.NaN);
      if (times.fresh !== undefined && (!expectNotice || times.notice !== undefined)) resolve({ freshMs: times.fresh, noticeMs: times.notice ?? Number.NaN });
    });
    let sawFresh = false;
    let sawNotice = false;
    const check = () => {
      if (!w.__bench.tap) return;
      if (!sawFresh && !document.getElementById('f-questions-1-resolved')) {
        sawFresh = true;
        nextFrame('fresh');
      }
      if (expectNotice && !sawNotice && /Opgeslagen: 1 contact/.test(document.body.textContent ?? '')) {
        sawNotice = true;
        nextFrame('notice');
      }
      if (sawFresh && (sawNotice || !expectNotice)) observer.disconnect();
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  }), expectNotice);
}

/** The same object put into a database of its own, one readwrite transaction per put, `count` times. */
async function barePuts(page: Page, count: number): Promise<number[]> {
  return page.evaluate(async ({ count, dbName }) => {
    const request = (r: IDBRequest) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const app = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open(dbName); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const stored = ((await request(app.transaction('registrations').objectStore('registrations').getAll())) as { id: string }[]).at(-1)!;
    app.close();
    const open = indexedDB.open('ido-bench-bare-put', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('registrations', { keyPath: 'id' });
    const db = await new Promise<IDBDatabase>((resolve, reject) => { open.onsuccess = () => resolve(open.result); open.onerror = () => reject(open.error); });
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const tx = db.transaction('registrations', 'readwrite', { durability: 'strict' });
      tx.objectStore('registrations').put({ ...stored, id: `${stored.id.slice(0, 24)}${String(i).padStart(12, '0')}` });
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
      times.push(performance.now() - started);
    }
    db.close();
    return times;
  }, { count, dbName: DB_NAME });
}

/**
 * The db module alone: a page of its own, built in production mode from an entry that imports
 * src/db (Dexie, IdoDb, saveNewRegistration) and nothing of the UI, saves `count` realistic
 * registrations one after another, then puts the same objects with bare IndexedDB.
 */
async function isolatedSaves(browser: BrowserContext, dir: string, count: number, log: (line: string) => void): Promise<{ save: number[]; bare: number[] }> {
  const root = path.join(dir, 'db-page');
  await mkdir(root, { recursive: true });
  const src = (file: string) => JSON.stringify(path.join(ROOT, 'src', file));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>save</title><script type="module" src="./entry.ts"></script>\n');
  await writeFile(path.join(root, 'entry.ts'), `import { IdoDb } from ${src('db/db')};
import { saveNewRegistration } from ${src('db/registrations')};
const put = (db: IDBDatabase, value: unknown) => new Promise((resolve, reject) => {
  const tx = db.transaction('registrations', 'readwrite', { durability: 'strict' });
  tx.objectStore('registrations').put(value);
  tx.oncomplete = resolve;
  tx.onerror = () => reject(tx.error);
});
(window as unknown as { benchSaves: unknown }).benchSaves = async (records: { id: string }[]) => {
  const db = new IdoDb('ido-bench-save');
  await db.open();
  const save: number[] = [];
  for (const record of records) {
    const started = performance.now();
    await saveNewRegistration(db, record as never);
    save.push(performance.now() - started);
  }
  const stored = await db.registrations.toArray();
  db.close();
  const open = indexedDB.open('ido-bench-bare', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('registrations', { keyPath: 'id' });
  const bareDb = await new Promise<IDBDatabase>((resolve, reject) => { open.onsuccess = () => resolve(open.result); open.onerror = () => reject(open.error); });
  const bare: number[] = [];
  for (const value of stored) {
    const started = performance.now();
    await put(bareDb, value);
    bare.push(performance.now() - started);
  }
  bareDb.close();
  return { save, bare, stored: stored.length };
};
`);
  const { build } = await import('vite');
  await build({ root, configFile: false, mode: 'production', logLevel: 'warn', build: { outDir: path.join(root, 'dist'), emptyOutDir: true } });
  const server = await serveStatic(path.join(root, 'dist'), {});
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => 'benchSaves' in window);
    const organisationId = randomUUID();
    const location: IdoLocation = {
      id: 'bench-centrum', organisationId, name: 'Bench Centrum', municipalityCode: 'GM0363', province: 'Noord-Holland', insideLibrary: true,
      kind: 'bibliotheek', scenarios: ['spreekuur', 'balie'], idoHoursPerWeek: 10, openedOn: '2024-01-01',
    };
    const records = realisticRegistrations(count, { deviceId: randomUUID(), organisationId, locations: [location] }, { seed: 4, questions: 2 });
    const result = await page.evaluate((records) => (window as unknown as { benchSaves: (r: unknown[]) => Promise<{ save: number[]; bare: number[]; stored: number }> }).benchSaves(records), records);
    if (result.stored !== count) log(`WARNING: !!! save (db module alone): ${result.stored} stored, expected ${count}`);
    await page.close();
    return result;
  } finally {
    await server.stop();
  }
}

/** Builds the app, opens it in Chromium with the demo data and saves `saves` contacts one after another (plus 5 not counted). */
export async function benchSave({ saves = 60, log = console.log }: { saves?: number; log?: (line: string) => void } = {}): Promise<SaveFigures> {
  const warnings: string[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'ido-bench-save-'));
  const removeDir = onCleanup('save bench folder', () => rm(dir, { recursive: true, force: true }));
  const outDir = path.join(dir, 'dist');
  await buildProductionApp(outDir);
  const server = await serveStatic(outDir, {});
  // A profile on disk, as a tablet's: an in-memory profile keeps IndexedDB in memory, where a save never waits for a disk.
  const browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: ensureChromium(), args: CHROMIUM_ARGS, viewport: { width: 1024, height: 768 }, locale: 'nl-NL',
  });
  const closeBrowser = onCleanup('save bench Chromium', () => browser.close());
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // tsx (esbuild keepNames) wraps named functions in __name(): give the page one, for the functions evaluated there
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.addInitScript(instrument, DB_NAME);
    await openWithDemoData(page, `${server.url}/index.html`);
    log(`save: ${saves} contacts (2 questions each) saved in Chromium, production build, demo data…`);

    const warmup = 5;
    const fresh: number[] = [];
    const notice: number[] = [];
    const cleared: number[] = [];
    for (let i = 0; i < warmup + saves; i++) {
      // only the timed saves' transactions count (the app may write registrations at start: purge)
      if (i === warmup) await page.evaluate(() => { (window as unknown as { __bench: { saves: number[] } }).__bench.saves = []; });
      await fillTwoQuestions(page);
      const watched = watchFreshForm(page, true);
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      const { freshMs, noticeMs } = await watched;
      if (i >= warmup) {
        fresh.push(freshMs);
        notice.push(noticeMs);
      }
      // The baseline: the same fresh form after Formulier leegmaken, without a save.
      await fillTwoQuestions(page);
      const clearedWatch = watchFreshForm(page, false);
      await page.getByRole('button', { name: 'Formulier leegmaken' }).click();
      if (i >= warmup) cleared.push((await clearedWatch).freshMs);
      else await clearedWatch;
    }
    const saveTimes = await page.evaluate(() => (window as unknown as { __bench: { saves: number[] } }).__bench.saves);
    if (saveTimes.length !== saves) warnings.push(`!!! save: saw ${saveTimes.length} save transactions on registrations, expected ${saves}`);
    const stored = await page.evaluate((dbName) => new Promise<number>((resolve) => {
      const open = indexedDB.open(dbName);
      open.onsuccess = () => { open.result.transaction('registrations').objectStore('registrations').count().onsuccess = (e) => resolve((e.target as IDBRequest<number>).result); };
    }), DB_NAME);
    if (stored < warmup + saves) warnings.push(`!!! save: ${stored} registrations stored, expected at least ${warmup + saves}`);
    const bare = (await barePuts(page, warmup + saves)).slice(warmup);
    if (pageErrors.length) warnings.push(`save: page errors: ${pageErrors.join('; ')}`);
    const isolated = await isolatedSaves(browser, dir, warmup + saves, log);
    const figures: SaveFigures = {
      saves, dexieSave: spread(saveTimes), barePut: spread(bare), isolatedSave: spread(isolated.save.slice(warmup)), isolatedBarePut: spread(isolated.bare.slice(warmup)), tapToFreshForm: spread(fresh), clearToFreshForm: spread(cleared),
      tapToSavedNotice: spread(notice), warnings,
    };
    log(`save: saveNewRegistration alone p50 ${figures.isolatedSave.p50} / p95 ${figures.isolatedSave.p95} ms (bare put ${figures.isolatedBarePut.p50} / ${figures.isolatedBarePut.p95})`);
    log(`save: in the app, save transaction p50 ${figures.dexieSave.p50} / p95 ${figures.dexieSave.p95} ms (bare put ${figures.barePut.p50} / ${figures.barePut.p95}) · `
      + `tap → fresh form p50 ${figures.tapToFreshForm.p50} / p95 ${figures.tapToFreshForm.p95} ms (clear ${figures.clearToFreshForm.p50} / ${figures.clearToFreshForm.p95})`);
    return figures;
  } finally {
    await closeBrowser();
    await server.stop();
    await removeDir();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(await benchSave({ saves: Number(process.argv[2] ?? 60) }));
  } finally {
    await runCleanups();
  }
}
