import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AdminDevice } from '../../src/shared/admin-api';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, loosely, registerContacts, signInWithToken, smallTapTargets, statusLine, tabletContext } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

const SHOTS = '.tmp/screenshots/revoked-tablet';
const DEVICES = `/api/v1/admin/organisations/${DEMO_ORGANISATION}/devices`;

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;
let tabletContextOpen: BrowserContext;
let tablet: Page;
let deviceId: string;

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** The admin API as the coordinator's laptop calls it. */
async function asCoordinator<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method, headers: { authorization: `Bearer ${coordinatorToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json() as Promise<T>;
}

const listed = async () => (await asCoordinator<{ devices: AdminDevice[] }>('GET', DEVICES)).devices.find((d) => d.id === deviceId)!;

/** Where the status bar and the form's heading are, and whether each of the bar's two lines shows its text whole. */
const layout = (page: Page) => page.evaluate(() => {
  const bar = document.querySelector('.ido-statusbar')!.getBoundingClientRect();
  const form = document.querySelector('#main h1')!.getBoundingClientRect();
  const cut = [...document.querySelectorAll<HTMLElement>('.ido-statusbar__line')].filter((line) => line.scrollWidth > line.clientWidth || line.scrollHeight > line.clientHeight).map((line) => line.innerText);
  return { bar: { top: bar.top, height: bar.height }, form: form.top, cut };
});

describe('a tablet revoked while it holds unsent contacts', () => {
  it('tells staff in one line that the contacts stay on the tablet and how to keep them, and the bar and the form stay where they are', async () => {
    tabletContextOpen = await tabletContext(browser, { acceptDownloads: true });
    tablet = await enrollInApp(tabletContextOpen, server.url, loosely(server.enrollmentCode!), { label: 'Balie Zuid' });
    await registerContacts(tablet, 1);
    await expect.poll(() => statusLine(tablet), { timeout: 30_000 }).toMatch(/^alles verstuurd · laatst verstuurd \d{2}:\d{2}$/);
    deviceId = (await asCoordinator<{ devices: AdminDevice[] }>('GET', DEVICES)).devices.find((d) => d.label === 'Balie Zuid')!.id;

    // Two contacts while the line is down; the coordinator revokes the tablet meanwhile.
    await tabletContextOpen.setOffline(true);
    await registerContacts(tablet, 2);
    await expect.poll(() => statusLine(tablet)).toMatch(/^2 nog te versturen/);
    const before = { wide: await layout(tablet) };
    await tablet.setViewportSize({ width: 768, height: 1024 });
    const upright = await layout(tablet);
    await tablet.setViewportSize({ width: 1024, height: 768 });
    await asCoordinator('POST', `${DEVICES}/${deviceId}/revoke`);

    // Back online, the tablet's next request is refused (403) and it stops.
    await tabletContextOpen.setOffline(false);
    await expect.poll(() => tablet.locator('#sync-pause-notice').innerText(), { timeout: 30_000 }).toBe('Ontkoppeld: bewaar alles met de noodexport.');
    expect(await statusLine(tablet)).toMatch(/^2 alleen op deze tablet · laatst verstuurd \d{2}:\d{2}$/);
    // One story: nothing in the bar promises a send that will never come.
    expect(await tablet.locator('.ido-statusbar').innerText()).not.toMatch(/nog te versturen|Nu versturen/);
    await tablet.locator('.ido-statusbar').getByRole('link', { name: 'Noodexport' }).waitFor();

    // The bar kept its height and place, the form did not move, and both lines are whole at either size.
    expect(await layout(tablet)).toEqual({ ...before.wide, cut: [] });
    await tablet.screenshot({ path: `${SHOTS}/tablet-1024x768.png` });
    await tablet.setViewportSize({ width: 768, height: 1024 });
    expect(await layout(tablet)).toEqual({ ...upright, cut: [] });
    await tablet.screenshot({ path: `${SHOTS}/tablet-768x1024.png` });
    await tablet.setViewportSize({ width: 1024, height: 768 });
  });

  it('shows the coordinator the tablet\'s revoke, its last own send and no figure of what waits, also once its noodexport is imported', async () => {
    // Staff save the two contacts from Instellingen (the bar's link), and the coordinator imports the file on the server.
    await tablet.locator('.ido-statusbar').getByRole('link', { name: 'Noodexport' }).click();
    const [download] = await Promise.all([tablet.waitForEvent('download'), tablet.getByRole('button', { name: 'Niet verstuurde registraties opslaan (2)' }).click()]);
    expect(runAdmin(server.dataDir, ['import-file', (await download.path())!])).toBe('accepted 2, duplicate 0, rejected 0, conflict 0');

    // The tablet's last send is its own, before the revoke: the import is none (it was after the revoke).
    const device = await listed();
    expect(device).toMatchObject({ recordsSent: 1, recordsImported: 2, revokedAt: expect.any(String), lastSyncAt: expect.any(String) });
    expect(Date.parse(device.lastSyncAt!)).toBeLessThan(Date.parse(device.revokedAt!));

    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const admin = await laptop.newPage();
    await signInWithToken(admin, `${server.url}/#/beheer/${DEMO_ORGANISATION}/tablets`, coordinatorToken);
    const row = admin.locator('#devices-table tbody tr', { hasText: 'Balie Zuid' });
    await row.waitFor();
    const cell = (label: string) => row.locator(`td[data-label="${label}"]`).innerText();
    expect(await cell('Registraties verstuurd')).toBe('1 (+ 2 uit noodexport)');
    expect(await cell('Wachtend bij laatste contact')).toBe('niet bekend (vraag de noodexport van deze tablet)');
    expect(await cell('Status')).toMatch(/^Ontkoppeld \d+ [a-z]+\.? \d{4},? \d{2}:\d{2}$/);
    expect(await cell('Laatst verstuurd')).toMatch(/^\d+ [a-z]+\.? \d{4},? \d{2}:\d{2}$/);
    expect(await axeViolations(admin)).toEqual([]);
    expect(await smallTapTargets(admin)).toEqual([]);
    await admin.setViewportSize({ width: 1024, height: 768 });
    await admin.screenshot({ path: `${SHOTS}/tablets-1024x768.png`, fullPage: true });
    await admin.setViewportSize({ width: 768, height: 1024 });
    await admin.screenshot({ path: `${SHOTS}/tablets-768x1024.png`, fullPage: true });
    await laptop.close();
  });
});

