import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, registerContacts, signInWithToken, tabletContext } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

let browser: Browser;
let server: RunningServer;
chromiumAndServer((b, s) => { browser = b; server = s; });

let context: BrowserContext | undefined;
afterEach(async () => { await context?.close(); context = undefined; });

const HOUR = 3_600_000;
/** An enrollment code for one tablet. */
const newCode = () => runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
const clockLine = (page: Page) => page.locator('#sync-clock');
/** Where the form's heading is on the page: a line that comes or goes in the status bar must not move it. */
const headingTop = (page: Page) => page.getByRole('heading', { name: 'Nieuw contact registreren' }).evaluate((element) => element.getBoundingClientRect().top + window.scrollY);

describe('a tablet whose clock is off', () => {
  it('says so in the status bar from its enrollment on, without moving the form, and stops once the clock is right', async () => {
    context = await tabletContext(browser);
    // The tablet's clock three hours behind (a wrong time zone, or set by hand); it runs on from there.
    await context.clock.install({ time: new Date(Date.now() - 3 * HOUR) });
    const page = await enrollInApp(context, server.url, newCode(), { label: 'Klok achter' });
    await expect.poll(() => clockLine(page).count()).toBe(1);
    expect(await clockLine(page).innerText()).toBe('De klok van deze tablet loopt 3 uur achter. Zet de tijd goed.');
    // (the form without "De tablet is gekoppeld …" above it, as after the fix below)
    await page.reload();
    await clockLine(page).waitFor();
    const withLine = await headingTop(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/ido-clock-behind.png' });

    // Contacts still save and go: the server takes a time three hours back; nothing is changed for it.
    await registerContacts(page, 1);
    await expect.poll(() => page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    expect(await clockLine(page).count()).toBe(1);

    // The coordinator's list of tablets says it too (IDO-Clock at the tablet's last contact).
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const beheer = await laptop.newPage();
      await signInWithToken(beheer, `${server.url}/#/beheer/${DEMO_ORGANISATION}/tablets`, runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]));
      const row = beheer.locator('#devices-table tbody tr', { hasText: 'Klok achter' });
      await row.waitFor();
      expect(await row.locator('td[data-label="Status"]').innerText()).toBe('Actief. De klok loopt 3 uur achter: zet de tijd van de tablet goed.');
      expect(await beheer.locator('#devices-table td[data-label="Status"]', { hasText: 'klok' }).count()).toBe(1);
      expect(await axeViolations(beheer)).toEqual([]);
      await beheer.screenshot({ path: '/tmp/ido-clock-beheer.png' });
    } finally {
      await laptop.close();
    }

    // Instellingen says it with when it was compared, for a coordinator on the phone.
    const MOMENT = String.raw`\d{1,2} [a-z]+ \d{4} om \d{2}:\d{2}`;
    await page.goto(`${server.url}/#/instellingen`);
    await expect.poll(() => page.locator('#settings-clock').innerText())
      .toMatch(new RegExp(`^Loopt 3 uur achter \\(vergeleken met de server op ${MOMENT}\\)\\. Zet de datum en tijd van de tablet goed\\.$`));

    // Staff set the tablet's time right; the next sync (the page's start) finds it so and the line goes.
    await context.clock.setSystemTime(new Date());
    await page.goto(`${server.url}/#/`);
    await page.reload();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await expect.poll(() => clockLine(page).count(), { timeout: 30_000 }).toBe(0);
    expect(await headingTop(page)).toBe(withLine);
    await page.goto(`${server.url}/#/instellingen`);
    await expect.poll(() => page.locator('#settings-clock').innerText()).toMatch(new RegExp(`^Goed \\(vergeleken met de server op ${MOMENT}\\)$`));
  });

  it('says "voor" for a clock ahead, in days when it is days off', async () => {
    context = await tabletContext(browser);
    await context.clock.install({ time: new Date(Date.now() + 2 * 24 * HOUR + 10 * 60_000) });
    const page = await enrollInApp(context, server.url, newCode());
    await expect.poll(() => clockLine(page).count()).toBe(1);
    expect(await clockLine(page).innerText()).toBe('De klok van deze tablet loopt 2 dagen voor. Zet de tijd goed.');
  });

  it('says nothing about a clock that is right', async () => {
    context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, newCode());
    await registerContacts(page, 1);
    await expect.poll(() => page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    expect(await clockLine(page).count()).toBe(0);
    await page.goto(`${server.url}/#/instellingen`);
    await expect.poll(() => page.locator('#settings-clock').innerText()).toMatch(/^Goed \(vergeleken met de server op /);
  });
});
