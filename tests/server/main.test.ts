import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse, EnrollResponse } from '../../src/shared/api';
import { openPglite } from '../../src/server/db/pglite';
import { databaseEnv, startServer } from './cli';
import { batch, otherQuestion, registration } from './fixtures';

const DEMO_ORGANISATION_ID = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

/** A started main.ts: its process, what it printed, and the address and code read from it. */
interface Started {
  child: ChildProcess;
  output: () => string;
  address: string;
  code?: string;
}

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = startServer({ ...env, PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', LOG_LEVEL: 'info' });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (/draait op http/.test(stdout) && /enrollment code: /.test(stdout)) resolve();
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

async function enroll(server: Started): Promise<EnrollResponse> {
  const response = await fetch(`${server.address}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: server.code, label: 'Demo' }) });
  expect(response.status).toBe(201);
  return (await response.json()) as EnrollResponse;
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
    const server = await start(env);
    running.push(server);
    expect(server.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
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

  it('prints a fresh code on every start, keeps the data and does not add the demo twice', async () => {
    const first = running[0].code;
    const server = await start(env);
    running.push(server);
    expect(server.code).toBeDefined();
    expect(server.code).not.toBe(first);
    expect(await stop(server, 'SIGINT')).toBe(0);
    const db = await openPglite(env.DATA_DIR);
    try {
      expect(await db.query('SELECT id::text AS id FROM organisations')).toEqual([{ id: DEMO_ORGANISATION_ID }]);
      expect(await db.query('SELECT count(*)::int AS n FROM registrations')).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('finishes a batch still being uploaded when SIGTERM arrives, then exits 0', async () => {
    const server = await start(env);
    running.push(server);
    const tablet = await enroll(server);
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