describe('Beheer → Tablets', () => {
  it('reads the list again when its open tab is tapped again, and keeps the list in its place meanwhile', async () => {
    const laptop = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const admin = await laptop.newPage();
    await signInWithToken(admin, `${server.url}/#/beheer/${DEMO_ORGANISATION}/tablets`, coordinatorToken);
    await admin.locator('#devices-table tbody tr', { hasText: 'Balie Zuid' }).waitFor();
    // Something changes on the server while the list is open (here: another coordinator renames the tablet).
    await asCoordinator('PATCH', `${DEVICES}/${deviceId}`, { label: 'Balie Zuid (oud)' });
    const table = admin.locator('#devices-table');
    await table.evaluate((element) => element.setAttribute('data-seen', ''));
    const top = await table.evaluate((element) => element.getBoundingClientRect().top);
    const tab = admin.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Tablets', exact: true });
    expect(await tab.getAttribute('aria-current')).toBe('page');
    await tab.click();
    await admin.locator('#devices-table tbody tr', { hasText: 'Balie Zuid (oud)' }).waitFor();
    // The same table, in the same place: the page was not emptied while it read (no flash, nothing moved).
    expect(await admin.locator('#devices-table[data-seen]').count()).toBe(1);
    expect(await table.evaluate((element) => element.getBoundingClientRect().top)).toBe(top);
    expect(new URL(admin.url()).hash).toBe(`#/beheer/${DEMO_ORGANISATION}/tablets`);
    await laptop.close();
  });
});
