// The tablet's import of a regional directory (HSDS 3.0 nested JSON, 20,000 services ≈ 124,000
// records): the production build in headless Chromium, as a coordinator does it on the import
// page (read + check in the import worker, then one all-or-nothing write to IndexedDB), next to
// JSON.parse of the same file alone in the same page. See bench/README.md.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DB_NAME } from '../src/db/name';
import { launchChromium } from '../tests/e2e/chromium';
import { hsdsDirectory } from '../tests/e2e/hsds-directory';
import { buildProductionApp, openWithDemoData } from './production-app';
import { serveStatic } from './serve-static';
import { onCleanup } from './servers';

export interface TabletImportFigures {
  services: number;
  records: number;
  fileBytes: number;
  /** file chosen → preview shown (read, parse, validate, plan in the worker) */
  readMs: number;
  /** "importeren" pressed → done message (one transaction, 2,000 records a chunk) */
  writeMs: number;
  totalMs: number;
  /** JSON.parse of the same text on the page, alone */
  parseMs: number;
  /** the page thread's longest task while the import ran */
  longestTaskMs: number;
  longTasks: number;
  /** progress texts seen while writing */
  progressSeen: number;
  servicesStored: number;
}

/** Imports a generated directory of `services` services on the tablet's import page and times it. */
export async function benchTabletImport({ services = 20_000, log = console.log }: { services?: number; log?: (line: string) => void } = {}): Promise<TabletImportFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ido-bench-tablet-import-'));
  const removeDir = onCleanup('tablet import folder', () => rm(dir, { recursive: true, force: true }));
  const outDir = path.join(dir, 'dist');
  await buildProductionApp(outDir);
  const documents = hsdsDirectory(services);
  const text = JSON.stringify(documents);
  const file = path.join(dir, 'regio-hsds.json');
  await writeFile(file, text);
  const records = Math.round(documents.reduce((n, d) => n + countRecords(d), 0));
  log(`tablet import: ${services.toLocaleString('en')} services, ${records.toLocaleString('en')} records, ${(text.length / 1e6).toFixed(1)} MB…`);

  const server = await serveStatic(outDir, { '/__bench/directory.json': text });
  const browser = await launchChromium();
  const closeBrowser = onCleanup('tablet import Chromium', () => browser.close());
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openWithDemoData(page, `${server.url}/index.html`);
    await page.goto(`${server.url}/index.html#/kaart/import`);
    await page.getByRole('heading', { name: 'Kaart importeren of exporteren' }).waitFor();

    // Parsing alone, on the same page, from the same text.
    const parseMs = await page.evaluate(async () => {
      const body = await (await fetch('/__bench/directory.json')).text();
      const started = performance.now();
      JSON.parse(body);
      return performance.now() - started;
    });

    await page.evaluate(() => {
      const tasks: number[] = [];
      (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask' });
    });
    const started = performance.now();
    await page.setInputFiles('#import-file', file);
    const button = page.getByRole('button', { name: /diensten importeren$/ });
    await button.waitFor({ timeout: 300_000 });
    const read = performance.now();
    await button.click();
    const progress = new Set<string>();
    const done = page.getByText(/^Geïmporteerd: /);
    while (!(await done.isVisible())) {
      const shown = await page.locator('#import-progress-text').textContent({ timeout: 1000 }).catch(() => null);
      if (shown) progress.add(shown);
      if (performance.now() - read > 600_000) throw new Error(`the write did not finish in 10 minutes (last: ${[...progress].pop()})`);
      await page.waitForTimeout(200);
    }
    const written = performance.now();
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const servicesStored = await page.evaluate((dbName) => new Promise<number>((resolve) => {
      const open = indexedDB.open(dbName);
      open.onsuccess = () => open.result.transaction('kaartServices').objectStore('kaartServices').count().onsuccess = (e) => resolve((e.target as IDBRequest<number>).result);
    }), DB_NAME);
    if (pageErrors.length) log(`tablet import: page errors: ${pageErrors.join('; ')}`);
    const figures: TabletImportFigures = {
      services, records, fileBytes: text.length,
      readMs: Math.round(read - started), writeMs: Math.round(written - read), totalMs: Math.round(written - started), parseMs: Math.round(parseMs),
      longestTaskMs: Math.round(Math.max(0, ...tasks)), longTasks: tasks.length, progressSeen: progress.size, servicesStored,
    };
    log(`tablet import: read+check ${figures.readMs} ms · write ${figures.writeMs} ms · JSON.parse alone ${figures.parseMs} ms · longest page task ${figures.longestTaskMs} ms · ${figures.progressSeen} progress texts`);
    return figures;
  } finally {
    await closeBrowser();
    await server.stop();
    await removeDir();
  }
}

/** Records in one nested service document: the service and everything under it (its organization counted once per 10 services). */
function countRecords(document: Record<string, unknown>): number {
  const list = (value: unknown) => (Array.isArray(value) ? value as Record<string, unknown>[] : []);
  const links = list(document.service_at_locations);
  return 1 + 0.1 + list(document.phones).length + list(document.schedules).length + links.length * 2
    + list(document.attributes).filter((a) => (a.taxonomy_term as { name?: string } | undefined)?.name !== 'Koffie-inloop' && (a.taxonomy_term as { name?: string } | undefined)?.name !== 'Buurtkamer').length;
}
