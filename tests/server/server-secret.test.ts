import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { hashSecret, legacyHash, loadServerSecret, ServerSecretError, useServerSecret } from '../../src/server/secrets';
import { databaseEnv, runAdmin, startServer } from './cli';
import { batch, registration } from './fixtures';
import { TEST_SERVER_SECRET } from './server-secret';

const DEMO_ORGANISATION_ID = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

describe('loadServerSecret', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-secret-'));
  });
  afterEach(() => useServerSecret(TEST_SERVER_SECRET));
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('makes <DATA_DIR>/server-secret with 32 random bytes and mode 0600 on first start, and reuses it after', async () => {
    const dataDir = path.join(directory, 'first', 'data');
    expect(loadServerSecret(dataDir, {})).toEqual({ source: 'file', file: path.resolve(dataDir, 'server-secret'), created: true });
    const file = path.join(dataDir, 'server-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    const hash = hashSecret('token');

    useServerSecret(TEST_SERVER_SECRET);
    expect(loadServerSecret(dataDir, {})).toMatchObject({ source: 'file', created: false });
    expect(hashSecret('token')).toBe(hash);
    expect(hash).not.toBe(legacyHash('token'));
  });

  it('reads IDO_SECRET_FILE instead when set, and IDO_SECRET (hex or base64) before any file', async () => {
    const shared = path.join(directory, 'shared-secret');
    loadServerSecret(path.join(directory, 'unused'), { IDO_SECRET_FILE: shared });
    const fromFile = hashSecret('token');
    expect((await stat(shared)).mode & 0o777).toBe(0o600);

    const key = Buffer.from((await readFile(shared, 'utf8')).trim(), 'base64');
    for (const text of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) {
      useServerSecret(TEST_SERVER_SECRET);
      expect(loadServerSecret(path.join(directory, 'unused'), { IDO_SECRET: text })).toEqual({ source: 'IDO_SECRET', created: false });
      expect(hashSecret('token')).toBe(fromFile);
    }
    await expect(stat(path.join(directory, 'unused'))).rejects.toThrow(); // no file made when IDO_SECRET is set
  });

  it('warns, with the command to fix it, when the secret file can be read by others', async () => {
    const dataDir = path.join(directory, 'loose');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'server-secret'), Buffer.alloc(32, 3).toString('base64'), { mode: 0o644 });
    await chmod(path.join(dataDir, 'server-secret'), 0o644);
    expect(loadServerSecret(dataDir, {}).warning).toMatch(/leesbaar voor andere gebruikers.*chmod 600/);
    await chmod(path.join(dataDir, 'server-secret'), 0o600);
    expect(loadServerSecret(dataDir, {}).warning).toBeUndefined();
  });

  it('refuses, in Dutch, a secret file that is too short, unreadable, or an IDO_SECRET that is too short', async () => {
    const short = path.join(directory, 'short');
    await mkdir(short);
    await writeFile(path.join(short, 'server-secret'), Buffer.alloc(16, 1).toString('base64'));
    expect(() => loadServerSecret(short, {})).toThrow(ServerSecretError);
    expect(() => loadServerSecret(short, {})).toThrow(/te kort/);

    const unreadable = path.join(directory, 'unreadable');
    await mkdir(path.join(unreadable, 'server-secret'), { recursive: true }); // a directory where the file should be
    expect(() => loadServerSecret(unreadable, {})).toThrow(/kan niet gelezen worden/);

    expect(() => loadServerSecret(directory, { IDO_SECRET: 'geheim' })).toThrow(/IDO_SECRET is ongeldig/);
    expect(() => loadServerSecret(directory, { IDO_SECRET: Buffer.alloc(31, 1).toString('hex') })).toThrow(/IDO_SECRET is ongeldig/);
  });
});

/** Starts main.ts and waits until it listens; resolves with its output so far and address. */
/** Starts the server; on the first start of an empty database (`firstStart`) it also waits for the demo codes. */
async function start(env: NodeJS.ProcessEnv, firstStart = true): Promise<{ child: ChildProcess; address: string; output: () => string; code: string }> {
  const child = startServer({ ...env, PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', LOG_LEVEL: 'debug' });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/draait op http/.test(output) && (!firstStart || /coordinator enrollment code: /.test(output))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`main.ts stopped (${code}): ${output}`)));
  });
  return {
    child,
    output: () => output,
    address: /IDO Onderweg draait op (http:\/\/\S+)/.exec(output)![1],
    code: /^enrollment code: (\S+)$/m.exec(output)?.[1] ?? '',
  };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

describe('the server secret of main.ts and the admin commands (PGlite in DATA_DIR)', () => {
  let directory = '';
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-secret-main-'));
    env = databaseEnv({ dataDir: path.join(directory, 'data') });
    delete env.IDO_SECRET; // the file, as on a fresh install
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
  });

  it('makes the secret file on first start, keeps it on restart, and the admin command uses the same one; no log line carries a token, code, hash or secret', async () => {
    const file = path.join(env.DATA_DIR!, 'server-secret');
    const first = await start(env);
    child = first.child;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const secret = await readFile(file, 'utf8');
    const enrolled = await fetch(`${first.address}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: first.code, label: 'Balie' }) });
    const tablet = (await enrolled.json()) as EnrollResponse;
    await stop(first.child);

    const made = await runAdmin(['create-token', '--role', 'national'], env);
    expect(made.code).toBe(0);
    const token = made.stdout.trim();

    const second = await start(env, false);
    child = second.child;
    expect(await readFile(file, 'utf8')).toBe(secret);
    // the tablet enrolled before the restart, and the token the admin command made, both work
    const body = batch(tablet.deviceId, [registration(tablet.deviceId, { organisationId: DEMO_ORGANISATION_ID, locationId: 'demo-centrum' })]);
    const sent = await fetch(`${second.address}/api/v1/batches`, { method: 'POST', headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, body: JSON.stringify(body) });
    expect(sent.status).toBe(200);
    expect((await fetch(`${second.address}/api/v1/stats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${second.address}/api/v1/stats`, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    await stop(second.child);

    const logs = first.output() + second.output() + made.stderr;
    expect(logs).toContain('"url":"/api/v1/stats"');
    useServerSecret(Buffer.from(secret.trim(), 'base64'));
    try {
      for (const value of [tablet.token, token, hashSecret(tablet.token), hashSecret(token), hashSecret(first.code), legacyHash(token), secret.trim(), Buffer.from(secret.trim(), 'base64').toString('hex')]) {
        expect(logs).not.toContain(value);
      }
    } finally {
      useServerSecret(TEST_SERVER_SECRET);
    }
  });

  it('refuses to start, with a Dutch message, when the secret file is too short; the admin command too', async () => {
    const dataDir = path.join(directory, 'short');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'server-secret'), 'abcd\n');
    const shortEnv = { ...env, DATA_DIR: dataDir };
    const server = startServer({ ...shortEnv, PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent' });
    let stderr = '';
    server.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(server, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/De server kon niet starten: Het servergeheim .* is ongeldig of te kort/);

    const adminRun = await runAdmin(['list-tokens'], shortEnv);
    expect(adminRun).toMatchObject({ code: 1, stdout: '' });
    expect(adminRun.stderr).toMatch(/^Het servergeheim .* is ongeldig of te kort/);
  });
});
