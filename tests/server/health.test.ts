import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/shared/api';
import { buildServer } from '../../src/server/app';
import { batch } from './fixtures';
import { DATABASE_KINDS, NO_DATABASE, enrollTablet, postBatch, useTestServer } from './test-server';

describe.each(DATABASE_KINDS)('health and limits on %s', (kind) => {
  const server = useTestServer(kind);

  it('reports ok with the version and which database it runs on', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', version: 'test', database: kind });
  });

  it('publishes the batch limits the client splits by', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/limits' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...DEFAULT_LIMITS, requestEncodings: ['gzip'] });
  });

  it('answers an unknown API path with 404 in the {error, message} shape', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  describe('once the database is gone', () => {
    let token = '';
    let deviceId = '';
    beforeAll(async () => {
      ({ token, deviceId } = await enrollTablet(server));
      await server.db.close();
    });

    it('reports unavailable with 503 and Retry-After', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.json()).toEqual({ status: 'unavailable', version: 'test', database: kind });
    });

    it('answers a batch with 503 database_unavailable and Retry-After, so the client resends later', async () => {
      const response = await postBatch(server, token, batch(deviceId, []));
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(response.json()).toEqual({ error: 'database_unavailable', message: expect.any(String) });
    });
  });
});

describe('requests the HTTP parser refuses', () => {
  it('answers a broken Content-Length with 400 in the {error, message} shape', async () => {
    const app = await buildServer({ db: NO_DATABASE });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as { port: number };
      const socket = connect(port, '127.0.0.1');
      socket.write('POST /api/v1/batches HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}');
      let raw = '';
      for await (const chunk of socket) raw += chunk;
      expect(raw).toMatch(/^HTTP\/1.1 400 /);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'invalid_request', message: expect.any(String) });
    } finally {
      await app.close();
    }
  });
});

describe('serving the built app', () => {
  let directory = '';
  let app: FastifyInstance;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-dist-'));
    await mkdir(path.join(directory, 'assets'));
    await writeFile(path.join(directory, 'index.html'), '<!doctype html><title>IDO Onderweg</title>');
    await writeFile(path.join(directory, 'sw.js'), 'self.addEventListener("install", () => {});');
    await writeFile(path.join(directory, 'assets', 'index-abc123.js'), 'console.log(1);');
    // The API is not touched by these tests: a database that was never opened is enough.
    app = await buildServer({ db: NO_DATABASE, appDirectory: directory });
  });
  afterAll(async () => {
    await app.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves index.html and sw.js with Cache-Control: no-cache so updates arrive', async () => {
    for (const url of ['/', '/sw.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('answers an app route with index.html (SPA fallback), but never an API path', async () => {
    const page = await app.inject({ method: 'GET', url: '/registreren/nieuw' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('IDO Onderweg');
    const api = await app.inject({ method: 'GET', url: '/api/v1/unknown' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  it('does not answer a missing file with the page', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(response.statusCode).toBe(404);
  });
});
