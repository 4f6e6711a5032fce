// A regional HSDS 3.0 directory (20,000 services, ~124,000 records) through the server's
// `import-kaart`, end to end as an operator runs it, next to parsing the same file alone.
// See bench/README.md, "Kaart import on the server".
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { buildServerBundle } from '../src/server/build';
import { exportHsdsServicePackage, exportHsdsTabularPackage, importHsdsCsvPackage, importHsdsJson } from '../src/shared/kaart';
import { kaartDirectory, kaartRecordCount } from '../tests/e2e/hsds-directory';
import { onCleanup, runCleanups } from './servers';
import { median } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Two levels below the root, as the server bundle must be (it finds package.json at ../../). */
const BUILD = path.join(ROOT, '.tmp/bench-server-build');
/** A made-up owner: the file's entries are imported for this organisation, created first. */
const OWNER = '0b5e1c2d-3f4a-4b6c-8d7e-9f0a1b2c3d4e';

/** One timed `import-kaart` run of the admin command. */
export interface KaartServerImport {
  database: 'embedded PostgreSQL' | 'PGlite';
  /** wall clock of the whole command: start, migrations check, the import in one transaction, stop */
  seconds: number;
  /** the same file once more: every record unchanged */
  againSeconds: number;
  summary: string;
}

export interface KaartImportBenchFigures {
  services: number;
  records: number;
  nestedMiB: number;
  csvMiB: number;
  /** medians of 3, milliseconds */
  jsonParseMs: number;
  nestedImportMs: number;
  papaparseMs: number;
  csvImportMs: number;
  nestedExportMs: number;
  server: KaartServerImport[];
  warnings: string[];
}

function timed(run: () => unknown, rounds = 3): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return Math.round(median(times));
}

interface AdminRun { code: number; stdout: string; stderr: string; seconds: number }

/** Runs the compiled admin command (`npm run admin` without the build step) and times it. */
function admin(args: string[], env: NodeJS.ProcessEnv): Promise<AdminRun> {
  const start = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(BUILD, 'admin.js'), ...args], { cwd: ROOT, env, timeout: 600_000, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, seconds: (performance.now() - start) / 1000 });
    });
  });
}

/** The directory imported twice by `import-kaart` into a fresh DATA_DIR of one database. */
async function serverImport(database: KaartServerImport['database'], file: string, records: number, log: (line: string) => void, warnings: string[]): Promise<KaartServerImport> {
  // Not mkdtemp (0700): as root, the embedded PostgreSQL runs as the postgres user and must reach the folder.
  const dataDir = path.join(tmpdir(), `ido-bench-kaart-${randomBytes(6).toString('hex')}`);
  await mkdir(dataDir, { recursive: true });
  onCleanup(`kaart import data ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, IDO_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.IDO_SECRET_FILE;
  if (database === 'PGlite') env.DATABASE = 'pglite';
  else delete env.DATABASE;
  // The first command makes the database (initdb for PostgreSQL) and the owner; not timed.
  const created = await admin(['create-organisation', '--name', 'Bench bibliotheek'], env);
  if (created.code !== 0) throw new Error(`create-organisation (${database}) failed: ${created.stderr.trim().split('\n').pop()}`);
  const owner = created.stdout.trim().split('\n').pop()!;
  const runs: AdminRun[] = [];
  for (const round of ['first', 'again']) {
    const run = await admin(['import-kaart', file, '--organisation', owner], env);
    if (run.code !== 0) throw new Error(`import-kaart (${database}, ${round}) failed: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    log(`kaart import: ${database} ${round}: ${run.stdout.trim()} in ${run.seconds.toFixed(1)} s`);
    runs.push(run);
  }
  const expected = [`created ${records}, updated 0, unchanged 0, rejected 0`, `created 0, updated 0, unchanged ${records}, rejected 0`];
  runs.forEach((run, i) => {
    if (run.stdout.trim() !== expected[i]) warnings.push(`!!! import-kaart on ${database} said "${run.stdout.trim()}", expected "${expected[i]}"`);
  });
  return { database, seconds: runs[0].seconds, againSeconds: runs[1].seconds, summary: runs[0].stdout.trim() };
}

