import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Registration } from '../../src/shared/registration';
import { axeViolations, enrollInApp, signInWithToken, smallTapTargets } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * A library that just started (helper-107): an organisation with one location and no registration at all, on a fresh
 * tablet and on a laptop, at 768×1024 and 1280×800. Every report page says in words what is missing and what to do,
 * instead of axes around nothing, tables of a header only or of zeros (or of 0 and "–"), a CSV of a header only, "0 %" of nothing or
 * "alles binnen het gewone niveau" where there is no usual level yet.
 * Then one contact of this week, seen by the national team (the only organisation outside the demo): every chart draws
 * (no government organisation and no referral are rows too), with its text alternative, and its table opens by
 * keyboard. Screenshots in .tmp/screenshots.
 */

let browser: Browser;
let server: RunningServer;
chromiumAndServer((b, s) => {
  browser = b;
  server = s;
});

const VIEWPORTS = [{ width: 768, height: 1024 }, { width: 1280, height: 800 }];
const SHOTS = '.tmp/screenshots';
let organisation = '';
let coordinator = '';
let national = '';
let tabletCode = '';
let seedCode = '';

beforeAll(() => {
  organisation = runAdmin(server.dataDir, ['create-organisation', '--name', 'Bibliotheek Nieuwstad', '--municipality', 'GM0855']);
  runAdmin(server.dataDir, ['create-location', '--organisation', organisation, '--name', 'Bibliotheek Nieuwstad Centrum', '--municipality', 'GM0855',
    '--province', 'Noord-Brabant', '--kind', 'vestiging', '--scenarios', 'spreekuur', '--hours', '6', '--inside-library', 'true', '--opened', '2026-01-01', '--id', 'nieuwstad-centrum']);
  coordinator = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', organisation]);
  national = runAdmin(server.dataDir, ['create-token', '--role', 'national']);
  tabletCode = runAdmin(server.dataDir, ['create-code', '--organisation', organisation, '--role', 'coordinator']);
  seedCode = runAdmin(server.dataDir, ['create-code', '--organisation', organisation]);
});

const TOO_NEW = 'Nog niets te vergelijken. Opvallend vergelijkt een maand met de maanden ervoor. Dat kan pas als er in minstens 3 eerdere maanden vragen zijn geregistreerd.';

/** What no report page may show: a number that is none, or a share of nothing. */
const NOT_A_FIGURE = /NaN|Infinity|undefined|null|\b0 % van/;

/** At each size: no sideways scroll, axe clean, no small tap target, no NaN; a screenshot of the whole page. */
async function checkAtBothSizes(page: Page, name: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} at ${viewport.width}`).toBeLessThanOrEqual(0);
    expect(await page.locator('main').innerText(), name).not.toMatch(NOT_A_FIGURE);
    expect(await axeViolations(page), `${name} at ${viewport.width}`).toEqual([]);
    expect(await smallTapTargets(page), `${name} at ${viewport.width}`).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/new-organisation-${name}-${viewport.width}x${viewport.height}.png`, fullPage: true });
  }
}

