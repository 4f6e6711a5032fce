import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse, EnrollResponse } from '../../src/shared/api';
import { openPglite } from '../../src/server/db/pglite';
import packageJson from '../../package.json';
import { databaseEnv, runAdmin, SERVER_BUILD, startServer } from './cli';
import { createTestDatabase } from './test-server';
import { batch, otherQuestion, registration } from './fixtures';
import { holdMigrationLock, stopTwiceWhileMigrating } from './migration-lock';

const DEMO_ORGANISATION_ID = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const ROOT = path.resolve(import.meta.dirname, '../..');

/** A started main.ts: its process, what it printed, and the address and code read from it. */
interface Started {
  child: ChildProcess;
  output: () => string;
  address: string;
  code?: string;
}

/** Starts main.ts; resolves once it printed its address (and, when `codes`, both demo enrollment codes). */
async function start(env: NodeJS.ProcessEnv, { codes = false } = {}): Promise<Started> {
  const child = startServer({ ...env, PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', LOG_LEVEL: 'info' });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (/draait op http/.test(stdout) && (!codes || /^coordinator enrollment code: /m.test(stdout))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`main.ts stopped (${code}): ${stderr}`)));
  });
  await ready;
  return {
    child,
    output: () => stdout,
    address: /^IDO Onderweg draait op (http:\/\/[^\s]+)$/m.exec(stdout)![1],
    code: /^enrollment code: ([A-Z0-9]{4}-[A-Z0-9]{4})$/m.exec(stdout)?.[1],
  };
}

