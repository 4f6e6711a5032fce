import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { API_ERRORS } from '../../src/server/errors';
import { CONTENT_SECURITY_POLICY, cspReportUriFromEnv, httpsFromEnv, inlineScriptHashes, inlineStyleHashes } from '../../src/server/security-headers';
import { headScript } from '../../vite.config';
import { databaseEnv, startServer } from './cli';
import { DATABASE_KINDS, NO_DATABASE, createTestDatabase, enrollTablet, seedTestOrganisations, type TestDatabase } from './test-server';

/** What every answer must carry, whatever it is. */
function expectSecurityHeaders(headers: Record<string, unknown>, label: string): void {
  const csp = String(headers['content-security-policy']).replace(/; report-uri \S+$/, '');
  expect(csp, label).toContain("default-src 'self'");
  expect(csp, label).toContain("script-src 'self';");
  expect(csp, label).toContain("style-src 'self';");
  expect(csp, label).toContain("connect-src 'self'");
  expect(csp, label).toContain("worker-src 'self'");
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).toContain("base-uri 'none'");
  expect(csp, label).toContain("object-src 'none'");
  expect(csp, label).not.toMatch(/unsafe-|\*|https?:/);
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['referrer-policy'], label).toBe('no-referrer');
  expect(headers['permissions-policy'], label).toMatch(/(^|, )camera=\(\)/);
  expect(headers['permissions-policy'], label).toMatch(/(^|, )microphone=\(\)/);
  expect(headers['permissions-policy'], label).toMatch(/(^|, )geolocation=\(\)/);
  expect(headers['cross-origin-opener-policy'], label).toBe('same-origin');
  expect(headers['cross-origin-resource-policy'], label).toBe('same-origin');
}

/** Every kind of answer the server gives: app files, the page fallback, API success, API errors, 404s, CSV. */
function requests(token: string): Array<[string, InjectOptions, number]> {
  const auth = { authorization: `Bearer ${token}` };
  return [
    ['the page', { method: 'GET', url: '/' }, 200],
    ['the SPA fallback', { method: 'GET', url: '/kaart/dienst/1' }, 200],
    ['a hashed asset', { method: 'GET', url: '/assets/index-abc123.js' }, 200],
    ['the service worker', { method: 'GET', url: '/sw.js' }, 200],
    ['the manifest', { method: 'GET', url: '/manifest.webmanifest' }, 200],
    ['a HEAD of the page', { method: 'HEAD', url: '/' }, 200],
    ['a missing asset', { method: 'GET', url: '/assets/missing.js' }, 404],
    ['an unknown API path', { method: 'GET', url: '/api/v1/nothing-here' }, 404],
    ['API health', { method: 'GET', url: '/api/v1/health' }, 200],
    ['API stats', { method: 'GET', url: '/api/v1/stats', headers: auth }, 200],
    ['a CSV download', { method: 'GET', url: '/api/v1/export.csv', headers: auth }, 200],
    ['a stats CSV download', { method: 'GET', url: '/api/v1/stats.csv', headers: auth }, 200],
    ['an API error (no token)', { method: 'GET', url: '/api/v1/stats' }, 401],
    ['an API error (bad parameter)', { method: 'GET', url: '/api/v1/stats?from=gisteren', headers: auth }, 400],
    ['an API error (bad JSON)', { method: 'POST', url: '/api/v1/devices/enroll', headers: { 'content-type': 'application/json' }, payload: '{not json' }, 400],
    ['an API error (wrong media type)', { method: 'POST', url: '/api/v1/devices/enroll', headers: { 'content-type': 'text/plain' }, payload: 'x' }, 415],
    ['an API error (wrong method)', { method: 'DELETE', url: '/api/v1/health' }, 404],
    // The router refuses a path it cannot decode before any route or hook: still the contract's shape and headers.
    ['a path that does not decode', { method: 'GET', url: '/%zz' }, 400],
    ['an API path that does not decode', { method: 'POST', url: '/api/v1/batches/%E0%A4%A', headers: auth }, 400],
  ];
}

