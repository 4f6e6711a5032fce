import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, enrollInApp, loosely, registerContacts, statusLine, tabletContext, tabletIds, tabletSetting } from './app';
import { startDesk } from './desk';
import { storedRegistrations } from './stored';

const syncTags = (page: Page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.ready;
  return (registration as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }).sync.getTags();
});

/**
 * Counts the page's own tries for the outbox lock (the senders' ifAvailable requests, src/sync/lock.ts) and those that
 * found it taken ('busy'), on window.__outbox. Watches only: each request goes on to Web Locks unchanged.
 */
const WATCH_OUTBOX_TRIES = `(() => {
  const tries = { tries: 0, busy: 0 };
  Object.defineProperty(window, '__outbox', { value: tries });
  const request = LockManager.prototype.request;
  LockManager.prototype.request = function (name, ...rest) {
    const options = rest.length > 1 ? rest[0] : {};
    if (name === 'ido-outbox' && options.ifAvailable) {
      tries.tries += 1;
      const callback = rest[rest.length - 1];
      rest[rest.length - 1] = (lock) => { if (!lock) tries.busy += 1; return callback(lock); };
    }
    return request.call(this, name, ...rest);
  };
})();`;
const outboxTries = (page: Page) => page.evaluate(() => (window as unknown as { __outbox: { tries: number; busy: number } }).__outbox);
/** Holds the outbox lock from the page, as another tab or the service worker would, until `releaseOutbox`. */
const holdOutbox = (page: Page) => page.evaluate(() => new Promise<void>((held) => {
  void navigator.locks.request('ido-outbox', () => new Promise<void>((release) => {
    (window as unknown as { __releaseOutbox: () => void }).__releaseOutbox = release;
    held();
  }));
}));
const releaseOutbox = (page: Page) => page.evaluate(() => (window as unknown as { __releaseOutbox: () => void }).__releaseOutbox());
const heldLocks = (page: Page) => page.evaluate(async () => (await navigator.locks.query()).held?.length ?? 0);
/** Whether the page's sends have settled: no try for the lock in `ms`, and no one holds it. */
const sendsSettled = async (page: Page, ms = 1_500) => {
  const before = (await outboxTries(page)).tries;
  await page.waitForTimeout(ms);
  return (await outboxTries(page)).tries === before && (await heldLocks(page)) === 0;
};