describe('the report pages of an organisation without registrations', () => {
  it('the dashboard, "Uren en drukte" and the annual report say what is missing and what to do', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/dashboard`, coordinator);
    await expect.poll(() => page.locator('#dashboard-empty').innerText(), { timeout: 30_000 }).toBe(
      'Er zijn nog geen contacten in deze keuze. Registreer contacten op een gekoppelde tablet: met internet verstuurt de tablet ze vanzelf. Kies anders een ander jaar of minder filters.');
    expect(await page.locator('#dashboard-contacts').innerText()).toBe('0');
    // No CSV of a header only, no six empty charts (axes only), no location table of a header only.
    expect(await page.getByRole('button', { name: 'Alle vragen als CSV (Excel)' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Groepsbijeenkomsten als CSV (Excel)' }).count()).toBe(0);
    expect(await page.locator('#dashboard-groups-empty').innerText()).toMatch(/^Er zijn nog geen groepsbijeenkomsten in deze keuze\. .*Groepsbijeenkomst registreren\.$/);
    expect(await page.locator('#charts-empty').innerText()).toBe('Er zijn nog geen grafieken, want in deze keuze zijn nog geen contacten.');
    expect(await page.locator('section.ido-chart').count()).toBe(0);
    expect(await page.locator('#location-table').count()).toBe(0);
    expect(await page.locator('#locations-empty').innerText()).toMatch(/^Er zijn nog geen contacten op een locatie in deze keuze\./);
    // "Opvallend" has no usual level to compare with yet: not "alles binnen het gewone niveau".
    expect(await page.locator('#dashboard-rising-none').innerText()).toBe(TOO_NEW);
    await checkAtBothSizes(page, 'dashboard');

    await page.goto(`${server.url}/#/dashboard/uren`);
    await page.locator('#busy-total').waitFor({ timeout: 30_000 });
    expect(await page.locator('#busy-hours-title + p').innerText()).toMatch(/: 0 contacten\. Er is dus nog geen drukte te zien\. Kies een langere periode of een andere locatie\.$/);
    expect(await page.locator('#busy-hours-table').count()).toBe(0);
    // "Scenario's vergeleken" showed the location's one scenario as a row of 0 contacts and "–": now a sentence.
    expect(await page.locator('#scenario-comparison-empty').innerText()).toMatch(
      /^Van \d{1,2} \p{L}+ \d{4} t\/m \d{1,2} \p{L}+ \d{4} zijn er nog geen contacten\. Er is dus nog niets te vergelijken\. Registreer contacten op een gekoppelde tablet, of kies een andere periode\.$/u);
    expect(await page.locator('#scenario-comparison-table').count()).toBe(0);
    await checkAtBothSizes(page, 'uren');

    await page.goto(`${server.url}/#/jaarverslag`);
    await page.locator('#annual-months-empty').waitFor({ timeout: 30_000 });
    expect(await page.locator('#annual-months-empty').innerText()).toBe('Dit jaar zijn nog geen contacten geregistreerd. Zodra de tablets contacten versturen, komen ze in dit verslag.');
    expect(await page.locator('#annual-referred').innerText()).toBe('Dit jaar zijn nog geen vragen geregistreerd. Er is dus nog niets opgelost of doorverwezen.');
    // Twelve bars of 0, a table of twelve zeros and a "Was de vraag opgelost?" table of a header only are gone.
    expect(await page.locator('#annual-months, #annual-resolved, #annual-referred-to').count()).toBe(0);
    // The one location stands in the hours table, with its hours and no contacts.
    expect(await page.locator('#annual-locations tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Bibliotheek Nieuwstad Centrum\t0\t0\t6\t/)]);
    await checkAtBothSizes(page, 'jaarverslag');
    await context.close();
  });

  it('a fresh tablet\'s Overzicht says in one sentence that it has no contacts yet', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', hasTouch: true });
    const page = await enrollInApp(context, server.url, tabletCode, { enrolled: 'De tablet is gekoppeld aan Bibliotheek Nieuwstad.' });
    await page.goto(`${server.url}/#/overzicht`);
    await expect.poll(() => page.locator('#overview-empty').innerText()).toBe(
      'Deze tablet heeft in deze periode nog geen contacten. Registreer een contact bij Registreren, of kies een andere periode.');
    // "Opvallend in uw organisatie", fetched at the coordinator tablet's sync and shown offline, says the same.
    await expect.poll(() => page.locator('#overview-rising-none').innerText(), { timeout: 30_000 }).toBe(TOO_NEW);
    // One sentence instead of six tables that each said "Nog niets in deze periode." under their header.
    expect(await page.locator('main table').count()).toBe(0);
    await checkAtBothSizes(page, 'overzicht');
    await context.close();
  });
});

describe('the national view with one organisation and one contact of this week', () => {
  beforeAll(async () => {
    const enrolled = await (await fetch(`${server.url}/api/v1/devices/enroll`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: seedCode, label: 'seed' }),
    })).json() as { deviceId: string; token: string };
    // One question on DigiD, helped together, solved, no government organisation named: a minute ago, so this week.
    const record: Registration = {
      id: crypto.randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId: enrolled.deviceId, organisationId: organisation, locationId: 'nieuwstad-centrum',
      scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt: new Date(Date.now() - 60_000).toISOString(), durationMinutes: 10, consentForReferral: false, deleted: false,
      questions: [{ category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], help: ['samen_gedaan'], resolved: 'ja', digidFollowUp: 'activeren' }],
    };
    const batchId = crypto.randomUUID();
    const answer = await fetch(`${server.url}/api/v1/batches`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.token}`, 'idempotency-key': batchId },
      body: JSON.stringify({ batchId, deviceId: enrolled.deviceId, sentAt: new Date().toISOString(), records: [record] }),
    });
    expect(((await answer.json()) as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(['accepted']);
  });

  it('draws every chart, each with its text alternative, and opens a chart\'s table by keyboard', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS[1], locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/dashboard`, national);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('1');
    expect(await page.locator('#dashboard-empty').count()).toBe(0);
    expect(await page.locator('#location-table tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Bibliotheek Nieuwstad Centrum\t1\t1\t/)]);
    // Every chart draws: "Geen overheidsorganisatie" and "Niet doorverwezen" are rows of their charts.
    const card = (title: string) => page.locator('section.ido-chart', { has: page.getByRole('heading', { name: title, exact: true }) });
    expect(await page.locator('section.ido-chart canvas').count()).toBe(6);
    expect(await card('Overheidsorganisaties').locator('canvas').getAttribute('aria-label')).toBe('Overheidsorganisaties: Geen overheidsorganisatie 1. Totaal 1.');
    // The charts with figures: a canvas whose text alternative says them, and a table by keyboard.
    expect(await card('Onderwerpen').locator('canvas').getAttribute('aria-label')).toBe('Onderwerpen: DigiD 1. Totaal 1.');
    await page.getByRole('button', { name: 'Toon Onderwerpen als tabel' }).focus();
    await page.keyboard.press('Enter');
    expect(await card('Onderwerpen').locator('tbody tr').allInnerTexts()).toEqual(['DigiD\t1\t1']);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Toon Onderwerpen als grafiek');
    await checkAtBothSizes(page, 'landelijk');
    await context.close();
  });
});