describe.each(DATABASE_KINDS)('security headers on %s', (kind) => {
  let directory = '';
  let database: TestDatabase;
  let app: FastifyInstance;
  let httpsApp: FastifyInstance;
  let token = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-dist-'));
    await mkdir(path.join(directory, 'assets'));
    await writeFile(path.join(directory, 'index.html'), '<!doctype html><title>IDO Onderweg</title>');
    await writeFile(path.join(directory, 'sw.js'), 'self.addEventListener("install", () => {});');
    await writeFile(path.join(directory, 'manifest.webmanifest'), '{"name":"IDO Onderweg"}');
    await writeFile(path.join(directory, 'assets', 'index-abc123.js'), 'console.log(1);');
    // What an operator may leave in APP_DIR by mistake: never served.
    await writeFile(path.join(directory, '.env'), 'DATABASE_URL=postgres://ido:geheim-wachtwoord@db/ido');
    await mkdir(path.join(directory, '.git'));
    await writeFile(path.join(directory, '.git', 'config'), '[remote "origin"] url = https://token-geheim@example.org/ido.git');
    await writeFile(path.join(directory, 'assets', '.npmrc'), '//registry.example.org/:_authToken=geheim-token');
    database = await createTestDatabase(kind);
    await seedTestOrganisations(database.db);
    app = await buildServer({ db: database.db, version: 'test', appDirectory: directory });
    httpsApp = await buildServer({ db: database.db, version: 'test', appDirectory: directory, https: true });
    ({ token } = await enrollTablet({ app, db: database.db, database }));
  });
  afterAll(async () => {
    await app?.close();
    await httpsApp?.close();
    await database?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('puts the CSP, nosniff, referrer, permissions and cross-origin policies on every kind of answer', async () => {
    for (const [label, request, status] of requests(token)) {
      const response = await app.inject(request);
      expect(response.statusCode, `${label}: ${response.body.slice(0, 200)}`).toBe(status);
      expectSecurityHeaders(response.headers, label);
      expect(response.headers['strict-transport-security'], label).toBeUndefined();
      if (label.includes('does not decode')) {
        expect(response.headers['content-type'], label).toBe('application/json; charset=utf-8');
        expect(response.json(), label).toEqual({ error: 'invalid_request', message: API_ERRORS.invalid_request[1] });
      }
    }
  });

  it('never serves a file or folder whose name begins with a dot', async () => {
    for (const url of ['/.env', '/.git/config', '/assets/.npmrc', '/%2eenv', '/assets/../.env']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('geheim');
      expect(response.statusCode, url).not.toBe(500);
    }
  });

  it('adds HSTS for a year with subdomains only when the service is said to be behind HTTPS', async () => {
    for (const [label, request, status] of requests(token)) {
      const response = await httpsApp.inject(request);
      expect(response.statusCode, label).toBe(status);
      expectSecurityHeaders(response.headers, label);
      expect(response.headers['strict-transport-security'], label).toBe('max-age=31536000; includeSubDomains');
    }
  });

  it('keeps the headers on a 304 revalidation of the page', async () => {
    const first = await app.inject({ method: 'GET', url: '/sw.js' });
    const again = await app.inject({ method: 'GET', url: '/sw.js', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expectSecurityHeaders(again.headers, '304');
  });
});

describe('security headers outside Fastify\'s routes', () => {
  it('are also on the answer to a request the HTTP parser refuses', async () => {
    const app = await buildServer({ db: NO_DATABASE, https: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as { port: number };
      const socket = connect(port, '127.0.0.1');
      socket.write('POST /api/v1/batches HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}');
      let raw = '';
      for await (const chunk of socket) raw += chunk;
      expect(raw).toMatch(/^HTTP\/1.1 400 /);
      const headers = Object.fromEntries(raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n').slice(1).map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      }));
      expectSecurityHeaders(headers, 'parser error');
      expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'invalid_request', message: expect.any(String) });
    } finally {
      await app.close();
    }
  });
});

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** A server whose app folder holds `html` as index.html; `write` copies a new build's page over it. */
async function withAppPage(html: string, run: (app: FastifyInstance, write: (next: string) => Promise<void>, directory: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'ido-dist-'));
  const write = (next: string) => writeFile(path.join(directory, 'index.html'), next);
  await write(html);
  const app = await buildServer({ db: NO_DATABASE, appDirectory: directory });
  try {
    await run(app, write, directory);
  } finally {
    await app.close();
    await rm(directory, { recursive: true, force: true });
  }
}

describe('the inline style sheet of index.html', () => {

  it('hashes the exact text of each <style> element, and nothing else', () => {
    const css = '.ido-header{color:#154273}\n';
    expect(inlineStyleHashes(`<head><style>${css}</style><link rel="stylesheet" href="/a.css"></head>`)).toEqual([sha256(css)]);
    expect(inlineStyleHashes('<style media="screen">a{}</style><STYLE>b{}</STYLE>')).toEqual([sha256('a{}'), sha256('b{}')]);
    expect(inlineStyleHashes('<body style="color:red"><p>Geen style sheet</p></body>')).toEqual([]);
    expect(inlineStyleHashes('')).toEqual([]);
  });

  it('allows exactly the style sheet the served index.html carries, and follows a new build in the same folder', async () => {
    await withAppPage('<!doctype html><style>.a{color:red}</style><div id="app"></div>', async (app, write, directory) => {
      for (const url of ['/', '/kaart', '/api/v1/nothing']) {
        const response = await app.inject({ method: 'GET', url });
        expectSecurityHeaders({ ...response.headers, 'content-security-policy': String(response.headers['content-security-policy']).replace(/ 'sha256-[\w+/=]+'/g, '') }, url);
        expect(response.headers['content-security-policy'], url).toContain(`style-src 'self' ${sha256('.a{color:red}')}; img-src`);
        expect(response.headers['content-security-policy'], url).toContain("script-src 'self';");
      }
      // a new build copied over the running server's folder: its own hash, the old one gone
      await write('<!doctype html><style>.b{color:blue}</style><div id="app"></div><!-- new build -->');
      const csp = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
      expect(csp).toContain(`style-src 'self' ${sha256('.b{color:blue}')};`);
      expect(csp).not.toContain(sha256('.a{color:red}'));
      // an API answer does not read the file: it carries the hash of the page as last served
      await write('<!doctype html><style>.c{color:green}</style>');
      expect((await app.inject({ method: 'GET', url: '/api/v1/nothing' })).headers['content-security-policy']).toContain(sha256('.b{color:blue}'));
      expect((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']).toContain(`style-src 'self' ${sha256('.c{color:green}')};`);
      // a folder without index.html: the page is a 404 with the policy of a server without the app
      await rm(path.join(directory, 'index.html'));
      const gone = await app.inject({ method: 'GET', url: '/' });
      expect(gone.statusCode).toBe(404);
      expect(gone.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect((await app.inject({ method: 'GET', url: '/api/v1/nothing' })).headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    });
  });
});

describe('the inline script of index.html (the shell\'s classes and the first screen\'s IndexedDB open)', () => {

  it('allows the build\'s own head script by its hash: the shell\'s classes, then the open, one script', async () => {
    const script = headScript();
    expect(script).toMatch(/^try\{document\.documentElement\.classList\.add\(.*\}catch(\(\w+\))?\{\}self\.idoFirstOpen=\(/);
    expect(script).not.toMatch(/<\/script/i);
    await withAppPage(`<!doctype html><head><meta charset="utf-8" /><script>${script}</script></head><div id="app"></div>`, async (app) => {
      const csp = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
      expect(csp).toContain(`script-src 'self' ${sha256(script)};`);
      expect(csp).not.toContain('unsafe');
    });
  });

  it('hashes the exact text of each inline <script>, never a script with a src', () => {
    const open = 'self.idoFirstOpen=1;';
    expect(inlineScriptHashes(`<head><script>${open}</script><script type="module" crossorigin src="/assets/index.js"></script></head>`)).toEqual([sha256(open)]);
    expect(inlineScriptHashes('<script src="/a.js">ignored()</script><SCRIPT>b()</SCRIPT><script type="text/javascript">c()</script>')).toEqual([sha256('b()'), sha256('c()')]);
    expect(inlineScriptHashes('<button onclick="x()">Geen script-element</button>')).toEqual([]);
    expect(inlineScriptHashes('')).toEqual([]);
  });

  it('allows exactly the script the served index.html carries in script-src, beside the style sheet in style-src', async () => {
    await withAppPage('<!doctype html><script>self.a=1</script><style>.a{color:red}</style><div id="app"></div><script type="module" src="/assets/i.js"></script>', async (app, write) => {
      for (const url of ['/', '/kaart', '/api/v1/nothing']) {
        const csp = String((await app.inject({ method: 'GET', url })).headers['content-security-policy']);
        expect(csp, url).toContain(`script-src 'self' ${sha256('self.a=1')}; style-src 'self' ${sha256('.a{color:red}')}; img-src`);
        expect(csp, url).not.toContain('unsafe');
      }
      // a new build with another script: its hash, the old one gone; a page without one: script-src 'self' alone
      await write('<!doctype html><script>self.b=2</script><div id="app"></div>');
      const csp = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
      expect(csp).toContain(`script-src 'self' ${sha256('self.b=2')};`);
      expect(csp).not.toContain(sha256('self.a=1'));
      await write('<!doctype html><div id="app"></div><!-- no script -->');
      expect((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']).toContain("script-src 'self'; style-src 'self';");
    });
  });
});

describe('the HTTPS setting', () => {
  it('is off unless HTTPS=true, and refuses anything but true or false with a Dutch message', () => {
    expect(httpsFromEnv(undefined)).toBe(false);
    expect(httpsFromEnv('')).toBe(false);
    expect(httpsFromEnv('false')).toBe(false);
    expect(httpsFromEnv('true')).toBe(true);
    expect(() => httpsFromEnv('yes')).toThrow('HTTPS moet true of false zijn, niet "yes".');
  });
});

describe('the CSP report address', () => {
  it('adds report-uri to the policy when CSP_REPORT_URI is set, and nothing else changes', async () => {
    const app = await buildServer({ db: NO_DATABASE, cspReportUri: 'https://csp.example.nl/report' });
    try {
      const response = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
      expect(response.headers['content-security-policy']).toBe(`${CONTENT_SECURITY_POLICY}; report-uri https://csp.example.nl/report`);
      expectSecurityHeaders(response.headers, 'with report-uri');
    } finally {
      await app.close();
    }
  });

  it('takes an http(s) address or a path, and refuses anything that could add a directive', () => {
    expect(cspReportUriFromEnv(undefined)).toBeUndefined();
    expect(cspReportUriFromEnv('')).toBeUndefined();
    expect(cspReportUriFromEnv('https://csp.example.nl/report')).toBe('https://csp.example.nl/report');
    expect(cspReportUriFromEnv('/csp-report')).toBe('/csp-report');
    for (const bad of ["https://x.nl/r; script-src 'unsafe-inline'", 'https://x.nl/r,https://y.nl', 'https://x.nl/a b', 'javascript:alert(1)', '//evil.example', 'data:text/plain,x', 'report', 'https://x.nl/\u00e9', 'https://x.nl/r\r\nSet-Cookie: a=b']) {
      expect(() => cspReportUriFromEnv(bad), bad).toThrow(/^CSP_REPORT_URI moet een http\(s\)-adres/);
    }
  });
});

describe('the server process (main.ts) reads HTTPS and CSP_REPORT_URI', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-headers-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('sends HSTS and the report-uri when HTTPS=true and CSP_REPORT_URI are set', async () => {
    const child = startServer({ ...databaseEnv({ dataDir: path.join(directory, 'data') }), PORT: '0', HOST: '127.0.0.1', APP_DIR: '/nonexistent', HTTPS: 'true', CSP_REPORT_URI: '/csp-report' });
    try {
      let stdout = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk) => {
          stdout += chunk;
          const found = /draait op (http:\/\/\S+)/.exec(stdout);
          if (found) resolve(found[1]);
        });
        child.once('exit', (code) => reject(new Error(`main.ts stopped (${code})`)));
      });
      const response = await fetch(`${address}/api/v1/health`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers.get('content-security-policy')).toMatch(/; report-uri \/csp-report$/);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });

  for (const [name, value, message] of [['HTTPS', 'yes', 'HTTPS moet true of false zijn'], ['CSP_REPORT_URI', "/r; script-src 'unsafe-inline'", 'CSP_REPORT_URI moet een http(s)-adres']] as const) {
    it(`does not start with ${name}=${value}, and says why in Dutch`, async () => {
      const child = startServer({ ...databaseEnv({ dataDir: path.join(directory, 'refused') }), PORT: '0', [name]: value });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr).toContain(message);
    });
  }
});
