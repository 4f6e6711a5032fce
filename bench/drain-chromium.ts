// The drain's tablet in headless Chromium: a page of the server itself (same origin, the server's CSP) that runs
// the app's sync engine on Chromium's own IndexedDB (drain-engine.ts, bundled for it here).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { DEXIE_MODULE } from '../vite.config';
import type { EngineTablet, EngineTask } from './drain-engine';
import { onCleanup } from './servers';

const BENCH = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes the tablet page into a fresh folder (for the server's `appDirectory`): index.html and its module, which
 * gives the page `drainBench`. Minified, with the app's own Dexie build (vite.config.ts).
 */
export async function writeDrainPage(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ido-drain-page-'));
  onCleanup('drain page folder', () => rm(dir, { recursive: true, force: true }));
  await build({
    stdin: {
      contents: `import { engineDrain } from './drain-engine';
        self.drainBench = (task) => engineDrain(task, () => self.benchBusySeconds());`,
      resolveDir: BENCH, loader: 'ts', sourcefile: 'drain-page.ts',
    },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, logLevel: 'warning',
    alias: { dexie: DEXIE_MODULE },
    outfile: path.join(dir, 'drain-page.js'),
  });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>Drain</title><script type="module" src="/drain-page.js"></script></head><body></body></html>\n');
  return dir;
}

declare global {
  var drainBench: ((task: EngineTask) => Promise<EngineTablet>) | undefined;
  var benchBusySeconds: () => Promise<number>;
}

/**
 * Runs the sync engine's drain on a fresh tablet: a new browser context (its own IndexedDB) on the server's page at
 * `url`. The page's busy time is Chromium's own count of its main thread's tasks (CDP Performance, `TaskDuration`).
 */
export async function runTablet(browser: Browser, url: string, task: EngineTask): Promise<EngineTablet> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.exposeFunction('benchBusySeconds', async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN;
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => globalThis.drainBench !== undefined);
    try {
      return await page.evaluate((t) => globalThis.drainBench!(t), task);
    } catch (error) {
      throw new Error(`drain tablet: ${error instanceof Error ? error.message : String(error)}${errors.length ? ` (page: ${errors.join('; ')})` : ''}`);
    }
  } finally {
    await context.close();
  }
}
