import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import type { Registration } from '../../src/shared/registration';
import { amsterdamMonthsBack, momentsThisMonth } from '../rising-seed';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, recordLayoutShifts, shiftsOf, showAtLargeText, signInWithToken, smallTapTargets } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

// The report pages a coordinator opens on a laptop or tablet (the dashboard, "Uren en drukte", the jaarverslag) stand
// still as their answers come in: "the page never moves under a finger". They moved by themselves at every load:
// "Opvallend" filled in above the filters and pushed them down (54 px at 1024×768, 81 at 768×1024), the busy-hours
// card grew and pushed "Scenario's vergeleken" down, and the jaarverslag's heading took a second line (the name of
// whose report it is) and pushed the form down 42 px at 768 px.
const NOTES = '.tmp/screenshots';
const SIZES = [{ width: 1024, height: 768 }, { width: 768, height: 1024 }, { width: 1280, height: 800 }];

let browser: Browser;
let server: RunningServer;
let token: string;

chromiumServerAndCoordinator((started, app, coordinatorToken) => ([browser, server, token] = [started, app, coordinatorToken]));
beforeAll(async () => {
  mkdirSync(NOTES, { recursive: true });
  // A rise for "Opvallend" to show (toeslagen 3 a month for five months, then 20 this month) and contacts for the rest.
  const enrolled = await (await fetch(`${server.url}/api/v1/devices/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: server.enrollmentCode, label: 'seed' }),
  })).json() as { deviceId: string; token: string };
  const moments = [...[5, 4, 3, 2, 1].flatMap((back) => Array(3).fill(amsterdamMonthsBack(back)) as string[]), ...momentsThisMonth(20, 120_000)];
  const records: Registration[] = moments.map((startedAt) => ({
    id: crypto.randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId: enrolled.deviceId, organisationId: DEMO_ORGANISATION,
    locationId: 'demo-centrum', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt, durationMinutes: 15,
    questions: [{ category: 'digitale_overheid', topics: ['toeslagen'], governmentOrganisations: [], help: ['samen_gedaan'], resolved: 'ja' }],
    consentForReferral: false, deleted: false,
  }));
  const batchId = crypto.randomUUID();
  const answer = await fetch(`${server.url}/api/v1/batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.token}`, 'idempotency-key': batchId },
    body: JSON.stringify({ batchId, deviceId: enrolled.deviceId, sentAt: new Date().toISOString(), records }),
  });
  expect(((await answer.json()) as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(records.map(() => 'accepted'));
});

/** Every layout shift recorded since the last call, input or not (a select chosen by the test is no input to Chromium). */
const shifts = async (page: Page) => (await shiftsOf(page)).map((shift) => `${shift.value.toFixed(5)} at ${shift.at} ms: ${shift.sources.join('; ')}`);

/** Holds the answers whose API path ends in `path` for `ms`, so that they come last (an answer arriving late must push nothing). */
const holdBack = (page: Page, path: string, ms: number) => page.route((url) => url.pathname.endsWith(path), async (route: Route) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await route.continue();
});

/** The page's status line says nothing more is on its way, and the late answer's content is there. */
async function settled(page: Page, shown: string): Promise<void> {
  // (The status line first: while new views are prepared out of sight, the figures shown are still the old ones.)
  await expect.poll(() => page.locator('.ido-report-status[data-loading]').count(), { timeout: 15_000 }).toBe(0);
  await page.locator(shown).waitFor();
  await page.waitForTimeout(300); // a late shift would still be recorded
}

/** Ids that more than one element of the document has, and references (aria, a label's `for`) that name no element or more than one. */
const idProblems = (page: Page) => page.evaluate(() => {
  const counts = new Map<string, number>();
  for (const element of document.querySelectorAll('[id]')) counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
  const problems = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `#${id} ${n} times`);
  for (const element of document.querySelectorAll('[aria-labelledby], [aria-describedby], [aria-controls], label[for]')) {
    const names = ['aria-labelledby', 'aria-describedby', 'aria-controls', 'for'].flatMap((name) => (element.getAttribute(name) ?? '').split(/\s+/).filter(Boolean));
    // (a closed "Toon twee jaar" names the details it would open: aria-controls may name no element, never two)
    for (const id of names) if ((counts.get(id) ?? 0) > 1 || (!counts.has(id) && !element.hasAttribute('aria-controls'))) problems.push(`${element.tagName.toLowerCase()} names #${id}, which is there ${counts.get(id) ?? 0} times`);
  }
  return problems;
});

/** Where the element's top is, to see that what the user touched did not move. */
const topOf = (page: Page, selector: string) => page.locator(selector).evaluate((element) => Math.round(element.getBoundingClientRect().top));

describe('the report pages stand still as their answers come in', () => {
  it('the dashboard: the filters first, the views all at once, at load, with "Opvallend" last to answer, and after a filter', async () => {
    for (const viewport of SIZES) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      await context.addInitScript(recordLayoutShifts);
      const page = await context.newPage();
      await signInWithToken(page, `${server.url}/#/dashboard`, token);
      await settled(page, '#dashboard-rising-list');
      await page.reload();
      await settled(page, '#dashboard-rising-list');
      expect(await shifts(page), `reload at ${size}`).toEqual([]);
      expect(await page.locator('section[aria-labelledby="dashboard-heading"] h2').first().innerText(), size).toBe('Opvallend');

      // "Opvallend" answering last, after the figures and charts: still nothing moves.
      await holdBack(page, '/stats/rising', 800);
      await page.reload();
      await settled(page, '#dashboard-rising-list');
      expect(await shifts(page), `rising last at ${size}`).toEqual([]);

      // Another year: the figures shown stay, the line under the filters says new ones come, then they come at once.
      const filtersTop = await topOf(page, 'form[aria-label="Filters"]');
      const lastYear = String(new Date().getFullYear() - 1);
      await page.getByLabel('Jaar', { exact: true }).selectOption(lastYear);
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nieuwe cijfers worden geladen…' }).count()).toBe(1);
      expect(await page.locator('#dashboard-rising-list').isVisible(), size).toBe(true);
      await settled(page, '#dashboard-contacts');
      expect(await page.getByRole('status').filter({ hasText: 'De cijfers zijn bijgewerkt.' }).count(), size).toBe(1);
      expect(await topOf(page, 'form[aria-label="Filters"]'), size).toBe(filtersTop);
      expect(await shifts(page), `another year at ${size}`).toEqual([]);
      expect(await page.locator('#dashboard-rising-list, #dashboard-rising-none').count(), size).toBe(1);

      expect(await axeViolations(page), size).toEqual([]);
      expect(await smallTapTargets(page), size).toEqual([]);
      await page.screenshot({ path: `${NOTES}/s44-h76-dashboard-${size}.png` });
      await context.close();
    }
  });

  it('the dashboard: while a filter\'s views are prepared out of sight, no id is in the document twice', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/dashboard`, token);
    await settled(page, '#dashboard-rising-list');
    await shiftsOf(page);
    expect(await idProblems(page), 'shown').toEqual([]);
    // "Opvallend" of the other year held until the test lets it go: the other views of that year are built meanwhile.
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route((url) => url.pathname.endsWith('/stats/rising'), async (route: Route) => { await held; await route.continue(); });
    await page.getByLabel('Jaar', { exact: true }).selectOption(String(new Date().getFullYear() - 1));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nieuwe cijfers worden geladen…' }).count()).toBe(1);
    // The new figures and charts are in the hidden copy, beside the shown ones: the year before has no contacts, so its
    // figures say so and one card stands for the charts (six of axes around nothing before), each with a prepared id.
    await expect.poll(() => page.locator('.ido-results[hidden] .ido-card.ido-figures').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('.ido-results[hidden] #preparing-charts-empty, .ido-results[hidden] #preparing-dashboard-empty').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('.ido-results:not([hidden]) .ido-card.ido-figures').count()).toBe(1);
    expect(await idProblems(page), 'while the new views are prepared').toEqual([]);
    expect(await axeViolations(page), 'while the new views are prepared').toEqual([]);
    release();
    await settled(page, '#dashboard-contacts');
    expect(await page.locator('.ido-results').count()).toBe(1);
    expect(await idProblems(page), 'after the swap').toEqual([]);
    expect(await page.getByRole('heading', { name: 'Opvallend' }).getAttribute('id')).toBe('rising-title');
    expect(await shifts(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${NOTES}/s45-h82-dashboard-after-swap.png` });
    await context.close();
  });

  it('a coordinator\'s tablet: its dashboard, signed in by itself, stands still at load, portrait and landscape', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    await page.goto(`${server.url}/#/dashboard`);
    await settled(page, '#dashboard-rising-list');
    for (const viewport of [{ width: 768, height: 1024 }, { width: 1024, height: 768 }]) {
      await page.setViewportSize(viewport);
      await page.reload();
      await settled(page, '#dashboard-rising-list');
      expect(await shifts(page), `${viewport.width}x${viewport.height}`).toEqual([]);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${NOTES}/s44-h76-dashboard-tablet-1024x768.png` });
    await context.close();
  });

  it('the dashboard at 200 % text: a filter changed, nothing moves', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/dashboard`, token);
    await settled(page, '#dashboard-rising-list');
    await showAtLargeText(page, `${server.url}/#/dashboard`, 'Dashboard');
    await settled(page, '#dashboard-rising-list');
    await shiftsOf(page); // the text growing moves everything, once
    await holdBack(page, '/stats/rising', 800);
    await page.getByLabel('Jaar', { exact: true }).selectOption(String(new Date().getFullYear() - 1));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nieuwe cijfers worden geladen…' }).count()).toBe(1);
    await settled(page, '#dashboard-contacts');
    expect(await shifts(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${NOTES}/s44-h76-dashboard-200-procent.png` });
    await context.close();
  });

  it('"Uren en drukte": the three views at once, at load, with the busy hours last to answer, and after a choice', async () => {
    for (const viewport of SIZES) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      await context.addInitScript(recordLayoutShifts);
      const page = await context.newPage();
      await signInWithToken(page, `${server.url}/#/dashboard/uren`, token);
      await settled(page, '#scenario-comparison-table');
      await page.reload();
      await settled(page, '#scenario-comparison-table');
      expect(await shifts(page), `reload at ${size}`).toEqual([]);

      await holdBack(page, '/busy-hours', 800);
      await page.reload();
      await settled(page, '#busy-hours-table');
      expect(await shifts(page), `busy hours last at ${size}`).toEqual([]);

      // A location chosen: its hours history comes in the first view, above the others, which stay where they are until then.
      const formTop = await topOf(page, 'form[aria-label="Keuzes"]');
      await page.getByLabel('Locatie', { exact: true }).selectOption('demo-centrum');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nieuwe cijfers worden geladen…' }).count()).toBe(1);
      await settled(page, '#hours-months');
      expect(await topOf(page, 'form[aria-label="Keuzes"]'), size).toBe(formTop);
      expect(await shifts(page), `a location at ${size}`).toEqual([]);

      expect(await axeViolations(page), size).toEqual([]);
      expect(await smallTapTargets(page), size).toEqual([]);
      await page.screenshot({ path: `${NOTES}/s44-h76-uren-${size}.png` });
      await context.close();
    }
  });

  it('the jaarverslag: the heading keeps its one line, the report comes below the form, at load and for another year', async () => {
    for (const viewport of SIZES) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      await context.addInitScript(recordLayoutShifts);
      const page = await context.newPage();
      await signInWithToken(page, `${server.url}/#/jaarverslag`, token);
      await page.locator('#annual-period').waitFor();
      await page.reload();
      await page.locator('#annual-period').waitFor();
      await page.waitForTimeout(300);
      expect(await shifts(page), `reload at ${size}`).toEqual([]);
      const year = new Date().getFullYear();
      expect(await page.getByRole('heading', { level: 1 }).innerText(), size).toBe(`Jaarverslag IDO ${year}`);
      expect(await page.locator('#annual-for').innerText(), size).toBe('Voorbeeldbibliotheek Rivierenland (demo)');

      const formTop = await topOf(page, 'form[aria-label="Kies het jaarverslag"]');
      await page.getByLabel('Jaar', { exact: true }).selectOption(String(year - 1));
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(`Jaarverslag IDO ${year - 1}`);
      await page.locator('#annual-period').waitFor();
      await page.waitForTimeout(300);
      expect(await topOf(page, 'form[aria-label="Kies het jaarverslag"]'), size).toBe(formTop);
      expect(await shifts(page), `another year at ${size}`).toEqual([]);

      expect(await axeViolations(page), size).toEqual([]);
      expect(await smallTapTargets(page), size).toEqual([]);
      await page.screenshot({ path: `${NOTES}/s44-h76-jaarverslag-${size}.png` });
      await context.close();
    }
  });

  it('the jaarverslag of the national team: its list of subjects comes with the report, and stays for another year', async () => {
    const national = runAdmin(server.dataDir, ['create-token', '--role', 'national']);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/jaarverslag`, national);
    await page.getByText('Kies hierboven een organisatie of gemeente.').waitFor();
    await holdBack(page, '/api/v1/stats', 800);
    await page.reload();
    await page.getByText('Kies hierboven een organisatie of gemeente.').waitFor();
    expect(await page.getByLabel('Organisatie of gemeente').isVisible()).toBe(true);
    await page.waitForTimeout(300);
    expect(await shifts(page), 'load').toEqual([]);
    // The demo organisation (national lists leave demo organisations out): its report, the list of subjects kept in the form.
    const year = new Date().getFullYear();
    await page.goto(`${server.url}/#/jaarverslag?jaar=${year}&organisatie=${DEMO_ORGANISATION}`);
    await page.locator('#annual-period').waitFor();
    expect(await page.getByLabel('Organisatie of gemeente').isVisible()).toBe(true);
    await page.getByLabel('Jaar', { exact: true }).selectOption(String(year - 1));
    await expect.poll(() => page.locator('#annual-period').innerText()).toContain(`${year - 1}`);
    expect(await page.getByLabel('Organisatie of gemeente').isVisible()).toBe(true);
    await page.waitForTimeout(300);
    expect(await shifts(page), 'a subject, then another year').toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
