import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Registration } from '../../src/shared/registration';
import { axeViolations, openControlled, showAtLargeText, signInWithToken, smallTapTargets } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

let browser: Browser;
let server: RunningServer;
let token: string;

/** A contact of the demo organisation at Bibliotheek Centrum with one DigiD question. */
function contact(deviceId: string, startedAt: string, scenario = 'spreekuur'): Registration {
  return {
    id: crypto.randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId, organisationId: DEMO_ORGANISATION,
    locationId: 'demo-centrum', scenario, channel: 'fysiek', staffRole: 'medewerker', startedAt, durationMinutes: 15,
    questions: [{ category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'activeren', help: ['samen_gedaan'], resolved: 'ja' }],
    consentForReferral: false, deleted: false,
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  // Bibliotheek Centrum (demo, 12 hours a week) goes to 24 hours a week on Monday 2 March 2026, set with the admin CLI.
  const seeding = await startServer(inject('e2eDist'));
  await seeding.stop({ keepData: true });
  token = runAdmin(seeding.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  runAdmin(seeding.dataDir, ['update-location', '--organisation', DEMO_ORGANISATION, '--location', 'demo-centrum', '--hours', '24', '--hours-from', '2026-03-02']);
  server = await startServer(inject('e2eDist'), {}, seeding.dataDir);
  const enrolled = await (await fetch(`${server.url}/api/v1/devices/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: seeding.enrollmentCode, label: 'seed' }),
  })).json() as { deviceId: string; token: string };
  const d = enrolled.deviceId;
  const records = [
    // The 4 weeks before (2 Feb – 1 Mar, 48 IDO hours): 2 contacts.
    contact(d, '2026-02-10T10:00:00+01:00'), contact(d, '2026-02-24T10:30:00+01:00'),
    // The 4 weeks after (2 – 29 Mar, 96 IDO hours): 6 contacts, one in the night summer time starts (Sunday 29 March, 03:30 CEST).
    contact(d, '2026-03-03T10:00:00+01:00'), contact(d, '2026-03-10T10:15:00+01:00'), contact(d, '2026-03-17T10:30:00+01:00'),
    contact(d, '2026-03-24T10:45:00+01:00', 'lopend'), contact(d, '2026-03-26T16:00:00+01:00', 'lopend'), contact(d, '2026-03-29T03:30:00+02:00', 'lopend'),
  ];
  const batchId = crypto.randomUUID();
  const answer = await fetch(`${server.url}/api/v1/batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.token}`, 'idempotency-key': batchId },
    body: JSON.stringify({ batchId, deviceId: d, sentAt: new Date().toISOString(), records }),
  });
  const body = await answer.json() as { results: Array<{ status: string }> };
  expect(body.results.map((r) => r.status)).toEqual(Array(records.length).fill('accepted'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the dashboard view "Uren en drukte"', () => {
  it('shows contacts per IDO hour before and after the hours change and the busy hours in Amsterdam time', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await signInWithToken(page, `${server.url}/#/dashboard?from=2026-01-01&to=2026-06-30`, token);
    await page.getByRole('link', { name: 'Uren en drukte' }).click();
    await page.getByRole('heading', { name: 'Uren en drukte', level: 1 }).waitFor();
    await expect.poll(() => page.locator('#busy-total').innerText()).toBe('8');
    // "Uitloggen" is beside the heading, as on the dashboard: not one of the choices (it was the filter card's last cell).
    const signOut = page.getByRole('button', { name: 'Uitloggen' });
    expect(await page.getByRole('form', { name: 'Keuzes' }).getByRole('button').count()).toBe(0);
    expect(await signOut.evaluate((button) => button.closest('.ido-row--spread')?.querySelector('h1')?.id)).toBe('hours-heading');
    await page.getByLabel('Locatie', { exact: true }).selectOption('demo-centrum');
    await page.locator('#hours-change-2026-03-02').waitFor();
    // While the 4-week answer is on its way, the 8-week figures stay, and the line under the choices says new ones come (nothing moves).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/v1/hours-effect?*', async (route) => { await held; await route.continue(); });
    const tableTop = await page.locator('#hours-change-2026-03-02').evaluate((el) => el.getBoundingClientRect().top);
    await page.getByLabel('Weken voor en na een wijziging').selectOption('4');
    expect(new URL(page.url()).hash).toMatch(/^#\/dashboard\/uren\?.*location=demo-centrum.*weeks=4/);
    const status = page.locator('.ido-report-status');
    await expect.poll(() => status.innerText()).toBe('Nieuwe cijfers worden geladen…');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await page.locator('#hours-change-2026-03-02').evaluate((el) => el.getBoundingClientRect().top)).toBe(tableTop);
    release(); // the route lets every later request through at once
    // and says they came (the views are swapped in out of any live region)
    await expect.poll(() => status.innerText()).toBe('De cijfers zijn bijgewerkt.');

    const change = page.locator('#hours-change-2026-03-02');
    await change.waitFor();
    expect(await change.locator('caption').innerText()).toContain('van 12,0 naar 24,0 uur per week');
    // Before: 2 contacts in 48 IDO hours; after: 6 in 96.
    // The 8-week table stays until the 4-week answer is in: wait for it, instead of reading whichever is shown.
    await expect.poll(async () => (await change.locator('tbody tr').first().innerText()).split('\t').slice(1, 5)).toEqual(['12,0', '48,0', '2', '0,04']);
    const [before, after] = await change.locator('tbody tr').allInnerTexts();
    expect(before.split('\t').slice(1, 5)).toEqual(['12,0', '48,0', '2', '0,04']);
    expect(after.split('\t').slice(1, 5)).toEqual(['24,0', '96,0', '6', '0,06']);

    // The heat map: Sunday 29 March 03:30 summer time is Sunday 03:00 (01:30 UTC), Tuesdays at 10:00 hold six.
    const heat = page.locator('#busy-hours-table');
    const row = async (hour: string) => (await heat.locator('tbody tr', { has: page.getByRole('rowheader', { name: hour }) }).innerText()).split('\t');
    expect((await row('03:00–04:00'))[7]).toBe('1');
    expect((await row('10:00–11:00'))[2]).toBe('6');
    expect(await heat.locator('td.ido-heat--4').count()).toBe(1);
    // A screen reader hears the whole day in each column's header ("maandag", not "ma": an abbr's title is often not read).
    expect(await heat.getByRole('columnheader').evaluateAll((headers) => headers.map((th) => th.textContent))).toEqual(['Uur', 'mamaandag', 'didinsdag', 'wowoensdag', 'dodonderdag', 'vrvrijdag', 'zazaterdag', 'zozondag']);
    expect(await heat.getByRole('columnheader', { name: 'woensdag', exact: true }).count()).toBe(1);
    // Every cell has its four borders, those of the last row too.
    const borderless = await heat.locator('td, th').evaluateAll((cells) => cells
      .filter((cell) => ['Top', 'Right', 'Bottom', 'Left'].some((side) => getComputedStyle(cell).getPropertyValue(`border-${side.toLowerCase()}-width`) !== '1px'))
      .map((cell) => cell.textContent));
    expect(borderless).toEqual([]);

    await page.getByLabel('Scenario', { exact: true }).selectOption('lopend');
    await expect.poll(() => page.locator('#busy-total').innerText()).toBe('3');
    await expect.poll(() => page.locator('#scenario-comparison-table tbody tr').count()).toBeGreaterThan(0);

    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    // Wide, the header words the soft hyphen may break on a portrait tablet stay whole: one line each.
    const lines = (table: string, header: string) => page.locator(table).getByRole('columnheader', { name: header, exact: true }).evaluate((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    expect([await lines('#hours-months', 'Contacten'), await lines('#hours-months', 'Doorverwezen'), await lines('#scenario-comparison-table', 'Contacten')]).toEqual([1, 1, 1]);
    await page.screenshot({ path: '.tmp/screenshots/dashboard-hours-1280x800.png', fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    // On a portrait tablet every table fits its card: none scrolls sideways in its own box (the figures tables'
    // eight columns, each as wide as its longest header word, were 50–70 px too wide), and a header word broken
    // with its soft hyphen is still read as one word.
    const sideways = await page.locator('.ido-table-scroll').evaluateAll((boxes) => boxes
      .filter((box) => box.scrollWidth > box.clientWidth).map((box) => `${box.querySelector('table')?.id}: ${box.scrollWidth} > ${box.clientWidth}`));
    expect(sideways).toEqual([]);
    expect(await page.locator('#hours-months').getByRole('columnheader', { name: 'Doorverwezen', exact: true }).count()).toBe(1);
    expect(await page.locator('#scenario-comparison-table').getByRole('columnheader', { name: 'Contacten per IDO-uur', exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/dashboard-hours-768x1024.png', fullPage: true });
    await signOut.click();
    await page.getByLabel('Toegangscode').waitFor();
    await context.close();
  });

  it('signed out, says the page\'s own name at its sign-in (it said "Dashboard"), with "Inloggen" apart from the field, as on the other sign-ins', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
      for (const large of [false, true]) {
        // a laptop that never saw the app: a coordinator opens the page's link
        const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
        const page = await context.newPage();
        for (const [hash, heading, field] of [['#/dashboard/uren', 'Uren en drukte', 'hours-token'], ['#/dashboard', 'Dashboard', 'report-token'], ['#/jaarverslag', 'Jaarverslag', 'annual-token'], ['#/beheer', 'Beheer', 'beheer-token']] as const) {
          const where = `${hash} at ${viewport.width}x${viewport.height}${large ? ', 200 % text' : ''}`;
          if (large) await showAtLargeText(page, `${server.url}/${hash}`, heading);
          else await page.goto(`${server.url}/${hash}`);
          await page.getByLabel('Toegangscode').waitFor();
          expect(await page.getByRole('heading', { level: 1 }).allInnerTexts(), where).toEqual([heading]);
          expect(await page.getByRole('region', { name: heading, exact: true }).count(), where).toBe(1);
          expect(await page.title(), where).toBe(`${heading} – IDO Onderweg`);
          // The focused field's ring (its outline and the outline's offset) stays clear of the button: it lay on "Inloggen".
          await page.locator(`#${field}`).focus();
          const clear = await page.evaluate((id) => {
            const input = document.getElementById(id) as HTMLInputElement;
            const style = getComputedStyle(input);
            const ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
            const button = input.form!.querySelector('button[type="submit"]')!;
            return { ring, gap: button.getBoundingClientRect().top - input.getBoundingClientRect().bottom, button: button.getBoundingClientRect().height };
          }, field);
          expect(clear.ring, where).toBeGreaterThan(0);
          expect(clear.gap, `${where}: ${JSON.stringify(clear)}`).toBeGreaterThan(clear.ring);
          expect(clear.button, where).toBeGreaterThanOrEqual(44);
          expect(await axeViolations(page), where).toEqual([]);
        }
        await context.close();
      }
    }
  });
});
