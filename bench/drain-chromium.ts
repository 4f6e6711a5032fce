// The drain's tablet in headless Chromium: a page of the server itself (same origin, the server's CSP) that runs
// the app's sync engine on Chromium's own IndexedDB (drain-engine.ts, bundled for it here).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { DEXIE_MODULE } from '../vite.config';
import { chromiumCpuMs, cpuSpent, type CpuMeter, type CpuSample } from './cpu';
import type { EngineTablet, EngineTask } from './drain-engine';
import { onCleanup } from './servers';

const BENCH = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes the tablet page into a fresh folder (for the server's `appDirectory`): index.html and its module, which
 * gives the page `drainBench`. Minified (not for a CPU profile: drain-profile.ts), with the app's own Dexie build (vite.config.ts).
 */
export async function writeDrainPage({ minify = true } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ido-drain-page-'));
  onCleanup('drain page folder', () => rm(dir, { recursive: true, force: true }));
  await build({
    stdin: {
      contents: `import { engineDrain } from './drain-engine';
        self.drainBench = (task) => engineDrain(task, () => self.benchBusySeconds());`,
      resolveDir: BENCH, loader: 'ts', sourcefile: 'drain-page.ts',
    },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify, logLevel: 'warning',
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

/** The CPU the drain took, in ms, from its start to its end (the page asks for its busy time at both). */
/** A line as Chromium's network emulation takes it (CDP `Network.emulateNetworkConditions`): bytes per second. */
export interface NetworkConditions {
  offline: boolean;
  latency: number;
  downloadThroughput: number;
  uploadThroughput: number;
}

export interface DrainCpu {
  /** every Chromium process: the page's renderer, the browser process (IndexedDB, the network), GPU and utility */
  chromium: number;
  /** of it, by kind of process (cpu.ts, chromiumCpuMs) */
  chromiumByKind: Record<string, number>;
  /** the bench process's main thread: the server */
  server: number;
  /** the rest of the bench process: V8's helper threads (GC, compiler) and playwright-core */
  otherThreads: number;
  /** a local PostgreSQL's processes (undefined on PGlite, which runs on the server's thread, or a remote one) */
  postgres?: number;
  wall: number;
}

/**
 * Runs the sync engine's drain on a fresh tablet: a new browser context (its own IndexedDB) on the server's page at
 * `url`. The page's busy time is Chromium's own count of its main thread's tasks (CDP Performance, `TaskDuration`);
 * with `meter`, the CPU every process took during the drain too (`cpu`).
 */
export async function runTablet(browser: Browser, url: string, task: EngineTask, meter?: CpuMeter, line?: NetworkConditions): Promise<EngineTablet & { cpu?: DrainCpu }> {
  const marks: { at: number; sample: CpuSample; chromium: Record<string, number> }[] = [];
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // A slowed line (Chromium's own network emulation, uploads too) for the page's requests, from its first one.
    if (line) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', line);
    }
    await page.exposeFunction('benchBusySeconds', async () => {
      if (meter) marks.push({ at: performance.now(), sample: meter.sample(), chromium: chromiumCpuMs() });
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN;
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => globalThis.drainBench !== undefined);
    try {
      const tablet = await page.evaluate((t) => globalThis.drainBench!(t), task);
      // the page asks at the drain's start and end
      if (marks.length !== 2) return tablet;
      const [start, end] = marks;
      const spent = cpuSpent(start.sample, end.sample);
      const chromiumByKind = Object.fromEntries(Object.entries(end.chromium).map(([kind, ms]) => [kind, ms - (start.chromium[kind] ?? 0)]));
      const chromium = Object.values(chromiumByKind).reduce((sum, ms) => sum + ms, 0);
      return { ...tablet, cpu: { chromium, chromiumByKind, server: spent.server, otherThreads: spent.clients, postgres: spent.postgres, wall: end.at - start.at } };
    } catch (error) {
      throw new Error(`drain tablet: ${error instanceof Error ? error.message : String(error)}${errors.length ? ` (page: ${errors.join('; ')})` : ''}`);
    }
  } finally {
    await context.close();
  }
}
