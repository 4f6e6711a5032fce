// The offline cold start alone, A/B: `node --import tsx bench/cold-start.ts --dist OLD --dist NEW [--runs N] [--trace DIR]`.
// Serves each build with the real server, installs each in its own profile, then alternates cold starts
// (browser restarted, offline, 4× CPU) between the builds, so a busy machine slows both alike. Prints per
// build the median time to the interactive form (and to the frame that shows it: "on screen") and where it went
// (navigation timing, the scripts, and any `performance.mark` the page made). `--trace DIR` writes a Chromium
// trace of each build's last run there (`--profile` adds V8's CPU profile to it: its samples are misattributed
// under throttling, so pair it with `--cpu 1`, which sets the CPU slowdown, 4 by default). `--floor` adds the
// three floor pages of first-paint.ts (a form of one field in static HTML; a script that reads IndexedDB and draws it;
// the first build's own form page as static HTML with its CSS), served offline by a minimal service worker, as three
// more builds, written into the first dist. `--registrations N` puts N registrations on each tablet before its starts
// (a tablet in use; 0 by default).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../src/server/app';
import { migrate } from '../src/server/db/migrate';
import { openPglite } from '../src/server/db/pglite';
import { seedDemoOrganisation } from '../src/server/organisations/demo';
import { useServerSecret } from '../src/server/secrets';
import { installForColdStart, writeColdFloor, writeFormFloor, type ColdStartRun, type KeptForm } from './first-paint';
import { median } from './stats';
import { onCleanup, runCleanups } from './servers';

const { values: args } = parseArgs({ options: { dist: { type: 'string', multiple: true }, runs: { type: 'string' }, trace: { type: 'string' }, cpu: { type: 'string' }, profile: { type: 'boolean' }, floor: { type: 'boolean' }, registrations: { type: 'string' } } });
const dists = (args.dist ?? []).map((d) => path.resolve(d));
if (dists.length === 0) {
  console.error('usage: node --import tsx bench/cold-start.ts --dist DIR [--dist DIR …] [--runs N (15)] [--trace DIR [--profile]] [--cpu N (4)] [--floor] [--registrations N (0)]');
  process.exit(2);
}
const runs = Number(args.runs ?? 15);
// The trace folder is made here: the trace is written at the end of the last run, after minutes of work.
if (args.trace) await mkdir(args.trace, { recursive: true });

useServerSecret(randomBytes(32));
const db = await openPglite();
onCleanup('cold-start database', () => db.close());
await migrate(db);
await seedDemoOrganisation(db);

const builds = [];
// --floor: the three floor pages of first-paint.ts as three more "builds", served from the first dist
const floorPages = args.floor ? Object.entries(await writeColdFloor(dists[0])) : [];
const servers: { dist: string; page: string; floor?: string }[] = [...dists.map((dist) => ({ dist, page: '/' })), ...floorPages.map(([kind, page]) => ({ dist: dists[0], page, floor: kind }))];
for (const [i, { dist, page, floor }] of servers.entries()) {
  const app = await buildServer({ db, version: 'bench', appDirectory: dist });
  onCleanup(`cold-start server ${i}`, () => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}${page}`;
  // The first build's form page, kept as it stands after its start, is the `form` floor (installed after it).
  const keepForm = args.floor && i === 0 ? (form: KeptForm) => writeFormFloor(dists[0], form) : undefined;
  const start = await installForColdStart(url, { cpuRate: Number(args.cpu ?? 4), cpuProfile: args.profile, floor: floor !== undefined, keepForm, registrations: Number(args.registrations ?? 0) });
  builds.push({ label: floor ? `floor (${floor})` : String.fromCharCode(65 + i), dist: floor ? page : dist, start, results: [] as ColdStartRun[] });
}
try {
  for (let run = 0; run < runs; run++) {
    // alternate the order too: neither build always goes first
    const order = run % 2 ? [...builds].reverse() : builds;
    for (const build of order) {
      const trace = args.trace && run === runs - 1 ? path.join(args.trace, `cold-${build.label}.json`) : undefined;
      build.results.push(await build.start(trace));
    }
    process.stdout.write('.');
  }
  console.log();
  for (const build of builds) {
    const r = build.results;
    const m = (pick: (x: ColdStartRun) => number | undefined) => Math.round(median(r.map((x) => pick(x) ?? Number.NaN)));
    console.log(`${build.label} ${build.dist}`);
    console.log(`  form ${m((x) => x.formAt)} ms (runs ${r.map((x) => Math.round(x.formAt)).join(', ')})  fcp ${m((x) => x.fcp)} ms  on screen ${m((x) => x.formOnScreenAt)} ms`);
    const keys = [...new Set(r.flatMap((x) => Object.keys(x.timings)))];
    console.log(`  ${keys.map((k) => `${k} ${m((x) => x.timings[k])}`).join(' · ')}`);
  }
  if (dists.length === 2) {
    const [a, b] = builds; // the two dists come first
    const diff = median(b.results.map((x, i) => x.formAt - (a.results[i]?.formAt ?? Number.NaN)));
    const onScreen = median(b.results.map((x, i) => (x.formOnScreenAt ?? Number.NaN) - (a.results[i]?.formOnScreenAt ?? Number.NaN)));
    console.log(`B − A, median of paired runs: ${Math.round(diff)} ms (the form on screen: ${Math.round(onScreen)} ms)`);
  }
  if (args.trace) await writeFile(path.join(args.trace, 'cold-runs.json'), JSON.stringify(builds.map((b) => ({ dist: b.dist, results: b.results })), null, 1));
} finally {
  await runCleanups();
}
