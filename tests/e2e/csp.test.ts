import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Worker } from 'playwright-core';
import { registerTwoQuestions, waitForControl } from './app';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './server';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
// The library's spreadsheet for the import preview (see kaart-import.test.ts).
const SPREADSHEET = '\uFEFFOrganisatie;Dienst;Omschrijving;Adres;Postcode;Plaats;Telefoon;Openingstijden;Thema\r\n'
  + 'Buurthuis De Linde;Inloop formulierenhulp De Linde;Hulp bij brieven.;Lindelaan 3;4002 AB;Rivierstad;0000-000 099;di 9:00-12:00;Geld en schulden\r\n'
  + 'Stichting Sterrenkijken;Sterrenwacht;;Hemelweg 1;4002 CD;Rivierstad;;;Ruimtevaart\r\n';

interface Violation {
  where: string;
  directive?: string;
  blocked?: string;
  source?: string;
  sample?: string;
}

let browser: Browser;
let server: RunningServer;
let appDirectory: string;
let coordinatorCode: string;
let context: BrowserContext;
let page: Page;
const violations: Violation[] = [];
const workers = new Set<Worker>();
/** Reports the browser POSTs to the CSP's report-uri (CSP_REPORT_URI): these come from workers too, even as they start. */
let reportCollector: Server;
const reports: Violation[] = [];

async function startReportCollector(): Promise<string> {
  reportCollector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const report = (JSON.parse(body) as { 'csp-report': Record<string, string> })['csp-report'];
      reports.push({ where: `report ${report['document-uri']}`, directive: report['effective-directive'], blocked: report['blocked-uri'], source: report['source-file'], sample: report['script-sample'] });
      response.end();
    });
  });
  await new Promise<void>((resolve) => reportCollector.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(reportCollector.address() as { port: number }).port}/csp`;
}

/** Listens for CSP violations inside a worker (dedicated or service worker); read back by `workerViolations`. */
async function watchWorker(worker: Worker): Promise<void> {
  workers.add(worker);
  await worker.evaluate(() => {
    const scope = self as unknown as { cspViolations?: object[] };
    if (scope.cspViolations) return;
    scope.cspViolations = [];
    self.addEventListener('securitypolicyviolation', (event) => {
      const e = event as SecurityPolicyViolationEvent;
      scope.cspViolations!.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
    });
  }).catch(() => workers.delete(worker)); // a worker that ended meanwhile
}

async function workerViolations(): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const worker of workers) {
    const list = await worker.evaluate(() => (self as unknown as { cspViolations?: Violation[] }).cspViolations ?? []).catch(() => []);
    found.push(...list.map((v) => ({ ...v, where: `worker ${worker.url()}` })));
  }
  return found;
}

/** Every violation the browser reported so far, from the page, its workers and the console. */
async function allViolations(): Promise<Violation[]> {
  return [...violations, ...reports, ...(await workerViolations())];
}

/** A page that reports every CSP violation, console line about the policy, and watches its workers. */
async function watchedContext(): Promise<BrowserContext> {
  const watched = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });
  await watched.exposeBinding('reportCspViolation', ({ page: source }, v: Omit<Violation, 'where'>) => {
    violations.push({ ...v, where: `page ${source.url()}` });
  });
  await watched.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (v: object) => void }).reportCspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
    });
  });
  watched.on('page', (opened) => watchPage(opened));
  watched.on('serviceworker', (worker) => void watchWorker(worker));
  return watched;
}

function watchPage(watchedPage: Page): void {
  watchedPage.on('worker', (worker) => void watchWorker(worker));
  watchedPage.on('console', (message) => {
    if (/Content.Security.Policy|Permissions.Policy/i.test(message.text())) violations.push({ where: `console ${watchedPage.url()}`, sample: message.text() });
  });
}

async function expectNoViolations(): Promise<void> {
  expect(await allViolations()).toEqual([]);
}

async function show(hash: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${server.url}/${hash}`);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

