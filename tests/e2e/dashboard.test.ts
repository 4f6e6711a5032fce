import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Registration } from '../../src/shared/registration';
import { axeViolations, enrollInApp, openControlled, signInWithToken, smallTapTargets } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

let browser: Browser;
let server: RunningServer;
let token: string;
/** The "Demo-organisaties" filter's description, true to the national team and to a municipality alike. */
const DEMO_FILTER = 'Ze tellen niet mee in de cijfers, tenzij u dit aanvinkt.';

/** A registration of the demo organisation at a given moment with the given topics (one question each). */
function registration(deviceId: string, startedAt: string, topics: string[][]): Registration {
  return {
    id: crypto.randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId, organisationId: DEMO_ORGANISATION,
    locationId: 'demo-centrum', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt, durationMinutes: 15,
    questions: topics.map((t) => ({
      category: 'digitale_overheid', topics: t, governmentOrganisations: [], help: ['samen_gedaan'], resolved: 'ja',
      ...(t.includes('digid') ? { digidFollowUp: 'activeren' } : {}),
    })),
    consentForReferral: false, deleted: false,
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  // A server with the demo organisation, a coordinator token made with the admin CLI, then data through the real API
  // (enrolled with the code the first start printed: a later start prints none).
  const seeding = await startServer(inject('e2eDist'));
  await seeding.stop({ keepData: true });
  token = runAdmin(seeding.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  server = await startServer(inject('e2eDist'), {}, seeding.dataDir);
  const enrolled = await (await fetch(`${server.url}/api/v1/devices/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: seeding.enrollmentCode, label: 'seed' }),
  })).json() as { deviceId: string; token: string };
  const d = enrolled.deviceId;
  const records = [
    registration(d, '2026-01-12T10:00:00+01:00', [['digid']]),
    registration(d, '2026-01-20T11:00:00+01:00', [['digid'], ['toeslagen']]),
    registration(d, '2026-03-03T09:30:00+01:00', [['toeslagen']]),
    registration(d, '2026-03-17T14:00:00+01:00', [['belastingaangifte', 'toeslagen']]),
    registration(d, '2026-03-31T23:30:00+02:00', [['digid']]), // 31 March in Amsterdam, 21:30 UTC
    registration(d, '2025-12-31T23:30:00+01:00', [['digid']]), // the year before: not counted
  ];
  // "Vraag opgelost?": one question partly solved, one not at all (the rest ja).
  records[1].questions[1].resolved = 'deels';
  records[3].questions[0].resolved = 'nee';
  const batchId = crypto.randomUUID();
  const answer = await fetch(`${server.url}/api/v1/batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.token}`, 'idempotency-key': batchId },
    body: JSON.stringify({ batchId, deviceId: d, sentAt: new Date().toISOString(), records }),
  });
  const body = await answer.json() as { results: Array<{ status: string }> };
  expect(body.results.map((r) => r.status)).toEqual(Array(6).fill('accepted'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the coordinator dashboard', () => {
  it('shows a municipality\'s year whose chart table and CSV export agree with the seeded numbers', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });
    const page = await openControlled(context, server.url);
    const chunks: string[] = [];
    page.on('request', (request) => chunks.push(new URL(request.url()).pathname));
    expect(chunks.some((path) => /Dashboard-.*\.js$/.test(path))).toBe(false);

    await signInWithToken(page, `${server.url}/#/dashboard?year=2026&municipality=GM0855`, token);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    expect(await page.locator('#dashboard-questions').innerText()).toBe('6');
    // The dashboard's code came only now, as its own chunk.
    expect(chunks.some((path) => /Dashboard-.*\.js$/.test(path))).toBe(true);
    expect(new URL(page.url()).hash).toContain('municipality=GM0855');

    const monthCard = page.locator('section.ido-chart', { has: page.getByRole('heading', { name: 'Contacten per maand' }) });
    await page.getByRole('button', { name: 'Toon Contacten per maand als tabel' }).click();
    // The button's label says what it does next; a pressed state beside it ("als grafiek, ingedrukt") would contradict it.
    const back = page.getByRole('button', { name: 'Toon Contacten per maand als grafiek' });
    expect(await back.getAttribute('aria-pressed')).toBeNull();
    await back.focus();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Toon Contacten per maand als grafiek');
    const monthRows = await monthCard.locator('tbody tr').allInnerTexts();
    expect(monthRows.map((row) => row.split('\t').slice(1).map(Number))).toEqual([[2, 3], [3, 3]]);
    const topicCard = page.locator('section.ido-chart', { has: page.getByRole('heading', { name: 'Onderwerpen' }) });
    await page.getByRole('button', { name: 'Toon Onderwerpen als tabel' }).click();
    const topics = Object.fromEntries((await topicCard.locator('tbody tr').allInnerTexts()).map((row) => {
      const [name, contacts, questions] = row.split('\t');
      return [name, [Number(contacts), Number(questions)]];
    }));
    expect(topics).toEqual({ DigiD: [3, 3], Toeslagen: [3, 3], Belastingaangifte: [1, 1] });
    // Whether the questions were solved, in the form's order and words (not sorted by count).
    const resolvedCard = page.locator('section.ido-chart', { has: page.getByRole('heading', { name: 'Vraag opgelost?' }) });
    await page.getByRole('button', { name: 'Toon Vraag opgelost? als tabel' }).click();
    expect((await resolvedCard.locator('tbody tr').allInnerTexts()).map((row) => row.split('\t').slice(0, 3).join(' '))).toEqual(['Ja 4 4', 'Deels 1 1', 'Nee 1 1']);

    // The location table shows the location's IDO hours from the server (demo: Bibliotheek Centrum, 12 per week).
    expect(await page.locator('#location-table tbody tr').first().innerText()).toMatch(/Bibliotheek Centrum\t5\t6\t.*\t12\t/);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/dashboard-1280x800.png', fullPage: true });
    for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(300); // Chart.js follows the new width on its next resize observation
      const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `no sideways scroll at ${viewport.width}: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `.tmp/screenshots/dashboard-${viewport.width}x${viewport.height}.png` });
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Alle vragen als CSV (Excel)' }).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true, delimiter: ';', skipEmptyLines: true }).data;
    expect(rows).toHaveLength(6);

    // A coordinator sees its own organisation either way: no "Demo-organisaties" filter (the national test below has it).
    expect(await page.locator('#filter-demo').count()).toBe(0);
    await context.close();
  });

  it('offers "Demo meetellen" where demo and real organisations mix, from the first render: to the national team, never to a coordinator', async () => {
    // A coordinator saw "Demo-organisaties: Landelijke cijfers laten ze weg", a choice that changed nothing of its own
    // figures. Whether the filter stands is decided as the page opens: it may not come or go by itself after.
    const watchDemoFilter = () => {
      const seen = { withFilters: null as boolean | null, ever: false };
      (window as unknown as { demoFilterSeen: typeof seen }).demoFilterSeen = seen;
      new MutationObserver(() => {
        const demo = document.getElementById('filter-demo') !== null;
        if (seen.withFilters === null && document.querySelector('form.ido-filters')) seen.withFilters = demo;
        seen.ever ||= demo;
      }).observe(document, { childList: true, subtree: true });
    };
    const demoFilterSeen = (page: Page) => page.evaluate(() => (window as unknown as { demoFilterSeen: unknown }).demoFilterSeen);
    const national = runAdmin(server.dataDir, ['create-token', '--role', 'national']);
    const shots: Array<[string, Page]> = [];

    // The national team: the filter stands with the first filters; national figures leave the demo out until it is ticked.
    const nationalContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await nationalContext.addInitScript(watchDemoFilter);
    const nationalPage = await nationalContext.newPage();
    await signInWithToken(nationalPage, `${server.url}/#/dashboard?year=2026`, national);
    await nationalPage.locator('#dashboard-empty').waitFor({ timeout: 30_000 });
    expect(await demoFilterSeen(nationalPage)).toEqual({ withFilters: true, ever: true });
    // It said "Landelijke cijfers laten ze weg", also to a municipality (the provinces test below), whose figures are no national ones.
    expect(await nationalPage.locator('#filter-demo').innerText()).toMatch(/^Demo-organisaties\n/);
    expect(await nationalPage.locator('#filter-demo-description').innerText()).toBe(DEMO_FILTER);
    expect(await axeViolations(nationalPage)).toEqual([]);
    shots.push(['landelijk', nationalPage]);
    const asked: string[] = [];
    nationalPage.on('request', (request) => asked.push(request.url()));
    await nationalPage.getByLabel('Demo meetellen').check();
    await expect.poll(() => new URL(nationalPage.url()).hash).toContain('includeDemo=true');
    await expect.poll(() => asked.some((url) => url.includes('/api/v1/stats?') && url.includes('includeDemo=true'))).toBe(true);
    await expect.poll(() => nationalPage.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');

    // A coordinator, with a typed toegangscode and on its own coordinator tablet: never the filter, not even for a moment,
    // also with includeDemo=true in a shared link.
    const typedContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await typedContext.addInitScript(watchDemoFilter);
    const typed = await typedContext.newPage();
    await signInWithToken(typed, `${server.url}/#/dashboard?year=2026&includeDemo=true`, token);
    await expect.poll(() => typed.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    await typed.reload();
    await expect.poll(() => typed.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    expect(await demoFilterSeen(typed)).toEqual({ withFilters: false, ever: false });
    expect(await axeViolations(typed)).toEqual([]);
    shots.push(['coordinator', typed]);

    const tabletContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await tabletContext.addInitScript(watchDemoFilter);
    const tablet = await enrollInApp(tabletContext, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    await tablet.goto(`${server.url}/#/dashboard?year=2026`);
    await expect.poll(() => tablet.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    expect(await demoFilterSeen(tablet)).toEqual({ withFilters: false, ever: false });
    expect(await axeViolations(tablet)).toEqual([]);

    for (const [name, page] of shots) await page.screenshot({ path: `.tmp/screenshots/dashboard-demo-filter-${name}-1280x800.png` });
    for (const context of [nationalContext, typedContext, tabletContext]) await context.close();
  });

  it('opens on a laptop\'s first visit at the sign-in, not the koppelen screen: the dashboard, the annual report and Uren en drukte', async () => {
    // A coordinator's or a municipality's bookmarked link (#/dashboard?…, #/jaarverslag) on a browser that never saw the app
    // showed "Tablet koppelen" with a koppelcode they do not have; only "Nu niet: eerst proberen met voorbeelddata" led on.
    for (const [hash, loaded] of [
      ['#/dashboard?year=2026&municipality=GM0855', '#dashboard-contacts'],
      ['#/jaarverslag?jaar=2026', '#reach-heading'],
      ['#/dashboard/uren?year=2026', '#hours-location'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      const page = await context.newPage();
      await page.goto(`${server.url}/${hash}`);
      await page.getByLabel('Toegangscode').fill(token);
      expect(await page.getByRole('heading', { name: 'Tablet koppelen' }).count(), hash).toBe(0);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.locator(loaded).waitFor();
      expect(new URL(page.url()).hash, hash).toBe(hash);
      await context.close();
    }
  });

  it('signs a coordinator tablet in by itself, as Beheer does: the dashboard, Uren en drukte and the annual report; a staff tablet is still asked', async () => {
    // A coordinator on its tablet was asked for a toegangscode it may never have had, while Beheer on the same tablet
    // needed none (helper-57's pilot day).
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    for (const [hash, loaded] of [
      ['#/dashboard?year=2026', '#dashboard-contacts'],
      ['#/dashboard/uren?year=2026', '#hours-location'],
      ['#/jaarverslag?jaar=2026', '#reach-heading'],
    ] as const) {
      await page.goto(`${server.url}/${hash}`);
      await page.locator(loaded).waitFor();
      expect(await page.getByLabel('Toegangscode').count(), hash).toBe(0);
      // Nothing to sign out of: the tablet's own link signs it in.
      expect(await page.getByRole('button', { name: 'Uitloggen' }).count(), hash).toBe(0);
      expect(await axeViolations(page), hash).toEqual([]);
    }
    await page.goto(`${server.url}/#/dashboard?year=2026`);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    await context.close();

    const staffContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const staff = await enrollInApp(staffContext, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await staff.goto(`${server.url}/#/dashboard?year=2026`);
    await staff.getByLabel('Toegangscode').waitFor();
    await staffContext.close();
  });

  it('offers only the provinces the token reaches: a coordinator its organisation\'s, a municipality its own', async () => {
    // A municipality's token was offered all twelve, and each other one filled every view with the same red alert.
    const municipalityToken = runAdmin(server.dataDir, ['create-token', '--role', 'municipality', '--municipality', 'GM0855']);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const provinces = () => page.locator('#filter-province option').allInnerTexts();
    await signInWithToken(page, `${server.url}/#/dashboard?year=2026`, token);
    await expect.poll(provinces).toEqual(['Alle provincies', 'Noord-Brabant']);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.evaluate(() => sessionStorage.clear());
    await signInWithToken(page, `${server.url}/#/dashboard?year=2026&includeDemo=true`, municipalityToken);
    await expect.poll(provinces).toEqual(['Alle provincies', 'Noord-Brabant']);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    expect(await page.locator('.utrecht-alert').count()).toBe(0);
    // demo organisations in the municipality count only when ticked, in words true for the national team too
    expect(await page.locator('#filter-demo-description').innerText()).toBe(DEMO_FILTER);
    await page.screenshot({ path: '.tmp/screenshots/dashboard-demo-filter-gemeente-1024x768.png' });
    await context.close();
  });

  it('keeps a municipality signed in to its dashboard when it opens Beheer by mistake, and says Beheer is not for its toegangscode', async () => {
    // Beheer and the report pages share one sign-in per tab; Beheer's refusal (403) forgot the token, so the
    // municipality was signed out of its reports too.
    const municipalityToken = runAdmin(server.dataDir, ['create-token', '--role', 'municipality', '--municipality', 'GM0855']);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/dashboard?year=2026&includeDemo=true`, municipalityToken);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    await page.goto(`${server.url}/#/beheer`);
    await page.getByText('Met de toegangscode van een gemeente kunt u alleen rapportages bekijken, niet beheren.').waitFor();
    await page.getByLabel('Toegangscode').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/#/dashboard?year=2026&includeDemo=true`);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    expect(await page.getByLabel('Toegangscode').count()).toBe(0);
    // A coordinator's token typed in Beheer then takes its place there.
    await page.goto(`${server.url}/#/beheer`);
    await page.getByLabel('Toegangscode').fill(token);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { name: /^Beheer: /, level: 1 }).waitFor();
    await context.close();
  });

  it('says once that it works only with internet when the tablet is offline, and comes back by itself online', async () => {
    // Each view said "Geen verbinding met de server…" in an alert of its own: five alerts, each read out.
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await signInWithToken(page, `${server.url}/#/dashboard?year=2026&municipality=GM0855`, token);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const message = page.locator('#dashboard-no-connection');
    await message.waitFor();
    await page.waitForTimeout(1_000); // every view's request has failed by now
    const alerts = await page.getByRole('alert').allInnerTexts();
    expect(alerts).toEqual(['Geen verbinding met de server. Het dashboard werkt alleen met internet. De cijfers van deze tablet ziet u ook zonder internet bij Overzicht.']);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/dashboard-offline-768x1024.png', fullPage: true });
    // Still offline, "Opnieuw proberen" asks again and says the same once more.
    await page.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await message.waitFor();
    // Back online: the figures come without a tap.
    await context.setOffline(false);
    await expect.poll(() => page.locator('#dashboard-contacts').innerText(), { timeout: 30_000 }).toBe('5');
    expect(await message.count()).toBe(0);
    await context.close();
  });
});