describe('sync to the ingest server', () => {
  it('delivers 20 contacts registered offline exactly once, through the service worker\'s sync event', async () => {
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
    await context.setOffline(true);
    await registerContacts(page, 20);
    // The status line is a live query: just after the last save it can still show 19 (a CI run, 1 December 2026).
    await expect.poll(() => statusLine(page)).toContain('20 nog te versturen');
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

  it('sends a batch packed with gzip to a server whose limits say it takes it, and the server stores it once', async () => {
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser);
    const batches: { encoding: string | undefined; bytes: number }[] = [];
    context.on('request', (request) => {
      if (new URL(request.url()).pathname !== '/api/v1/batches') return;
      batches.push({ encoding: request.headers()['content-encoding'], bytes: request.postDataBuffer()?.length ?? 0 });
    });
    const page = await enrollInApp(context, server.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
    expect(await tabletSetting(page, 'limits')).toMatchObject({ requestEncodings: ['gzip'] });
    await context.setOffline(true);
    await registerContacts(page, 4);
    await expect.poll(() => statusLine(page)).toContain('4 nog te versturen');
    const ids = await tabletIds(page);
    await context.setOffline(false);
    await expect.poll(() => statusLine(page), { timeout: 60_000 }).toMatch(/^alles verstuurd/);

    // Four contacts are some 2.5 KiB of JSON: over the 1 KiB from which a batch goes packed.
    expect(batches.length).toBeGreaterThan(0);
    for (const sent of batches) expect(sent).toMatchObject({ encoding: 'gzip' });
    expect(batches[0].bytes).toBeLessThan(1_500);
    const stored = await storedRegistrations(server);
    expect(stored.ids).toEqual(ids);
    expect(stored.copies).toBe(4);
  });

  it('does not say it is sending after a reload in the middle of a send, while no one sends', async () => {
    // A page reloaded while its request was out never runs the drain's finally: 'sending' and its progress stay stored.
    // When the next send stops before any batch (here: a wait that has not passed), the bar said "Versturen 0 van 2"
    // until a later send got as far as a batch.
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
    await context.setOffline(true);
    await registerContacts(page, 2);
    await expect.poll(() => statusLine(page)).toContain('2 nog te versturen');
    // What the interrupted send left: 'sending' with its progress, beside the wait it had before the tap on "Nu versturen".
    const nextAttemptAt = new Date(Date.now() + 20 * 60_000).toISOString();
    await page.evaluate((wait) => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('ido-onderweg');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const store = db.transaction('settings', 'readwrite').objectStore('settings');
        const read = store.get('syncStatus');
        read.onsuccess = () => {
          const value = { ...(read.result as { value?: object } | undefined)?.value, state: 'sending', progress: { sent: 0, total: 2 }, failures: 1, nextAttemptAt: wait };
          store.put({ key: 'syncStatus', value }).onsuccess = () => { db.close(); resolve(); };
        };
      };
    }), nextAttemptAt);
    await page.reload();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await expect.poll(() => statusLine(page)).toContain('2 nog te versturen');
    await expect.poll(async () => (await tabletSetting<{ state: string }>(page, 'syncStatus'))?.state, { timeout: 15_000 }).toBe('backoff');
    // The stored status changes first; the status bar draws it in its next render (a live query), so that is waited for too.
    await expect.poll(() => page.locator('#sync-progress').count()).toBe(0);
    expect(await tabletSetting(page, 'syncStatus')).toMatchObject({ failures: 1, nextAttemptAt });
    expect((await tabletSetting<{ progress?: unknown }>(page, 'syncStatus'))?.progress).toBeUndefined();
    await context.close();
  });

  it('says in the status bar when a tap on "Nu versturen" fails for another reason than the storage, and logs it, with no uncaught error', async () => {
    // The sync engine is a chunk of its own (assets/sync-<hash>.js); here it does not come (gone from the service worker's cache, and the
    // network does not give it). The tap's send throws that error, which is not about the storage: it was thrown again,
    // an unhandled rejection in the page, and staff saw the button come back without a word.
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const page = await enrollInApp(context, server.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
    // the contact stays on the tablet: the server is not reached
    await context.route(/\/api\/v1\/batches$/, (route) => route.abort());
    await registerContacts(page, 1);
    await expect.poll(() => statusLine(page), { timeout: 15_000 }).toMatch(/^1 nog te versturen/);
    await context.route(/\/assets\/sync-[\w-]{8}\.js$/, (route) => route.abort());
    const removed = await page.evaluate(async () => {
      let n = 0;
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) if (/\/assets\/sync-[\w-]{8}\.js$/.test(new URL(request.url).pathname) && await cache.delete(request)) n++;
      }
      return n;
    });
    expect(removed).toBeGreaterThan(0);
    const pageErrors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.reload();
    await expect.poll(() => statusLine(page), { timeout: 15_000 }).toMatch(/^1 nog te versturen/);
    // the start's send failed the same way (logged by sync-triggers.ts): the tap comes after it
    const logged = () => warnings.filter((text) => text.startsWith('Versturen lukte niet')).length;
    await expect.poll(logged, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = logged();
    await page.getByRole('button', { name: 'Nu versturen' }).click();
    const failure = page.locator('#sync-failure');
    await failure.waitFor();
    expect(await failure.innerText()).toBe('Versturen lukte niet. Alles blijft bewaard. Probeer het straks opnieuw.');
    expect(await page.locator('#sync-status-line').innerText()).toMatch(/^1 nog te versturen/);
    // one line at 768 px, not cut off, beside the button, which is back
    expect(await failure.evaluate((e) => e.parentElement!.scrollWidth <= e.parentElement!.clientWidth)).toBe(true);
    expect(await page.getByRole('button', { name: 'Nu versturen' }).isEnabled()).toBe(true);
    await page.screenshot({ path: '.tmp/screenshots/sync-tap-failed-768x1024.png' });
    // logged, its kind and message only; thrown at the page nowhere
    await expect.poll(logged).toBeGreaterThan(before);
    expect(warnings.filter((text) => text.startsWith('Versturen lukte niet')).every((text) => /^Versturen lukte niet; de app probeert het later opnieuw\. TypeError: [^{]*$/.test(text))).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  /** An enrolled tablet behind the proxy with one contact sent; the kaart request after the next batch will be held. */
  async function oneSentThenKaartHeld() {
    const { browser, server, proxy } = await startDesk({ proxy: true });
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, proxy.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
    await registerContacts(page, 1);
    await expect.poll(() => proxy.log.length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => statusLine(page), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    // Only a kaart request after the next batch is held: a run still pulling the kaart from the enrollment goes on.
    const batches = proxy.log.length;
    proxy.holdOther = (path) => path.startsWith('/api/v1/kaart/changes') && proxy.log.length === batches + 1;
    proxy.slowMs = 8_000;
    return { server, proxy, page, batches };
  }

  it('sends a contact saved while a sync is still busy with the kaart at once, not at the next heartbeat', async () => {
    // The page runs one sync at a time (src/app/sync-triggers.ts). A save during a run's kaart step, after its drain
    // read the outbox, used to join that run and wait for the minute's heartbeat (a CI flake in csp.test.ts).
    const { server, proxy, page, batches } = await oneSentThenKaartHeld();
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'Wachtwoord vergeten' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    // a run has sent that contact's batch and now waits for the kaart
    await expect.poll(() => proxy.held.length, { timeout: 30_000 }).toBeGreaterThan(0);
    proxy.holdOther = undefined;
    await registerContacts(page, 1);
    // Well before the heartbeat (60 s) and the busy retry (30 s), the run after the held one sends it. (Not the status
    // line first: just after a save it can still read "alles verstuurd" from before.)
    await expect.poll(() => proxy.log.length, { timeout: 20_000, interval: 250 }).toBe(batches + 2);
    await expect.poll(() => statusLine(page), { timeout: 10_000, interval: 250 }).toMatch(/^alles verstuurd/);
    const stored = await storedRegistrations(server);
    expect(stored.copies).toBe(3);
    expect(stored.ids).toEqual(await tabletIds(page));
  });

  it('sends a contact saved during a run at once also when "Nu versturen" is tapped while that run is busy with the kaart', async () => {
    // A tap started a second, forced run beside the one under way: it found the outbox lock taken ('busy'), took the
    // first run's place, and the run that should follow it (for the contact saved meanwhile) was lost; the first run's
    // end then cleared the retry timer too, so the contact waited for the minute's heartbeat.
    const { server, proxy, page, batches } = await oneSentThenKaartHeld();
    await registerContacts(page, 1);
    await expect.poll(() => proxy.held.length, { timeout: 30_000 }).toBeGreaterThan(0);
    proxy.holdOther = undefined;
    await registerContacts(page, 1);
    await page.getByRole('button', { name: 'Nu versturen' }).click();

    await expect.poll(() => proxy.log.length, { timeout: 20_000, interval: 250 }).toBe(batches + 2);
    await expect.poll(() => statusLine(page), { timeout: 10_000, interval: 250 }).toMatch(/^alles verstuurd/);
    const stored = await storedRegistrations(server);
    expect(stored.copies).toBe(3);
    expect(stored.ids).toEqual(await tabletIds(page));
  });

  it('sends a contact saved while another holds the outbox lock as soon as it is released, not at the retry 30 s later', async () => {
    // A send that found the lock taken (the service worker's sync, another tab, the enrollment) tried again only after
    // 30 s (IDLE_RETRY_MS in src/app/sync-triggers.ts): a contact saved while the service worker sent waited that long.
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser);
    await context.addInitScript(WATCH_OUTBOX_TRIES);
    const page = await enrollInApp(context, server.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
    await registerContacts(page, 1);
    await expect.poll(() => statusLine(page), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    // A new page (a reload): its minute's heartbeat is a minute off, so it cannot be what sends the contact below; and
    // the start's own sends are over before the lock is taken (else one could be what sends, after the release).
    await page.reload();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await expect.poll(async () => (await outboxTries(page)).tries, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => sendsSettled(page), { timeout: 30_000 }).toBe(true);

    await holdOutbox(page);
    await registerContacts(page, 1);
    // the save's send found the lock taken
    await expect.poll(async () => (await outboxTries(page)).busy, { timeout: 15_000 }).toBeGreaterThan(0);
    await releaseOutbox(page);

    await page.getByRole('link', { name: 'Vandaag' }).click();
    await expect.poll(() => page.getByText('Verstuurd', { exact: true }).count(), { timeout: 10_000, interval: 250 }).toBe(2);
    await expect.poll(() => statusLine(page), { timeout: 10_000, interval: 250 }).toMatch(/^alles verstuurd/);
    const stored = await storedRegistrations(server);
    expect(stored.copies).toBe(2);
    expect(stored.ids).toEqual(await tabletIds(page));

    // No send loop: the lock the page's own send lets go of wakes no further send while nothing waits, and nothing
    // waits for the lock any more.
    await expect.poll(() => sendsSettled(page), { timeout: 15_000 }).toBe(true);
    expect(await sendsSettled(page, 3_000)).toBe(true);
    expect(await page.evaluate(async () => (await navigator.locks.query()).pending?.length ?? 0)).toBe(0);
    await context.close();
  });

  it('asks for a Background Sync for a delete made offline in the day list, as for a save, and the delete arrives', async () => {
    // A delete from the day list started no send at all: offline it asked for no Background Sync, so with the app closed
    // the tombstone waited until the app was opened again (online, until the minute's heartbeat).
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
    await registerContacts(page, 2);
    await expect.poll(() => statusLine(page), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    await expect.poll(() => syncTags(page)).toEqual([]);
    // The run after the sends (kaart, delivery check) has ended: going offline in it would leave a retry timer behind.
    await expect.poll(() => page.evaluate(async () => (await navigator.locks.query()).held?.length ?? 0), { timeout: 30_000 }).toBe(0);

    await context.setOffline(true);
    await page.getByRole('link', { name: 'Vandaag' }).click();
    const items = page.locator('.ido-list__item');
    await expect.poll(() => items.count()).toBe(2);
    await items.first().getByRole('button', { name: /^Verwijderen/ }).click();
    await items.first().getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => statusLine(page)).toMatch(/^1 nog te versturen/);
    await expect.poll(() => syncTags(page)).toEqual(['ido-outbox']);

    await context.setOffline(false);
    await expect.poll(() => statusLine(page), { timeout: 60_000, interval: 250 }).toMatch(/^alles verstuurd/);
    const stored = await storedRegistrations(server);
    expect(stored.copies).toBe(2);
    expect(stored.ids).toHaveLength(1);
  });

  it('gets through a 503 with Retry-After, a dropped connection and a captive portal, with the same batch, stored once', async () => {
    const { browser, server, proxy } = await startDesk({ proxy: true });
    const context = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const page = await enrollInApp(context, proxy.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });
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