async function stop(started: Started, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(started.child, 'exit');
  started.child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

async function enroll(server: Started, code = server.code): Promise<EnrollResponse> {
  const response = await fetch(`${server.address}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'Demo' }) });
  expect(response.status).toBe(201);
  return (await response.json()) as EnrollResponse;
}

/** Rows of the tables the demo fills, in a stopped server's PGlite directory. */
async function tableCounts(dataDir: string): Promise<Record<string, number>> {
  const db = await openPglite(dataDir);
  try {
    const [row] = await db.query<Record<string, number>>(`SELECT (SELECT count(*)::int FROM organisations) AS organisations,
      (SELECT count(*)::int FROM locations) AS locations, (SELECT count(*)::int FROM kaart_records) AS kaart,
      (SELECT count(*)::int FROM enrollment_codes) AS codes, (SELECT count(*)::int FROM registrations) AS registrations`);
    return row;
  } finally {
    await db.close();
  }
}

describe('the server process (main.ts) on PGlite', () => {
  let directory = '';
  let env: NodeJS.ProcessEnv;
  const running: Started[] = [];
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-main-'));
    env = databaseEnv({ dataDir: path.join(directory, 'data') });
  });
  afterAll(async () => {
    for (const started of running) if (started.child.exitCode === null) started.child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
  });

  it('prints its address and an enrollment code for the demo organisation, and that code enrolls a tablet', async () => {
    const server = await start(env, { codes: true });
    running.push(server);
    expect(server.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(server.output().match(/enrollment code: /g)).toHaveLength(2);
    const health = await fetch(`${server.address}/api/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });

    const tablet = await enroll(server);
    expect(tablet.organisation).toEqual({ id: DEMO_ORGANISATION_ID, name: 'Voorbeeldbibliotheek Rivierenland (demo)' });
    expect(tablet.locations.map((l) => l.id).sort()).toEqual(['demo-centrum', 'demo-noord', 'demo-wijkcentrum']);

    // A batch goes through the logs without its token or record contents.
    const marker = 'cursus tekstverwerken';
    const record = registration(tablet.deviceId, { organisationId: DEMO_ORGANISATION_ID, locationId: 'demo-centrum', questions: [otherQuestion(marker)] });
    const body = batch(tablet.deviceId, [record]);
    const sent = await fetch(`${server.address}/api/v1/batches`, { method: 'POST', headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, body: JSON.stringify(body) });
    expect(((await sent.json()) as BatchResponse).results[0].status).toBe('accepted');

    expect(await stop(server, 'SIGTERM')).toBe(0);
    expect(server.output()).toContain('"url":"/api/v1/batches"');
    expect(server.output()).not.toContain(tablet.token);
    expect(server.output()).not.toContain(marker);
  });

  it('prints no code on a later start, keeps the data and does not add the demo again', async () => {
    const before = await tableCounts(env.DATA_DIR!);
    expect(before).toMatchObject({ organisations: 1, codes: 2, registrations: 1 });
    expect(before.kaart).toBeGreaterThan(0);
    const server = await start(env);
    running.push(server);
    expect(await stop(server, 'SIGINT')).toBe(0);
    expect(server.output()).not.toMatch(/enrollment code|[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/);
    expect(await tableCounts(env.DATA_DIR!)).toEqual(before);
  });

  it('finishes a batch still being uploaded when SIGTERM arrives, then exits 0', async () => {
    // The demo's codes were printed once; a new one comes from the admin CLI, as an operator makes it.
    const made = await runAdmin(['create-code', '--organisation', DEMO_ORGANISATION_ID], env);
    expect(made.code, made.stderr).toBe(0);
    const server = await start(env);
    running.push(server);
    const tablet = await enroll(server, made.stdout.trim());
    const records = Array.from({ length: 50 }, () => registration(tablet.deviceId, { organisationId: DEMO_ORGANISATION_ID, locationId: 'demo-noord' }));
    const body = JSON.stringify(batch(tablet.deviceId, records));
    const batchId = JSON.parse(body).batchId as string;
    const { port } = new URL(server.address);
    const request = http.request({ port, method: 'POST', path: '/api/v1/batches', headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json', 'idempotency-key': batchId, 'content-length': Buffer.byteLength(body) } });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, text }));
      });
      request.on('error', reject);
    });
    // Half the body now, SIGTERM, the rest a little later: the request is in flight when the signal comes.
    request.write(body.slice(0, body.length / 2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = stop(server, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    request.end(body.slice(body.length / 2));
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(text).results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'accepted'));
    expect(await exit).toBe(0);
    const db = await openPglite(env.DATA_DIR);
    try {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE batch_id = $1', [batchId]);
      expect(row.n).toBe(50);
    } finally {
      await db.close();
    }
  });

  it('closes a request still uploading after the shutdown grace, and still exits 0 with its database closed', async () => {
    const made = await runAdmin(['create-code', '--organisation', DEMO_ORGANISATION_ID], env);
    expect(made.code, made.stderr).toBe(0);
    const server = await start(env);
    running.push(server);
    const tablet = await enroll(server, made.stdout.trim());
    const body = JSON.stringify(batch(tablet.deviceId, [registration(tablet.deviceId, { organisationId: DEMO_ORGANISATION_ID, locationId: 'demo-noord' })]));
    const { port } = new URL(server.address);
    // A tablet whose upload stalls on a poor line: half its body, then nothing.
    const request = http.request({ port, method: 'POST', path: '/api/v1/batches', headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const cut = new Promise<void>((resolve) => request.on('error', () => resolve()));
    request.write(body.slice(0, body.length / 2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    // Before, the shutdown waited for it until its 20 s were up and ended with exit code 1, the database not closed.
    expect(await stop(server, 'SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(18_000);
    await cut;
    expect(server.output()).toContain('requests still open after the shutdown grace');
  });

  it('stops with exit code 1 and a Dutch message when its PGlite directory is in use', async () => {
    const server = await start(env);
    running.push(server);
    const second = startServer({ ...env, PORT: '0' });
    let stderr = '';
    second.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(second, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/in gebruik door een ander proces/);
    expect(await stop(server, 'SIGTERM')).toBe(0);
  });
});

describe('npm start', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-npm-start-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('hands a SIGTERM that npm passes on to its script on to the server (exec), which shuts down cleanly', async () => {
    // npm runs the script with sh -c and, when it gets SIGTERM (a container's PID 1, a process manager), sends it to that shell.
    const script = (packageJson.scripts as Record<string, string>).start;
    expect(script).toMatch(/^npm run build && /);
    const command = script.replace(/^npm run build && /, 'true && ').replace('build/server/main.js', path.join(SERVER_BUILD, 'main.js'));
    const env = { ...databaseEnv({ dataDir: path.join(directory, 'data') }), PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', LOG_LEVEL: 'info', IDO_DEMO: 'off' };
    const shell = spawn('sh', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    shell.stdout!.on('data', (chunk) => (output += chunk));
    shell.stderr!.on('data', (chunk) => (output += chunk));
    const exited = once(shell, 'exit');
    let serverPid = 0;
    try {
      await expect.poll(() => output, { timeout: 60_000, interval: 50 }).toMatch(/draait op http/);
      serverPid = Number(/"pid":(\d+)/.exec(output)?.[1]);
      shell.kill('SIGTERM');
      const [code, signal] = await exited;
      // Before, the shell died of it and the server ran on, orphaned, until it was killed without a shutdown.
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(output).toContain('"msg":"shutting down"');
    } finally {
      if (serverPid > 0) try { process.kill(serverPid, 'SIGKILL'); } catch { /* gone, as it should be */ }
    }
  });
});

describe('a signal while the server\'s modules still load', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-main-load-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s: exit 0 at once, in Dutch, with nothing started', async (signal) => {
    const dataDir = path.join(directory, signal);
    const mark = path.join(directory, `${signal}.loading`);
    const release = path.join(directory, `${signal}.release`);
    // Fastify's load waits (slow-load-hooks.mjs) until this test says so: the signal comes while the modules load.
    const hooks = pathToFileURL(path.join(import.meta.dirname, 'slow-load-hooks.mjs')).href;
    const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(hooks)}, { data: ${JSON.stringify({ mark, release })} });`;
    const env = { ...databaseEnv({ dataDir }), PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent' };
    const child = spawn(process.execPath, [`--import=${register}`, path.join(SERVER_BUILD, 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit');
    try {
      await expect.poll(() => existsSync(mark) || child.exitCode !== null, { timeout: 60_000, interval: 20 }).toBe(true);
      child.kill(signal);
      const [code, killedBy] = await exited;
      // Before, main.js imported everything before it set its handlers: Node died of the signal (and, as PID 1 in a
      // container, ignored it and started the server anyway).
      expect({ code, signal: killedBy }, output).toEqual({ code: 0, signal: null });
      expect(output.trim()).toBe(`${signal} tijdens het starten: de server stopt.`);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await writeFile(release, '');
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});

describe('a second signal while the server migrates (DATABASE_URL)', () => {
  it('says it stopped at request, not that it could not start, and exits 1 (the fast stop\'s code)', async () => {
    const database = await createTestDatabase('postgres');
    // Another instance migrates (holds the migrations' lock): the start waits for it, and the first SIGTERM with it.
    const lock = await holdMigrationLock(database.db);
    const child = startServer({ ...databaseEnv({ url: database.url }), PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', LOG_LEVEL: 'info', IDO_DEMO: 'off' });
    try {
      await stopTwiceWhileMigrating(child, lock);
    } finally {
      await lock.release();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await database.drop();
    }
  });
});

describe('a database a newer version has migrated (DATABASE_URL)', () => {
  it('is refused at the start, in Dutch, naming what it does not know, and left as it was (exit 1)', async () => {
    const database = await createTestDatabase('postgres');
    try {
      await database.db.query("INSERT INTO schema_migrations (version) VALUES ('999_a_newer_version.sql')");
      const child = startServer({ ...databaseEnv({ url: database.url }), PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', IDO_DEMO: 'off' });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr.trim()).toBe('De server kon niet starten: De database is bijgewerkt door een nieuwere versie van IDO Onderweg (999_a_newer_version.sql). Start die nieuwere versie; deze versie zou de cijfers onvolledig bijhouden.');
      expect(await database.db.query('SELECT count(*)::int AS n FROM schema_migrations WHERE version = $1', ['999_a_newer_version.sql'])).toEqual([{ n: 1 }]);
    } finally {
      await database.drop();
    }
  });
});

describe('IDO_DEMO (main.ts on PGlite)', () => {
  let directory = '';
  const running: Started[] = [];
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-main-demo-'));
  });
  afterAll(async () => {
    for (const started of running) if (started.child.exitCode === null) started.child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
  });
  const noCode = /enrollment code|[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;

  it('IDO_DEMO=off on an empty directory makes no demo and prints no code; a later start without it makes none either', async () => {
    const env = databaseEnv({ dataDir: path.join(directory, 'off') });
    const first = await start({ ...env, IDO_DEMO: 'off' });
    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(first.output()).not.toMatch(noCode);
    expect(await tableCounts(env.DATA_DIR!)).toEqual({ organisations: 0, locations: 0, kaart: 0, codes: 0, registrations: 0 });

    // The first start decided: forgetting IDO_DEMO=off later does not bring the demo into production.
    const later = await start(env);
    expect(await stop(later, 'SIGTERM')).toBe(0);
    expect(later.output()).not.toMatch(noCode);
    expect((await tableCounts(env.DATA_DIR!)).organisations).toBe(0);
  });

  it('prints the demo\'s codes on the next start when the first start stopped before it listened (its port taken), and they enroll', async () => {
    const env = databaseEnv({ dataDir: path.join(directory, 'port-taken') });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      // The first start migrates and seeds the demo, then cannot listen: nobody sees a code.
      const child = startServer({ ...env, PORT: String((taken.address() as AddressInfo).port), HOST: '127.0.0.1', APP_DIR: '/nonexistent' });
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(output).toMatch(/is al in gebruik/);
      expect(output).not.toMatch(noCode);
    } finally {
      taken.close();
    }
    expect(await tableCounts(env.DATA_DIR!)).toMatchObject({ organisations: 1 });
    // Before, the codes were made (hashed) with the demo and lost with that start; this one printed none.
    const next = await start(env);
    running.push(next);
    await expect.poll(() => next.output(), { timeout: 10_000 }).toMatch(/^coordinator enrollment code: /m);
    const tablet = await enroll(next, /^enrollment code: (\S+)$/m.exec(next.output())![1]);
    expect(tablet.organisation.id).toBe(DEMO_ORGANISATION_ID);
    expect(await stop(next, 'SIGTERM')).toBe(0);
    // Shown once: the start after that prints none.
    const later = await start(env);
    running.push(later);
    expect(await stop(later, 'SIGTERM')).toBe(0);
    expect(later.output()).not.toMatch(noCode);
  });

  it('refuses to start, in Dutch, when IDO_DEMO is neither on nor off', async () => {
    const env = databaseEnv({ dataDir: path.join(directory, 'typo') });
    const child = startServer({ ...env, IDO_DEMO: 'of', PORT: '0' });
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/IDO_DEMO moet on of off zijn/);
    expect(stdout).not.toMatch(noCode);
  });

  it('refuses to start, in Dutch and before it opens the database, when LOG_LEVEL is not a level', async () => {
    const dataDir = path.join(directory, 'log-level');
    const child = startServer({ ...databaseEnv({ dataDir }), LOG_LEVEL: 'verbose', PORT: '0' });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    // pino's "default level:verbose must be included in custom levels" came after the database had started and migrated.
    expect(stderr.trim()).toBe('De server kon niet starten: LOG_LEVEL moet een van fatal, error, warn, info, debug, trace, silent zijn, niet "verbose".');
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  });

  it('refuses to start, in Dutch, when REPORT_TIMEOUT_MS is not a number of milliseconds within its limits', async () => {
    const env = databaseEnv({ dataDir: path.join(directory, 'report-timeout') });
    const child = startServer({ ...env, REPORT_TIMEOUT_MS: '5s', PORT: '0' });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/REPORT_TIMEOUT_MS moet een heel aantal milliseconden van 100 tot en met 600000 zijn, niet "5s"/);
  });

  it('refuses to start, in Dutch and before it opens the database, when METRICS_TOKEN is too short to be secret, without echoing it', async () => {
    const dataDir = path.join(directory, 'metrics-token');
    const child = startServer({ ...databaseEnv({ dataDir }), METRICS_TOKEN: 'geheim123', PORT: '0' });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^De server kon niet starten: METRICS_TOKEN moet minstens 32 tekens lang zijn/);
    expect(stderr).not.toContain('geheim123');
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  });
});
