// `node --import tsx bench/drain-profile.ts [N (10000)] [FILE (.tmp/drain.cpuprofile)]`: where the drain's tablet page
// spends its main thread. The drain of drain.ts (drainOutbox of N registrations from Chromium's IndexedDB into the real
// server on a fresh PostgreSQL), with V8's CPU profile of the page (CDP Profiler, not minified) from the drain's start
// to its end: written to FILE (open it in Chromium's DevTools) and summed here by function, self and inclusive.
// The browser process's IndexedDB work (LevelDB) is not in it: drain.ts's CPU account has it as 'browser'.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openPostgres } from '../src/server/db/postgres';
import { launchChromium } from '../tests/e2e/chromium';
import { writeDrainPage } from './drain-chromium';
import type { EngineTablet } from './drain-engine';
import { createDatabase, onCleanup, runCleanups, startPostgres, startServer } from './servers';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Milliseconds per function ("name file:line"), self and inclusive (a function counted once per sample however deep it recurs). */
export function sumProfile(profile: CpuProfile): { self: Map<string, number>; inclusive: Map<string, number>; busy: number } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let busy = 0;
  profile.samples.forEach((id, i) => {
    // a sample's time is the gap to the next one
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = nodes.get(id)!;
    add(self, name(node), ms);
    if (node.callFrame.functionName === '(idle)') return;
    busy += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(nodes.get(at)!);
      if (!seen.has(key)) add(inclusive, key, ms);
      seen.add(key);
    }
  });
  return { self, inclusive, busy };
}

const top = (map: Map<string, number>, n: number) => [...map].filter(([key]) => !key.startsWith('(root)') && !key.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, n);

async function main() {
  const count = Number(process.argv[2] ?? 10_000);
  const file = process.argv[3] ?? '.tmp/drain.cpuprofile';
  const cluster = await startPostgres();
  onCleanup('drain-profile PostgreSQL', () => cluster.stop());
  const created = await createDatabase(cluster, 'ido_bench_drain_profile');
  const server = await startServer(openPostgres(created.url), 'drain-profile server', { appDirectory: await writeDrainPage({ minify: false }) });
  onCleanup('drain-profile server', async () => { await server.stop(); await created.drop(); });
  const browser = await launchChromium();
  onCleanup('drain-profile Chromium', () => browser.close());
  const page = await (await browser.newContext()).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  let started = false;
  let profile: CpuProfile | undefined;
  // The page asks for its busy time at the drain's start and at its end: the profile runs between the two.
  await page.exposeFunction('benchBusySeconds', async () => {
    if (!started) await cdp.send('Profiler.start');
    else profile = (await cdp.send('Profiler.stop')).profile as CpuProfile;
    started = true;
    return 0;
  });
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.drainBench !== undefined);
  const tablet: EngineTablet = await page.evaluate((task) => globalThis.drainBench!(task), { code: await server.newCode(), count });
  if (!profile || profile.samples.length === 0) throw new Error('no profile of the drain');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(profile));
  const { self, inclusive, busy } = sumProfile(profile);
  const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
  console.log(`drain of ${count}: ${tablet.engineSeconds.toFixed(2)} s (${tablet.engineTransportSeconds.toFixed(2)} s waiting for the server); the page's main thread busy ${busy.toFixed(0)} ms (profile: ${file})`);
  console.log('\nself time, by function:');
  for (const [key, value] of top(self, 20)) console.log(`${ms(value)}  ${key}`);
  console.log('\ninclusive time, by function:');
  for (const [key, value] of top(inclusive, 40)) console.log(`${ms(value)}  ${key}`);
}

try {
  await main();
} finally {
  await runCleanups();
}
