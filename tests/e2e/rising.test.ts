import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Registration } from '../../src/shared/registration';
import { axeViolations, openControlled, signInWithToken, tabletSetting, waitForControl } from './app';
import { launchChromium } from './chromium';
import { amsterdamMonthsBack, momentsThisMonth } from '../rising-seed';
import { runAdmin, startServer, type RunningServer } from './server';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

let browser: Browser;
let server: RunningServer;
let token: string;
let coordinatorCode: string;

/** A demo-organisation contact about toeslagen at a given moment. */
function contact(deviceId: string, startedAt: string): Registration {
  return {
    id: crypto.randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId, organisationId: DEMO_ORGANISATION,
    locationId: 'demo-centrum', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt, durationMinutes: 15,
    questions: [{ category: 'digitale_overheid', topics: ['toeslagen'], governmentOrganisations: [], help: ['samen_gedaan'], resolved: 'ja' }],
    consentForReferral: false, deleted: false,
  };
}

/** The 15th of the month `back` months ago, 10:00 UTC. */

beforeAll(async () => {
  browser = await launchChromium();
  const seeding = await startServer(inject('e2eDist'));
  await seeding.stop({ keepData: true });
  token = runAdmin(seeding.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  coordinatorCode = runAdmin(seeding.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
  server = await startServer(inject('e2eDist'), {}, seeding.dataDir);
  const enrolled = await (await fetch(`${server.url}/api/v1/devices/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: seeding.enrollmentCode, label: 'seed' }),
  })).json() as { deviceId: string; token: string };
  // A seeded rise: toeslagen 3 a month for five months, then 20 in this month so far.
  const moments = [
    ...[5, 4, 3, 2, 1].flatMap((back) => [amsterdamMonthsBack(back), amsterdamMonthsBack(back), amsterdamMonthsBack(back)]),
    ...momentsThisMonth(20, 120_000),
  ];
  const records = moments.map((at) => contact(enrolled.deviceId, at));
  const batchId = crypto.randomUUID();
  const answer = await fetch(`${server.url}/api/v1/batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.token}`, 'idempotency-key': batchId },
    body: JSON.stringify({ batchId, deviceId: enrolled.deviceId, sentAt: new Date().toISOString(), records }),
  });
  const body = await answer.json() as { results: Array<{ status: string }> };
  expect(body.results.map((r) => r.status)).toEqual(records.map(() => 'accepted'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('"Opvallend" on the dashboard', () => {
  it('opens with the seeded rise: its trend line, the figure behind it and its two-year trend, axe clean', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await signInWithToken(page, `${server.url}/#/dashboard`, token);
    const rising = page.locator('section', { has: page.getByRole('heading', { name: 'Opvallend', level: 2 }) });
    await rising.getByRole('heading', { name: 'Toeslagen', level: 3 }).waitFor({ timeout: 30_000 });
    // "Opvallend" is the first view of the dashboard.
    expect(await page.locator('section[aria-labelledby="dashboard-heading"] h2').first().innerText()).toBe('Opvallend');
    expect(await rising.locator('.ido-rising__figure').innerText()).toMatch(/^20 vragen deze (maand|week)/);
    const trend = rising.getByRole('img', { name: /^Toeslagen, vragen per maand/ });
    expect(await trend.getAttribute('aria-label')).toMatch(/nu 20\.$/);

    await rising.getByRole('button', { name: 'Toon twee jaar van Toeslagen' }).click();
    const table = rising.getByRole('table', { name: 'Toeslagen: vragen per maand' });
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(24);
    expect(rows.slice(-6).map((row) => Number(row.split('\t')[1]))).toEqual([3, 3, 3, 3, 3, 20]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/dashboard-rising.png', fullPage: true });
    await context.close();
  });
});

describe('"Opvallend" on the coordinator\'s tablet', () => {
  it('arrives at sync and shows in Overzicht offline, with the time it was fetched', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForControl(page);
    await page.getByLabel('Koppelcode').fill(coordinatorCode);
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText(/De tablet is gekoppeld aan/).waitFor();
    // The sync after enrollment fetches the list; then the network goes.
    await expect.poll(async () => (await tabletSetting(page, 'risingTopics')) !== undefined, { timeout: 30_000 }).toBe(true);
    await context.setOffline(true);
    await page.goto(`${server.url}/#/overzicht`);
    const rising = page.locator('section', { has: page.getByRole('heading', { name: 'Opvallend in uw organisatie' }) });
    await rising.getByRole('heading', { name: 'Toeslagen', level: 3 }).waitFor({ timeout: 15_000 });
    expect(await rising.locator('#overview-rising-updated').innerText()).toMatch(/bijgewerkt op \d+ \w+/);
    expect(await rising.locator('.ido-rising__figure').innerText()).toMatch(/^20 vragen deze (maand|week)/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/overview-rising.png', fullPage: true });
    await context.close();
  });
});
