import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { FIRST_VISIT_META, firstVisitLinkHeader, firstVisitMeta, firstVisitPreloads } from '../../src/server/first-visit';
import { NO_DATABASE } from './test-server';

// Issue 15: a first visit fetches the koppelen screen's chunk beside the entry. The build names it in index.html;
// the server's answer of a navigation carries it as a Link header, and nothing else does.
describe('the first visit\'s Link header', () => {
  let directory = '';
  let app: FastifyInstance;
  const chunk = '/assets/EnrollmentPage-Ab1_c-2.js';

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-dist-'));
    await mkdir(path.join(directory, 'assets'));
    // A hostile copy of the meta (a header that breaks out of its <…>) beside the one the build writes: left out.
    const hostile = `<meta name="${FIRST_VISIT_META}" content="/assets/x.js>; rel=preload, <https://elders.example/y.js">`;
    await writeFile(path.join(directory, 'index.html'), `<!doctype html><title>IDO Onderweg</title>${firstVisitMeta(chunk)}${hostile}<p>x</p>`);
    app = await buildServer({ db: NO_DATABASE, appDirectory: directory });
  });
  afterAll(async () => {
    await app?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('goes with the page when the browser navigates to it (also an app page of the fallback), compressed or not', async () => {
    for (const url of ['/', '/index.html', '/registreren/nieuw']) {
      for (const encoding of ['br', 'identity']) {
        const answer = await app.inject({ method: 'GET', url, headers: { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', 'accept-encoding': encoding } });
        expect(answer.statusCode, url).toBe(200);
        expect(answer.headers.link, url).toBe(`<${chunk}>; rel=modulepreload`);
        expect(String(answer.headers.vary), url).toMatch(/sec-fetch-dest/i);
      }
    }
  });

  it('is not on the service worker\'s own fetch of the page (its precache), nor on an answer to a client that says nothing', async () => {
    for (const headers of [{ 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'same-origin' }, {}]) {
      const answer = await app.inject({ method: 'GET', url: '/index.html', headers });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers.link).toBeUndefined();
    }
  });

  it('names only a built JS asset: the build refuses anything else, the server leaves it out', () => {
    expect(() => firstVisitMeta('https://elders.example/x.js')).toThrow();
    expect(() => firstVisitMeta('/assets/x.js>; rel=preload')).toThrow();
    expect(firstVisitPreloads(`${firstVisitMeta(chunk)}${firstVisitMeta(chunk)}<meta name="${FIRST_VISIT_META}" content="/elders/x.js">`)).toEqual([chunk]);
    expect(firstVisitLinkHeader([])).toBeUndefined();
  });
});
