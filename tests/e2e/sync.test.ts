import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openControlled } from './app';
import { launchChromium } from './chromium';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startServer, type RunningServer } from './server';
import { storedRegistrations } from './stored';

let browser: Browser | undefined;
let server: RunningServer | undefined;
let proxy: FaultProxy | undefined;

afterEach(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  browser = server = proxy = undefined;
});

/** Enrolls the tablet with the code the server printed at start. */
async function enroll(context: BrowserContext, url: string, code: string): Promise<Page> {
  const page = await openControlled(context, url, { skipEnrollment: false });
  await page.getByLabel('Koppelcode').fill(code.toLowerCase().replace('-', ' '));
  await page.getByLabel('Naam van deze tablet (niet verplicht)').fill('Tablet balie 1');
  await page.getByRole('button', { name: 'Tablet koppelen' }).click();
  await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();
  return page;
}

/** Registers `count` contacts the quick way: tile, DigiD follow-up, save. */
async function registerContacts(page: Page, count: number): Promise<void> {
  await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
  for (let i = 0; i < count; i++) {
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'Wachtwoord vergeten' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor({ timeout: 10_000 }).catch(async (error) => {
      await page.screenshot({ path: '.tmp/screenshots/sync-save-failed.png', fullPage: true });
      const summary = await page.locator('#error-summary').innerText().catch(() => '(no error summary)');
      throw new Error(`contact ${i + 1} was not saved: ${summary}`, { cause: error });
    });
  }
}

const tabletIds = (page: Page) => page.evaluate(() => new Promise<string[]>((resolve) => {
  const open = indexedDB.open('ido-onderweg');
  open.onsuccess = () => {
    const request = open.result.transaction('registrations').objectStore('registrations').getAllKeys();
    request.onsuccess = () => resolve((request.result as string[]).sort());
  };
}));

const statusLine = (page: Page) => page.locator('#sync-status-line').innerText();

describe('sync to the ingest server', () => {
  it('delivers 20 contacts registered offline exactly once, through the service worker\'s sync event', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enroll(context, server.url, server.enrollmentCode!);
    await context.setOffline(true);
    await registerContacts(page, 20);
    expect(await statusLine(page)).toContain('20 nog te versturen');
    const ids = await tabletIds(page);
    expect(ids).toHaveLength(20);
    await page.close();

    // No page is open: only the service worker can deliver when the network comes back.
    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(server.url);
    await expect.poll(() => statusLine(again), { timeout: 60_000 }).toMatch(/^alles verstuurd · laatst verstuurd \d\d:\d\d$/);
    await again.goto(`${server.url}/#/vandaag`);
    // The day list is a live query on a page that just loaded: on a loaded machine it can take more
    // than expect.poll's default second to show all 20 (that was the CI flake; the status was right).
    await expect.poll(() => again.getByText('Verstuurd', { exact: true }).count(), { timeout: 20_000, interval: 250 }).toBe(20);
    await again.screenshot({ path: '.tmp/screenshots/sync-all-sent-1024x768.png' });

    const stored = await storedRegistrations(server);
    expect(stored.ids).toEqual(ids);
    expect(stored.copies).toBe(20);
    expect(stored.questions).toBe(20);
  });

  it('gets through a 503 with Retry-After, a dropped connection and a captive portal, with the same batch, stored once', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    proxy = await startFaultProxy(server.url);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enroll(context, proxy.url, server.enrollmentCode!);
    await context.setOffline(true);
    await registerContacts(page, 20);
    const ids = await tabletIds(page);

    proxy.faults.push('unavailable', 'drop', 'captive_portal');
    await context.setOffline(false);
    await expect.poll(() => statusLine(page), { timeout: 180_000, interval: 500 }).toMatch(/^alles verstuurd/);
    await page.screenshot({ path: '.tmp/screenshots/sync-after-faults-768x1024.png' });

    // The three faults in order, then the batch gets through, every attempt with the same batch: the
    // resend after an unknown outcome is never re-cut. Under heavy load a further request may follow
    // (see the issue note); whatever it carries, the server must still hold each record once.
    const outcomes = proxy.log.map((entry) => entry.outcome);
    expect(outcomes.slice(0, 4)).toEqual(['unavailable', 'drop', 'captive_portal', 'forwarded']);
    expect(outcomes.slice(4).every((outcome) => outcome === 'forwarded')).toBe(true);
    expect(new Set(proxy.log.slice(0, 4).map((entry) => entry.batchId)).size).toBe(1);
    const stored = await storedRegistrations(server);
    expect(stored.ids).toEqual(ids);
    expect(stored.copies).toBe(20);
  }, 240_000); // backoff with full jitter after two unknown outcomes, on a loaded machine
});
