import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { precompressPlugin } from '../../src/server/precompress';
import { NO_DATABASE } from './test-server';

// The first load on a slow line: the hashed assets go out compressed (issue 15) from their copies, index.html
// compressed from the file as it is now, sw.js as it is.
describe('precompressed app files', () => {
  let directory = '';
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('IDO Onderweg '.repeat(400))});`;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-dist-'));
    await mkdir(path.join(directory, 'assets'));
    await writeFile(path.join(directory, 'index.html'), `<!doctype html><title>IDO Onderweg</title>${'<p>x</p>'.repeat(300)}`);
    await writeFile(path.join(directory, 'sw.js'), `self.addEventListener("install", () => {});${' '.repeat(2_000)}`);
    await writeFile(path.join(directory, 'assets', 'index-abc123.js'), script);
    await writeFile(path.join(directory, 'assets', 'tiny-abc123.js'), 'console.log(1);');
    await writeFile(path.join(directory, 'assets', 'icon-abc123.png'), Buffer.alloc(4_000, 7));
    // The plugin as the build runs it, after the bundle is written.
    const plugin = precompressPlugin() as unknown as {
      configResolved: (config: { root: string; build: { outDir: string } }) => void;
      closeBundle: { handler: () => Promise<void> };
    };
    plugin.configResolved({ root: directory, build: { outDir: '.' } });
    await plugin.closeBundle.handler();
    app = await buildServer({ db: NO_DATABASE, appDirectory: directory });
  });
  afterAll(async () => {
    await app?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('writes .br and .gz beside each text asset that is worth it, and nothing beside index.html, sw.js, a tiny file or an image', async () => {
    const asset = path.join(directory, 'assets', 'index-abc123.js');
    expect(brotliDecompressSync(await readFile(`${asset}.br`)).toString()).toBe(script);
    expect(gunzipSync(await readFile(`${asset}.gz`)).toString()).toBe(script);
    expect((await readdir(directory)).sort()).toEqual(['assets', 'index.html', 'sw.js']);
    expect((await readdir(path.join(directory, 'assets'))).sort()).toEqual(['icon-abc123.png', 'index-abc123.js', 'index-abc123.js.br', 'index-abc123.js.gz', 'tiny-abc123.js']);
  });

  it('sends the brotli copy to a browser that accepts it, with the type and caching of the original', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(script);
  });

  it('sends gzip to a browser without brotli, and the file itself to one that accepts neither', async () => {
    const gzip = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('sends sw.js as it is on disk, and index.html (also as an app page) compressed from the file as it is now', async () => {
    const sw = await app.inject({ method: 'GET', url: '/sw.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['content-encoding']).toBeUndefined();
    expect(sw.headers['cache-control']).toBe('no-cache');
    const page = path.join(directory, 'index.html');
    for (const version of ['first', 'edited']) {
      if (version === 'edited') await writeFile(page, `<!doctype html><title>IDO Onderweg</title>${'<p>y</p>'.repeat(400)}`);
      const html = (await readFile(page)).toString();
      const tags = new Set<string>();
      for (const url of ['/', '/index.html', '/registreren/nieuw']) {
        const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
        expect(br.statusCode, url).toBe(200);
        expect(br.headers['content-encoding'], url).toBe('br');
        expect(br.headers['content-type'], url).toBe('text/html; charset=utf-8');
        expect(br.headers['cache-control'], url).toBe('no-cache');
        expect(br.headers.vary, url).toMatch(/accept-encoding/i);
        expect(brotliDecompressSync(br.rawPayload).toString(), `${url} (${version})`).toBe(html);
        const gzip = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br;q=0' } });
        expect(gzip.headers['content-encoding'], url).toBe('gzip');
        expect(gunzipSync(gzip.rawPayload).toString(), url).toBe(html);
        const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
        expect(plain.headers['content-encoding'], url).toBeUndefined();
        expect(plain.body, url).toBe(html);
        const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(br.headers.etag) } });
        expect(again.statusCode, `${url}: the page the browser has`).toBe(304);
        expect(again.headers['content-security-policy'], url).toContain("script-src 'self'");
        tags.add(String(br.headers.etag));
      }
      expect(tags.size, 'one ETag per version of the file').toBe(1);
      expect([...tags][0], 'a weak ETag: the encodings are the same page, not the same bytes').toMatch(/^W\/"[\w-]+"$/);
    }
  });

  it('answers a folder without index.html with the JSON 404, not a loop', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'ido-dist-'));
    const bare = await buildServer({ db: NO_DATABASE, appDirectory: empty });
    try {
      for (const url of ['/', '/index.html', '/registreren/nieuw']) {
        const response = await bare.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(404);
        expect(response.json(), url).toMatchObject({ error: 'not_found' });
      }
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
