import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openControlled } from './app';
import { launchChromium } from './chromium';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startServer, type RunningServer } from './server';
import { storedRegistrations } from './stored';

/*
 * A library's Wi-Fi with a captive portal or a web filter that answers the tablet's batches with its
 * own HTML 401 or 403. The tablet must not take that for the server's word: it keeps its records,
 * never says it must be enrolled again, asks the browser for a Background Sync, and delivers once
 * the network lets it through.
 */

let browser: Browser | undefined;
let server: RunningServer | undefined;
let proxy: FaultProxy | undefined;

afterEach(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
  browser = server = proxy = undefined;
});

async function enroll(context: BrowserContext, url: string, code: string): Promise<Page> {
  const page = await openControlled(context, url, { skipEnrollment: false });
  await page.getByLabel('Koppelcode').fill(code);
  await page.getByRole('button', { name: 'Tablet koppelen' }).click();
  await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();
  return page;
}

async function registerContacts(page: Page, count: number): Promise<void> {
  await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
  for (let i = 0; i < count; i++) {
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'Wachtwoord vergeten' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor({ timeout: 10_000 });
  }
}

/** Remembers, in the page, whether a pause notice ("opnieuw gekoppeld", "ontkoppeld") was ever shown. */
async function watchForPause(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { pauseSeen: string[] }).pauseSeen = seen;
    const look = () => {
      const text = document.body.textContent ?? '';
      if (/opnieuw gekoppeld|ontkoppeld|Versturen is gestopt/.test(text)) seen.push(text.slice(0, 300));
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    look();
  });
  return () => page.evaluate(() => (window as unknown as { pauseSeen: string[] }).pauseSeen);
}

const tabletIds = (page: Page) => page.evaluate(() => new Promise<string[]>((resolve) => {
  const open = indexedDB.open('ido-onderweg');
  open.onsuccess = () => {
    const request = open.result.transaction('registrations').objectStore('registrations').getAllKeys();
    request.onsuccess = () => resolve((request.result as string[]).sort());
  };
}));
const statusLine = (page: Page) => page.locator('#sync-status-line').innerText();
const syncTags = (page: Page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.ready;
  return (registration as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }).sync.getTags();
});

describe('a hostile network between the tablet and the server', () => {
  it('an HTML 401 and 403 from a captive portal: the same batch again, never "opnieuw koppelen", delivered once', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    proxy = await startFaultProxy(server.url);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enroll(context, proxy.url, server.enrollmentCode!);
    const pauseSeen = await watchForPause(page);

    proxy.faults.push('portal_403', 'portal_401', 'portal_403');
    await registerContacts(page, 3);
    const ids = await tabletIds(page);
    await expect.poll(() => statusLine(page), { timeout: 150_000, interval: 500 }).toMatch(/^alles verstuurd/);

    expect(await pauseSeen()).toEqual([]);
    const outcomes = proxy.log.map((entry) => entry.outcome);
    expect(outcomes.slice(0, 4)).toEqual(['portal_403', 'portal_401', 'portal_403', 'forwarded']);
    expect(new Set(proxy.log.slice(0, 4).map((entry) => entry.batchId)).size).toBe(1);
    const stored = await storedRegistrations(server);
    expect(stored.ids).toEqual(ids);
    expect(stored.copies).toBe(3);
  }, 200_000);

  it('a drain that ends waiting while online asks for a Background Sync; with the app closed, the service worker delivers once the portal lets it through', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    proxy = await startFaultProxy(server.url);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enroll(context, proxy.url, server.enrollmentCode!);
    const pauseSeen = await watchForPause(page);
    expect(await syncTags(page)).toEqual([]);

    // Online all along (no offline save): only the drain that ended waiting can have asked for it.
    proxy.faults.push(...Array.from({ length: 10_000 }, () => 'portal_403' as const));
    await registerContacts(page, 2);
    await expect.poll(() => proxy!.log.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => syncTags(page), { timeout: 30_000, interval: 250 }).toContain('ido-outbox');
    expect(await statusLine(page)).toMatch(/^2 nog te versturen/);
    expect(await pauseSeen()).toEqual([]);
    const ids = await tabletIds(page);

    // The app is closed; the portal lets traffic through. Only the service worker can deliver now:
    // wake it as the browser does for the registered tag (its own retry is minutes away), until its
    // backoff has passed and the batch goes.
    await page.close();
    proxy.faults.length = 0;
    const sent = proxy.log.length;
    const blank = await context.newPage();
    await blank.goto(`${proxy.url}/api/v1/health`); // same origin, not the app: no page trigger runs
    const cdp = await context.newCDPSession(blank);
    const registrationId = new Promise<string>((resolve) => cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const found = registrations.find((r: { scopeURL: string; isDeleted: boolean }) => r.scopeURL.startsWith(proxy!.url) && !r.isDeleted);
      if (found) resolve(found.registrationId);
    }));
    await cdp.send('ServiceWorker.enable');
    const id = await registrationId;
    await expect.poll(async () => {
      await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: proxy!.url, registrationId: id, tag: 'ido-outbox', lastChance: false });
      return proxy!.log.slice(sent).some((entry) => entry.outcome === 'forwarded');
    }, { timeout: 150_000, interval: 2_000 }).toBe(true);

    const again = await context.newPage();
    await again.goto(proxy.url);
    await expect.poll(() => statusLine(again), { timeout: 60_000, interval: 500 }).toMatch(/^alles verstuurd/);
    const stored = await storedRegistrations(server);
    expect(stored.ids).toEqual(ids);
    expect(stored.copies).toBe(2);
  }, 300_000);
});
