import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrollInApp, registerContacts, statusLine, tabletContext, tabletIds } from './app';
import { startDesk } from './desk';
import { storedRegistrations } from './stored';

/*
 * A library's Wi-Fi with a captive portal or a web filter that answers the tablet's batches with its
 * own HTML 401 or 403. The tablet must not take that for the server's word: it keeps its records,
 * never says it must be enrolled again, asks the browser for a Background Sync, and delivers once
 * the network lets it through.
 */

/** Remembers, in the page, whether a pause notice ("opnieuw gekoppeld", "ontkoppeld") was ever shown. */
async function watchForPause(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { pauseSeen: string[] }).pauseSeen = seen;
    const look = () => {
      const text = document.body.textContent ?? '';
      if (/opnieuw gekoppeld|ontkoppeld|Versturen is gestopt/i.test(text)) seen.push(text.slice(0, 300));
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    look();
  });
  return () => page.evaluate(() => (window as unknown as { pauseSeen: string[] }).pauseSeen);
}

const syncTags = (page: Page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.ready;
  return (registration as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }).sync.getTags();
});

describe('a hostile network between the tablet and the server', () => {
  it('an HTML 401 and 403 from a captive portal: the same batch again, never "opnieuw koppelen", delivered once', async () => {
    const { browser, server, proxy } = await startDesk({ proxy: true });
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, proxy.url, server.enrollmentCode!);
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
    const { browser, server, proxy } = await startDesk({ proxy: true });
    const context = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const page = await enrollInApp(context, proxy.url, server.enrollmentCode!);
    const pauseSeen = await watchForPause(page);
    expect(await syncTags(page)).toEqual([]);

    // Online all along (no offline save): only the drain that ended waiting can have asked for it.
    proxy.faults.push(...Array.from({ length: 10_000 }, () => 'portal_403' as const));
    await registerContacts(page, 2);
    await expect.poll(() => proxy!.log.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => syncTags(page), { timeout: 30_000, interval: 250 }).toContain('ido-outbox');
    await expect.poll(() => statusLine(page)).toMatch(/^2 nog te versturen/);
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