beforeAll(async () => {
  // A copy of the build that the last test "deploys" a new version into (the update banner).
  appDirectory = mkdtempSync(join(tmpdir(), 'ido-csp-'));
  cpSync(inject('e2eDist'), appDirectory, { recursive: true });
  browser = await launchChromium();
  const seeding = await startServer(appDirectory);
  await seeding.stop({ keepData: true });
  const admin = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/server/admin.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: seeding.dataDir },
  }).toString().trim();
  coordinatorCode = admin('create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator');
  server = await startServer(appDirectory, { CSP_REPORT_URI: await startReportCollector() }, seeding.dataDir);
  context = await watchedContext();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  reportCollector?.close();
  rmSync(appDirectory, { recursive: true, force: true });
});

describe('the app under its Content-Security-Policy', () => {
  it('sends the security headers on a page, an asset, the worker script, an API answer, an API error and a 404', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const script = html.match(/src="(\/assets\/index-[^"]+\.js)"/)![1];
    const inlineStyles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(inlineStyles, 'index.html carries the shell\'s CSS inline, once').toHaveLength(1);
    expect(html.slice(0, html.indexOf('</head>')), 'no style sheet in the head holds the first paint back').not.toMatch(/rel="stylesheet"/);
    const styleHash = `'sha256-${createHash('sha256').update(inlineStyles[0]).digest('base64')}'`;
    // and one inline script in the head (vite.config.ts, earlyOpenPlugin): the shell's classes on <html> (a laptop page's
    // shell, before the first paint: laptop-menu.test.ts), then the first screen's IndexedDB open
    const inlineScripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inlineScripts, 'index.html carries one inline script').toHaveLength(1);
    expect(inlineScripts[0]).toMatch(/^try\{document\.documentElement\.classList\.add\(.*localStorage\.getItem\("ido-shell"\).*\}catch(\(\w+\))?\{\}self\.idoFirstOpen=/);
    const scriptHash = `'sha256-${createHash('sha256').update(inlineScripts[0]).digest('base64')}'`;
    const worker = readdirSync(join(appDirectory, 'assets')).find((name) => name.startsWith('kaart-search.worker-'));
    const urls: Array<[string, number]> = [
      ['/', 200], ['/kaart', 200], [script, 200], ['/sw.js', 200], ['/manifest.webmanifest', 200],
      ['/api/v1/health', 200], ['/api/v1/stats', 401], ['/api/v1/nothing', 404], ['/assets/missing.js', 404],
    ];
    if (worker) urls.push([`/assets/${worker}`, 200]);
    for (const [url, status] of urls) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status, url).toBe(status);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, url).toMatch(/^default-src 'self'.*script-src 'self' 'sha256-[\w+/]+=*';.*style-src 'self' 'sha256-[\w+/]+=*';.*connect-src 'self'.*worker-src 'self'.*frame-ancestors 'none'.*base-uri 'none'.*object-src 'none'/);
      // the two inline things allowed: the shell's CSS and the head's script in index.html, by the hashes of their texts
      expect(csp, url).toContain(`style-src 'self' ${styleHash};`);
      expect(csp, url).toContain(`script-src 'self' ${scriptHash};`);
      expect(csp, url).not.toContain('unsafe');
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), url).toBe('no-referrer');
      expect(response.headers.get('permissions-policy'), url).toContain('camera=()');
      expect(response.headers.get('cross-origin-opener-policy'), url).toBe('same-origin');
      expect(response.headers.get('cross-origin-resource-policy'), url).toBe('same-origin');
      expect(response.headers.get('strict-transport-security'), `${url}: no HSTS on plain HTTP without HTTPS=true`).toBeNull();
    }
    // the worker script really is a file of its own (worker-src 'self'), not a data: or blob: URL
    expect(worker).toBeDefined();
  });

  it('enrolls the tablet with a code', async () => {
    page = await context.newPage();
    await page.goto(server.url);
    await waitForControl(page);
    await page.getByLabel('Koppelcode').fill(coordinatorCode);
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText(/De tablet is gekoppeld aan/).waitFor();
    // The head's inline script ran under the policy (its hash), from the server's page and from the service worker's copy.
    expect(await page.evaluate(() => 'idoFirstOpen' in self)).toBe(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await page.evaluate(() => 'idoFirstOpen' in self)).toBe(true);
    await expectNoViolations();
  });

  it('registers a contact, with the error summary, the day list, an edit, the overview and the settings', async () => {
    await show('#/', 'Nieuw contact registreren');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#error-summary').waitFor();
    await registerTwoQuestions(page);
    await expect.poll(() => page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/alles verstuurd/);
    await show('#/vandaag', 'Vandaag');
    await page.getByRole('button', { name: /^Verwijderen: registratie/ }).first().click();
    await page.getByRole('button', { name: 'Nee, bewaren' }).click();
    await page.getByRole('button', { name: /^Aanpassen: registratie/ }).first().click();
    await page.getByRole('button', { name: 'Wijziging opslaan' }).waitFor();
    await show('#/overzicht', 'Overzicht van deze tablet');
    await expect.poll(() => page.locator('#overview-questions').innerText()).toBe('2');
    await show('#/instellingen', 'Instellingen');
    await expectNoViolations();
  });

  it('searches the sociale kaart in its worker, opens an entry, its print view, the edit form and the conflicts page', async () => {
    await show('#/kaart', 'Sociale kaart');
    await page.getByLabel('Zoek hulp').fill('schulden');
    await expect.poll(() => page.locator('#kaart-results li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByText('Meer filters en thema’s').click();
    await page.getByLabel('Afstand').selectOption('1');
    await page.getByLabel('In de buurt van').selectOption({ label: 'Bibliotheek Centrum' });
    await page.getByLabel('In de buurt van').selectOption({ label: 'Overal' });
    await page.getByLabel('Zoek hulp').fill('dienst toeslagen');
    await page.getByRole('link', { name: 'Dienst Toeslagen: hulp bij toeslagen' }).click();
    await page.getByRole('heading', { name: 'Dienst Toeslagen: hulp bij toeslagen', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Klopt niet' }).click();
    await page.getByLabel('Wat klopt er niet?').fill('Andere openingstijden.');
    await page.getByRole('button', { name: 'Melden aan de coördinator' }).click();
    await page.getByText('De coördinator krijgt uw melding').waitFor();
    await page.getByRole('link', { name: 'Afdrukken of delen' }).click();
    await page.getByRole('button', { name: 'Afdrukken' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: '.tmp/screenshots/csp-handout-print.png' });
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Terug' }).click();
    await page.getByRole('heading', { name: 'Dienst Toeslagen: hulp bij toeslagen', level: 1 }).waitFor();
    // A national entry: no "Bewerken" on a coordinator's tablet (the server refused that edit: "1 kaartwijziging
    // geweigerd"), and why. An edit of one of the organisation's own entries instead.
    expect(await page.getByRole('button', { name: 'Bewerken' }).count()).toBe(0);
    expect(await page.locator('#service-national').innerText()).toBe('Dit is een landelijk gegeven: alleen het landelijk team kan het wijzigen. Klopt er iets niet? Kies ‘Klopt niet’.');
    await show('#/kaart', 'Sociale kaart');
    await page.getByLabel('Zoek hulp').fill('taalcafe');
    await page.getByRole('link', { name: 'Taalcafé', exact: true }).click();
    await page.getByRole('button', { name: 'Bewerken' }).click();
    await page.getByLabel('Omschrijving').fill('Elke donderdag samen Nederlands oefenen, ook op afspraak. (voorbeeld)');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    // the edit and the feedback go to the server (connect-src 'self'), from the page or the service worker
    await expect.poll(() => page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/alles verstuurd/);
    await show('#/kaart/nieuw', /dienst/i);
    await show('#/kaart/conflicten', 'Wijzigingen in de sociale kaart kiezen');
    await expectNoViolations();
  });

  it('previews a spreadsheet on the kaart import page', async () => {
    await show('#/kaart/import', 'Kaart importeren of exporteren');
    await page.setInputFiles('#import-file', { name: 'kaart.csv', mimeType: 'text/csv', buffer: Buffer.from(SPREADSHEET, 'utf8') });
    await page.getByRole('heading', { name: 'Kolommen kiezen' }).waitFor();
    await page.locator('#import-errors').waitFor();
    await expectNoViolations();
  });

  it('shows the coordinator dashboard with its Chart.js charts, a table and a CSV download', async () => {
    // The coordinator tablet is signed in by its own enrollment, as in Beheer (no toegangscode to type).
    await show('#/dashboard', 'Dashboard');
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => page.locator('section.ido-chart canvas').count()).toBeGreaterThan(1);
    // Chart.js drew: the first chart's canvas has pixels that are not blank.
    expect(await page.locator('section.ido-chart canvas').first().evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL().length)).toBeGreaterThan(1_000);
    await page.locator('section.ido-chart canvas').first().hover();
    await page.getByRole('button', { name: /^Toon .* als tabel$/ }).first().click();
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.setViewportSize({ width: 1024, height: 768 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Alle vragen als CSV (Excel)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await page.screenshot({ path: '.tmp/screenshots/csp-dashboard.png', fullPage: true });
    await expectNoViolations();
  });

  it('opens beheer on the coordinator tablet by its own enrollment: locations, a code with its QR code, tablets, access, the log and its CSV', async () => {
    await show('#/instellingen', 'Instellingen');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
    await page.getByRole('heading', { name: /^Beheer: /, level: 1 }).waitFor();
    await page.getByText('Ingelogd als: coördinator (deze tablet)').waitFor();
    await page.locator('#locations-table').waitFor();
    await page.getByRole('button', { name: 'Nieuwe locatie' }).click();
    await page.getByRole('button', { name: 'Locatie toevoegen' }).click();
    await page.getByText('Vul de naam van de locatie in.').waitFor();
    const tab = (name: string) => page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name, exact: true }).click();
    await tab('Koppelcodes');
    await page.getByRole('button', { name: 'Koppelcode maken' }).click();
    await page.getByRole('img', { name: /^QR-code om een tablet te koppelen/ }).waitFor();
    await tab('Tablets');
    await page.locator('#devices-table').waitFor();
    await tab('Toegang');
    await page.locator('#tokens-table-coordinator').waitFor();
    await tab('Logboek');
    await page.locator('#audit-table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await tab('Kaart-inbox');
    await expectNoViolations();
  });

  it('keeps the policy when the service worker serves the app offline', async () => {
    await context.setOffline(true);
    try {
      await page.goto(`${server.url}/#/kaart`);
      await page.reload();
      await page.getByRole('heading', { name: 'Sociale kaart', level: 1 }).waitFor();
      await page.getByLabel('Zoek hulp').fill('toeslag');
      await expect.poll(() => page.locator('#kaart-results li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const cspOfCachedPage = await page.evaluate(async () => (await caches.match('/index.html', { ignoreSearch: true }))?.headers.get('content-security-policy'));
      expect(cspOfCachedPage).toContain("script-src 'self'");
    } finally {
      await context.setOffline(false);
    }
    await expectNoViolations();
  });

  it('shows the update banner and loads the new version', async () => {
    await show('#/', 'Nieuw contact registreren');
    appendFileSync(join(appDirectory, 'sw.js'), '\n// version 2\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const update = page.getByRole('button', { name: 'Nieuwe versie beschikbaar – bijwerken' });
    await update.waitFor({ timeout: 30_000 });
    await Promise.all([page.waitForEvent('load'), update.click()]).catch(async (error: unknown) => {
      // Failed twice in 13 runs of four e2e files together (session 8), never alone: say where the update stood.
      const where = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return JSON.stringify({ active: r?.active?.state, waiting: r?.waiting?.state, installing: r?.installing?.state, controller: navigator.serviceWorker.controller?.state, url: location.href, readyState: document.readyState });
      }).catch((e: unknown) => `page not answering: ${String(e)}`);
      throw new Error(`the page did not load the new version after "bijwerken": ${where}`, { cause: error });
    });
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await expectNoViolations();
  });

  it('reports a real violation, so zero above means zero (inline script, inline style and style element, eval in page and worker)', async () => {
    await show('#/kaart', 'Sociale kaart');
    await page.getByLabel('Zoek hulp').fill('schulden');
    await expect.poll(() => page.locator('#kaart-results li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // From a task of the page itself (code Playwright evaluates directly is exempt from the eval check).
    const blocked = await page.evaluate(() => new Promise((resolve) => setTimeout(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      document.body.setAttribute('style', 'color: red');
      const style = document.createElement('style');
      style.textContent = 'body { outline: 3px dotted red }';
      document.head.append(style);
      const base = document.createElement('base');
      base.href = 'https://evil.example/';
      document.head.prepend(base);
      let evalRan = true;
      try {
        new Function('return 1')();
      } catch {
        evalRan = false;
      }
      resolve({ inlineRan: 'inlineRan' in window, evalRan, styled: getComputedStyle(document.body).color === 'rgb(255, 0, 0)', inlineStyled: getComputedStyle(document.body).outlineStyle === 'dotted', baseMoved: document.baseURI.startsWith('https://evil.example') });
    })));
    expect(blocked).toEqual({ inlineRan: false, evalRan: false, styled: false, inlineStyled: false, baseMoved: false });
    const searchWorker = page.workers().find((w) => w.url().includes('kaart-search'));
    expect(searchWorker).toBeDefined();
    await watchWorker(searchWorker!);
    expect(await searchWorker!.evaluate(() => new Promise((resolve) => setTimeout(() => {
      try {
        resolve(new Function('return 1')());
      } catch {
        resolve('blocked');
      }
    })))).toBe('blocked');
    await expect.poll(async () => (await allViolations()).map((v) => `${v.where.split(' ')[0]} ${v.directive ?? ''}`).sort())
      .toEqual(expect.arrayContaining(['page script-src-elem', 'page style-src-attr', 'page style-src-elem', 'page script-src', 'worker script-src', 'report script-src', 'report script-src-elem', 'report style-src-attr', 'page base-uri']));
  });

  it('also hears a violation a worker makes while it starts, before any listener of ours is in it', async () => {
    writeFileSync(join(appDirectory, 'probe-worker.js'), 'try { new Function("return 1")(); } catch { postMessage("blocked"); }');
    expect(await page.evaluate(() => new Promise((resolve) => {
      new Worker('/probe-worker.js').onmessage = (event) => resolve(event.data);
    }))).toBe('blocked');
    await expect.poll(() => reports.map((v) => `${v.where} ${v.directive}`)).toContain(`report ${server.url}/probe-worker.js script-src`);
  });

  it('cannot be framed by another site (clickjacking)', async () => {
    const attacker = await browser.newContext();
    const attackerPage = await attacker.newPage();
    await attackerPage.setContent(`<iframe src="${server.url}/#/instellingen"></iframe>`);
    await expect.poll(() => reports.some((r) => r.directive === 'frame-ancestors')).toBe(true);
    const frame = attackerPage.frames()[1];
    expect(await frame.evaluate(() => document.querySelector('#app')).catch(() => null)).toBeNull();
    await attacker.close();
  });
});