/** Generates the directory, times the parsing steps in this process and `import-kaart` on both databases. */
export async function benchKaartImport({ services = 20_000, log = console.log }: { services?: number; log?: (line: string) => void } = {}): Promise<KaartImportBenchFigures> {
  const warnings: string[] = [];
  const set = kaartDirectory(services, OWNER);
  const records = kaartRecordCount(set);
  let nested = '';
  const nestedExportMs = timed(() => (nested = JSON.stringify(exportHsdsServicePackage(set))), 1);
  const csv = exportHsdsTabularPackage(set);
  const csvBytes = Object.values(csv).reduce((n, text) => n + Buffer.byteLength(text), 0);
  log(`kaart import: ${services.toLocaleString('en')} services, ${records.toLocaleString('en')} records; nested JSON ${(nested.length / 2 ** 20).toFixed(1)} MiB, CSV package ${(csvBytes / 2 ** 20).toFixed(1)} MiB`);

  // Parsing alone, in this process: the baseline the server import is held against.
  const options = { ownerOrganisationId: OWNER, dropInvalidValues: true };
  const check = importHsdsJson(nested, options);
  const count = (r: typeof check) => kaartRecordCount(r.records);
  if (check.errors.length > 0 || count(check) !== records) warnings.push(`!!! the nested directory parsed to ${count(check)} records with ${check.errors.length} errors (expected ${records}, 0)`);
  const csvCheck = importHsdsCsvPackage(csv, options);
  if (csvCheck.errors.length > 0 || count(csvCheck) !== records) warnings.push(`!!! the CSV package parsed to ${count(csvCheck)} records with ${csvCheck.errors.length} errors (expected ${records}, 0)`);
  const jsonParseMs = timed(() => JSON.parse(nested));
  const nestedImportMs = timed(() => importHsdsJson(nested, options));
  const papaparseMs = timed(() => Object.values(csv).forEach((text) => Papa.parse(text, { header: true, skipEmptyLines: true })));
  const csvImportMs = timed(() => importHsdsCsvPackage(csv, options));
  log(`kaart import: JSON.parse ${jsonParseMs} ms · nested import ${nestedImportMs} ms · papaparse ${papaparseMs} ms · CSV package import ${csvImportMs} ms`);

  // The server import as an operator runs it: the compiled admin command, one process per run.
  await buildServerBundle(BUILD);
  onCleanup('kaart import server build', () => rm(BUILD, { recursive: true, force: true }));
  const folder = path.join(tmpdir(), `ido-bench-kaart-file-${randomBytes(6).toString('hex')}`);
  await mkdir(folder);
  onCleanup('kaart import file', () => rm(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'regionale-kaart-hsds-3.0.json');
  await writeFile(file, nested);
  const server: KaartServerImport[] = [];
  for (const database of ['embedded PostgreSQL', 'PGlite'] as const) {
    try {
      server.push(await serverImport(database, file, records, log, warnings));
    } catch (error) {
      warnings.push(`!!! ${(error as Error).message}`);
    }
  }
  return {
    services, records, nestedMiB: nested.length / 2 ** 20, csvMiB: csvBytes / 2 ** 20,
    jsonParseMs, nestedImportMs, papaparseMs, csvImportMs, nestedExportMs, server, warnings,
  };
}

/** The table rows of run.ts for these figures (without the section). */
export function kaartImportRows(k: KaartImportBenchFigures): { figure: string; value: string; baseline: string; ratio: string; numbers?: Record<string, number | string> }[] {
  const n = k.services.toLocaleString('en');
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rate = (ms: number) => `${Math.round((k.records * 1000) / Math.max(ms, 1)).toLocaleString('en')} rec/s`;
  const times = (ms: number) => `${(ms / Math.max(k.nestedImportMs, 1)).toFixed(1)}× parse`;
  return [
    { figure: `kaart HSDS 3.0 directory: ${n} services, ${k.records.toLocaleString('en')} records`, value: `${k.nestedMiB.toFixed(1)} MiB nested JSON`, baseline: `${k.csvMiB.toFixed(1)} MiB CSV package`, ratio: '—',
      numbers: { services: k.services, records: k.records, nestedMiB: Math.round(k.nestedMiB * 10) / 10, csvMiB: Math.round(k.csvMiB * 10) / 10 } },
    { figure: '  nested import (importHsdsJson, shared)', value: `${s(k.nestedImportMs)} · ${rate(k.nestedImportMs)}`, baseline: `JSON.parse alone ${s(k.jsonParseMs)}`,
      ratio: `${(k.nestedImportMs / Math.max(k.jsonParseMs, 1)).toFixed(1)}× JSON.parse`, numbers: { nestedImportMs: k.nestedImportMs, jsonParseMs: k.jsonParseMs } },
    { figure: '  CSV package import (importHsdsCsvPackage)', value: `${s(k.csvImportMs)} · ${rate(k.csvImportMs)}`, baseline: `papaparse alone ${s(k.papaparseMs)}`,
      ratio: `${(k.csvImportMs / Math.max(k.papaparseMs, 1)).toFixed(1)}× papaparse`, numbers: { csvImportMs: k.csvImportMs, papaparseMs: k.papaparseMs } },
    { figure: '  nested export (exportHsdsServicePackage)', value: s(k.nestedExportMs), baseline: '—', ratio: '—', numbers: { nestedExportMs: k.nestedExportMs } },
    ...k.server.flatMap((r) => [
      { figure: `  import-kaart end to end, ${r.database}`, value: `${r.seconds.toFixed(1)} s · ${rate(r.seconds * 1000)}`, baseline: `nested import ${s(k.nestedImportMs)}`,
        ratio: `${times(r.seconds * 1000)} · goal < 60 s: ${r.seconds < 60 ? 'within' : 'OVER'}`, numbers: { seconds: r.seconds, againSeconds: r.againSeconds, summary: r.summary } },
      { figure: `    same file again (all unchanged), ${r.database}`, value: `${r.againSeconds.toFixed(1)} s`, baseline: '—', ratio: times(r.againSeconds * 1000) },
    ]),
  ];
}

// `node --import tsx bench/kaart-import.ts [--services N]`
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { services: { type: 'string' } } });
  try {
    const figures = await benchKaartImport({ services: values.services ? Number(values.services) : undefined });
    for (const row of kaartImportRows(figures)) console.log(`${row.figure.padEnd(60)} ${row.value.padEnd(28)} ${row.baseline.padEnd(28)} ${row.ratio}`);
    for (const warning of figures.warnings) console.warn(`WARNING: ${warning}`);
  } finally {
    await runCleanups();
  }
}
