import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, kaartSource, openControlled, readTablet, recordRenders, registerTwoQuestions, renders, smallTapTargets } from './app';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, startServer, type RunningServer } from './server';

let browser: Browser;
let server: RunningServer;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));

/**
 * A tablet's browser on a profile on disk (`profile`), landscape unless `options` say otherwise: Chromium applies a
 * DevTools quota override to such a profile, not to an in-memory one, and the next launch finds what it stored.
 */
const launchTablet = (profile: string, options: Parameters<typeof chromium.launchPersistentContext>[1] = {}) => chromium.launchPersistentContext(profile, {
  executablePath: ensureChromium(), args: CHROMIUM_ARGS, viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', ...options,
});

/** Every registration as IndexedDB holds it, read without the app. */
const storedRegistrations = async (page: Page) => (await readTablet<unknown[]>(page, { store: 'registrations', read: 'rows' })) ?? [];

/** The settings rows that hold kept form drafts. */
const keptDrafts = async (page: Page) => ((await readTablet<string[]>(page, { store: 'settings', read: 'keys' })) ?? []).filter((key) => key.startsWith('formDraft:')).length;

const digid = (page: Page) => page.locator('#f-questions-0-topics').getByRole('checkbox', { name: 'DigiD' });

/** Fills the origin's storage with a database of its own, in ever smaller pieces, until not even 256 bytes fit. */
async function fillStorage(): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('filler');
    open.onupgradeneeded = () => open.result.createObjectStore('filler', { autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const put = (size: number) => new Promise<boolean>((resolve) => {
    const transaction = db.transaction('filler', 'readwrite');
    // Random bytes: the browser may compress what it stores, and zeros would hardly count.
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
    transaction.objectStore('filler').put(bytes);
    transaction.oncomplete = () => resolve(true);
    transaction.onabort = () => resolve(false);
  });
  for (let size = 1024 * 1024; size >= 256; size /= 4) while (await put(size));
  db.close();
}

describe('the tablet\'s storage', () => {
  it('says plainly that the storage is full, keeps the form, offers the emergency export, and loses nothing stored', async () => {
    // A profile on disk, as on a tablet: Chromium applies a DevTools quota override to it (not to an in-memory one).
    const profile = mkdtempSync(join(tmpdir(), 'ido-quota-'));
    const launch = () => launchTablet(profile, { acceptDownloads: true });
    const first = await launch();
    const earlier = await openControlled(first, server.url);
    await registerTwoQuestions(earlier);
    await registerTwoQuestions(earlier);
    const before = await storedRegistrations(earlier);
    expect(before).toHaveLength(2);
    await first.close();

    // The next day the tablet is full: the browser's quota for this origin is forced far below what is
    // already used, before the app opens its database (Chromium checks a quota it has cached for a while).
    const context = await launch();
    const page = context.pages()[0] ?? await context.newPage();
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await storedRegistrations(page)).toEqual(before);

    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'DigiD activeren' }).check();
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
    // The reason has the focus in the render that shows it, before the next key: a key typed before the next frame
    // went into the refused contact, back in the form.
    await recordRenders(page, () => (document.querySelector('#storage-failure') ? `shown, focus on ${document.activeElement?.id || document.activeElement?.tagName}` : 'not shown'));
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    const alert = page.locator('#storage-failure');
    await alert.waitFor();
    expect((await renders(page)).find((state) => state !== 'not shown')).toBe('shown, focus on storage-failure');
    expect(await alert.innerText()).toContain('De registratie is niet opgeslagen: de opslag van deze tablet is vol. Wat al op de tablet stond, blijft bewaard. Wat u hebt ingevuld, staat er nog.');
    expect(await alert.innerText()).toContain('noodexport');
    expect(await page.getByText('Opgeslagen: 1 contact').count()).toBe(0);
    // Its link to Instellingen is a tap target like any other (it was a line of text, 27 px high).
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/storage-full-1024x768.png' });

    // The filled-in form stays; nothing stored changed.
    expect(await digid(page).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'DigiD activeren' }).isChecked()).toBe(true);
    expect(await storedRegistrations(page)).toEqual(before);

    // The emergency export works on a full tablet: it only reads.
    const [download] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Noodexport maken' }).click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { records: Array<{ id: string }> };
    expect(exported.records.map((r) => r.id).sort()).toEqual((before as Array<{ id: string }>).map((r) => r.id).sort());
    await alert.getByText('2 registraties opgeslagen in het bestand').waitFor();
    // Instellingen opens in a new window, so this form stays; it shows the storage and the emergency export.
    const [settings] = await Promise.all([context.waitForEvent('page'), alert.getByRole('link', { name: /Noodexport en opslag bij Instellingen/ }).click()]);
    await settings.getByRole('heading', { name: 'Opslag op deze tablet' }).waitFor();
    await expect.poll(() => settings.locator('.ido-facts').last().innerText()).toMatch(/Blijvende opslag\s+(Ja|Nee)[\s\S]*In gebruik\s+[\d,]+ MB van [\d.,]+ [MG]B/);
    // Its own emergency export is the same file, under the same name.
    const [fromSettings] = await Promise.all([settings.waitForEvent('download'), settings.getByRole('button', { name: /Niet verstuurde registraties opslaan \(2\)/ }).click()]);
    expect(fromSettings.suggestedFilename()).toBe(download.suggestedFilename());
    expect(fromSettings.suggestedFilename()).toMatch(/^ido-noodexport-\d{4}-\d{2}-\d{2}\.json$/);
    expect((JSON.parse(readFileSync((await fromSettings.path())!, 'utf8')) as { records: unknown[] }).records).toHaveLength(2);
    await settings.getByText('2 registraties opgeslagen in een bestand. Geef het bestand aan de coördinator.').waitFor();
    await settings.close();
    expect(await digid(page).isChecked()).toBe(true);

    // A kaart edit in another tab is refused the same way; the stored service stays as it was.
    const kaart = await context.newPage();
    await kaart.goto(`${server.url}/#/kaart`);
    await kaart.getByRole('heading', { name: 'Sociale kaart' }).first().waitFor();
    const [service] = (await readTablet<Array<{ id: string; name: string }>>(kaart, { store: 'kaartServices', read: 'rows' }))!;
    await kaart.goto(`${server.url}/#/kaart/bewerken/${encodeURIComponent(service.id)}`);
    await kaart.locator('#svc-name').fill('Een nieuwe naam');
    await kaart.getByRole('button', { name: 'Opslaan', exact: true }).click();
    const kaartAlert = kaart.locator('#storage-failure');
    await kaartAlert.waitFor();
    expect(await kaartAlert.innerText()).toContain('De wijziging is niet opgeslagen: de opslag van deze tablet is vol.');
    expect(await kaart.locator('#svc-name').inputValue()).toBe('Een nieuwe naam');
    expect((await readTablet<{ name: string }>(kaart, { store: 'kaartServices', key: service.id }))?.name).toBe(service.name);
    await kaart.close();

    // Space again: the same form saves with one more tap.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    expect(await alert.count()).toBe(0);
    const after = await storedRegistrations(page);
    expect(after).toHaveLength(3);
    expect(after).toEqual(expect.arrayContaining(before));
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('starts on a full tablet that never started before without uncaught errors, and says so at "Nu niet"', async () => {
    // A first start writes the example organisation and its settings; a full tablet refuses them. The start's failure
    // (main.tsx) and the choice's (App.tsx) were unhandled rejections, and "Nu niet" did nothing that staff could see.
    const profile = mkdtempSync(join(tmpdir(), 'ido-quota-'));
    const context = await launchTablet(profile);
    const page = context.pages()[0] ?? await context.newPage();
    const pageErrors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' }).click();
    const full = page.getByText('De opslag van deze tablet is vol. Maak ruimte vrij op de tablet (bijvoorbeeld oude downloads of foto\'s wissen) en tik daarna opnieuw op "Nu niet".');
    await full.waitFor();
    // both failures logged, kind and message only
    await expect.poll(() => warnings.filter((text) => /^start AbortError: /.test(text)).length).toBe(1);
    expect(warnings.filter((text) => /^Nu niet AbortError: /.test(text))).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/storage-full-first-start-1024x768.png' });

    // Space again: "Nu niet" is stored, and the message goes.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' }).click();
    await expect.poll(() => readTablet<{ value: boolean }>(page, { store: 'settings', key: 'enrollmentSkipped' })).toEqual({ key: 'enrollmentSkipped', value: true });
    expect(await full.count()).toBe(0);
    // The start that failed (the example organisation) runs again now that it can write: the form stands, without a reload.
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).waitFor();
    expect(await page.getByText('Het formulier wordt geladen…').count()).toBe(0);
    expect(await readTablet<unknown[]>(page, { store: 'organisations', read: 'rows' })).toHaveLength(1);
    expect(warnings.filter((text) => /^start /.test(text))).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('starts the background (triggers, the linked tablet\'s kaart) once linked, when the page\'s first start never got its chunk', async () => {
    // The first try of the start (main.tsx) lost its chunk (a network that dropped it); the retry after linking ran
    // startApp only, so the tablet started no triggers: it pulled no kaart (the Sociale kaart stayed empty, without a
    // word) and sent by itself no more, until the next page load.
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    let tries = 0;
    await context.route(/\/assets\/start-later-[^/]*\.js$/, (route) => (tries++ === 0 ? route.abort() : route.continue()));
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(server.url);
    await page.getByLabel('Koppelcode').fill(runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText('De tablet is gekoppeld aan').waitFor();
    await expect.poll(() => warnings.filter((text) => /^start TypeError: /.test(text)).length).toBe(1);
    // Without a reload: the organisation's kaart comes, and a search finds it.
    await expect.poll(() => kaartSource(page, { pulled: true })).toBe(DEMO_ORGANISATION);
    await page.getByRole('link', { name: 'Sociale kaart' }).click();
    await page.getByLabel('Zoek hulp').fill('schulden');
    await expect.poll(() => page.locator('#kaart-results li').count()).toBeGreaterThan(0);
    expect(tries).toBeGreaterThan(1);
    await context.close();
  });

  it('links a full tablet only once it can store the link, and says so; a code used for a link it could not store links that tablet once there is space', async () => {
    // enrollDevice's store had no catch: on a full tablet the tap left an unhandled rejection and no message, and the
    // server had used the code up for a device the tablet never kept.
    const profile = mkdtempSync(join(tmpdir(), 'ido-quota-'));
    const context = await launchTablet(profile);
    const page = context.pages()[0] ?? await context.newPage();
    const pageErrors: string[] = [];
    const logged: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => logged.push(message.text()));
    const enrollRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/devices/enroll')) enrollRequests.push(request.url());
    });
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await page.goto(server.url);
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
    await page.getByLabel('Koppelcode').fill(code);
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    // Full before the code was sent: the code is not used, and staff can tap again once there is space.
    const full = page.getByText('De opslag van deze tablet is vol. Maak ruimte vrij op de tablet (bijvoorbeeld oude downloads of foto\'s wissen) en tik daarna opnieuw op "Tablet koppelen". De koppelcode blijft geldig.');
    await full.waitFor();
    expect(enrollRequests).toEqual([]);
    await expect.poll(() => logged.filter((text) => /^Tablet koppelen AbortError: /.test(text)).length).toBe(1);
    expect(pageErrors).toEqual([]);
    expect(await page.getByRole('button', { name: 'Tablet koppelen' }).isEnabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText('De tablet is gekoppeld aan').waitFor();
    expect(enrollRequests).toHaveLength(1);
    expect(await full.count()).toBe(0);
    await context.close();
    rmSync(profile, { recursive: true, force: true });

    // A tablet that fills up while the server answers: the code is used, and the screen says what to do; once there is
    // space, the same code links this tablet to the device the server made (its attempt key), not to a second one.
    const second = mkdtempSync(join(tmpdir(), 'ido-quota-'));
    const other = await launchTablet(second);
    const tablet = other.pages()[0] ?? await other.newPage();
    tablet.on('pageerror', (error) => pageErrors.push(error.message));
    tablet.on('console', (message) => logged.push(message.text()));
    // A quota of 10 MB (set before the page opens its database, which Chromium needs), filled up by another database
    // of the page between the server's answer and the tablet's store.
    const otherCdp = await other.newCDPSession(tablet);
    await otherCdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 10 * 1024 * 1024 });
    await tablet.goto(server.url);
    const spent = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
    let madeDevice = '';
    await tablet.route(/\/devices\/enroll$/, async (route) => {
      const response = await route.fetch();
      expect(response.status()).toBe(201);
      madeDevice = (await response.json()).deviceId;
      await tablet.evaluate(fillStorage);
      await route.fulfill({ response });
    });
    await tablet.getByLabel('Koppelcode').fill(spent);
    await tablet.getByRole('button', { name: 'Tablet koppelen' }).click();
    const usedFull = tablet.getByText('De tablet kon de koppeling niet bewaren: de opslag van deze tablet is vol. Maak ruimte vrij op de tablet (bijvoorbeeld oude downloads of foto\'s wissen) en tik daarna opnieuw op "Tablet koppelen". Dezelfde koppelcode werkt op deze tablet nog 24 uur.');
    await usedFull.waitFor();
    await expect.poll(() => logged.filter((text) => /^Tablet koppelen AbortError: /.test(text)).length).toBe(2);
    expect(await readTablet(tablet, { store: 'settings', key: 'device' })).toBeUndefined();
    expect(pageErrors).toEqual([]);
    expect(await axeViolations(tablet)).toEqual([]);

    await tablet.unroute(/\/devices\/enroll$/);
    await tablet.evaluate(() => new Promise<void>((resolve) => {
      const removed = indexedDB.deleteDatabase('filler');
      removed.onsuccess = removed.onerror = () => resolve();
    }));
    await tablet.getByRole('button', { name: 'Tablet koppelen' }).click();
    await tablet.getByText('De tablet is gekoppeld aan').waitFor();
    expect(await usedFull.count()).toBe(0);
    expect(await readTablet(tablet, { store: 'settings', key: 'device' })).toMatchObject({ value: { deviceId: madeDevice } });
    // Never the code or the token in the log.
    expect(logged.filter((text) => text.includes(code) || text.includes(spent) || /token/i.test(text))).toEqual([]);
    await other.close();
    rmSync(second, { recursive: true, force: true });
  });

  it('shows the same status in two tabs, and a new version in one tab reloads the other with its half-filled form back', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const a = await openControlled(context, server.url);
    const b = await context.newPage();
    await b.goto(server.url);
    await b.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();

    // A save in tab B shows in tab A's status bar (live queries across tabs).
    await registerTwoQuestions(b);
    await expect.poll(() => a.locator('#sync-status-line').innerText()).toContain('1 alleen op deze tablet');
    expect(await a.locator('#sync-status-line').innerText()).toBe(await b.locator('#sync-status-line').innerText());

    // Tab A: half a form, kept in IndexedDB as it is filled in.
    await a.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await a.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await a.getByRole('radio', { name: 'DigiD activeren' }).check();
    await a.getByRole('radio', { name: 'Bibliotheek Noord' }).check();
    await expect.poll(() => keptDrafts(a)).toBe(1);

    // Tab B opens the database at a newer version, as a new app version with a schema upgrade does.
    const upgraded = b.evaluate(() => new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('ido-onderweg', 10_000);
      open.onupgradeneeded = () => open.result.createObjectStore('fromANewerVersion');
      open.onsuccess = () => { const version = open.result.version; open.result.close(); resolve(version); };
      open.onerror = () => reject(open.error);
    }));
    await a.getByText('Er is een nieuwe versie; de pagina wordt opnieuw geladen, uw formulier blijft bewaard.').waitFor();
    expect(await upgraded).toBe(10_000);

    // Tab A reloads by itself and the form is back as it was.
    await expect.poll(() => a.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true).catch(() => true)).toBe(false);
    await a.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await expect.poll(() => digid(a).isChecked()).toBe(true);
    expect(await a.getByRole('radio', { name: 'DigiD activeren' }).isChecked()).toBe(true);
    expect(await a.getByRole('radio', { name: 'Bibliotheek Noord' }).isChecked()).toBe(true);
    expect(await a.getByRole('button', { name: 'Formulier leegmaken' }).isEnabled()).toBe(true);

    // Saving it clears the kept draft; nothing was lost or doubled on the way.
    await a.locator('#f-questions-0-resolved').getByRole('radio', { name: 'Ja' }).check();
    await a.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await a.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    await expect.poll(() => keptDrafts(a)).toBe(0);
    expect(await storedRegistrations(a)).toHaveLength(2);
    await context.close();
  });

  it('reloads a tab with a half-filled form when another tab takes a new app version, and the form comes back', async () => {
    // A copy of the build that this test can "deploy" a new version into.
    const appDirectory = mkdtempSync(join(tmpdir(), 'ido-two-tabs-'));
    cpSync(inject('e2eDist'), appDirectory, { recursive: true });
    const own = await startServer(appDirectory);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    try {
      const a = await openControlled(context, own.url);
      const b = await context.newPage();
      await b.goto(own.url);
      await b.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();

      await a.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      await a.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
      await a.getByRole('radio', { name: 'Bibliotheek Noord' }).check();
      await expect.poll(() => keptDrafts(a)).toBe(1);

      // A new version is deployed; tab B (an empty form) takes it with a tap.
      appendFileSync(join(appDirectory, 'sw.js'), '\n// version 2\n');
      await b.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const update = b.getByRole('button', { name: 'Nieuwe versie beschikbaar – bijwerken' });
      await update.waitFor({ timeout: 30_000 });
      await update.click();

      // Tab A says why and reloads by itself; its form is back.
      await a.getByText('Er is een nieuwe versie; de pagina wordt opnieuw geladen, uw formulier blijft bewaard.').waitFor();
      await expect.poll(() => a.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true).catch(() => true)).toBe(false);
      await a.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
      await expect.poll(() => digid(a).isChecked()).toBe(true);
      expect(await a.getByRole('radio', { name: 'Bibliotheek Noord' }).isChecked()).toBe(true);

      // "Formulier leegmaken" forgets the kept draft: a reload now starts empty.
      await a.getByRole('button', { name: 'Formulier leegmaken' }).click();
      await expect.poll(() => keptDrafts(a)).toBe(0);
      await a.reload();
      await a.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
      expect(await a.getByRole('radio', { name: 'Bibliotheek Noord' }).isChecked()).toBe(false);
      expect(await a.locator('#f-questions-0-topics').count()).toBe(0);
      expect(await a.getByRole('button', { name: 'Formulier leegmaken' }).isDisabled()).toBe(true);
    } finally {
      await context.close();
      await own.stop();
      rmSync(appDirectory, { recursive: true, force: true });
    }
  });

  it('has a saved contact on the disk before it says "Opgeslagen": its write is strict, the sync engine\'s and the settings\' are not', async () => {
    // Since Chrome 121 a readwrite transaction is "relaxed" by default: it completes once the operating system has the
    // change, and a tablet forced off in the seconds after loses a contact that said "Opgeslagen" (src/db/durable-writes.ts).
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(() => {
      const writes: { stores: string[]; durability: string }[] = [];
      const open = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
        const transaction = open.apply(this, args);
        if (transaction.mode === 'readwrite') writes.push({ stores: [...transaction.objectStoreNames], durability: transaction.durability });
        return transaction;
      };
      (window as unknown as { __writes: typeof writes }).__writes = writes;
    });
    const page = await openControlled(context, server.url);
    const writes = () => page.evaluate(() => (window as unknown as { __writes: { stores: string[]; durability: string }[] }).__writes.splice(0));
    await writes();
    await registerTwoQuestions(page);
    await expect.poll(async () => (await storedRegistrations(page)).length).toBe(1);
    const seen = await writes();
    const saves = seen.filter((write) => write.stores.join() === 'registrations');
    expect(saves.length).toBeGreaterThan(0);
    expect(saves.map((write) => write.durability)).toEqual(saves.map(() => 'strict'));
    // the rest (the form's kept draft, the status) stays as the browser has it
    const others = seen.filter((write) => !write.stores.every((store) => store === 'registrations' || store === 'groupSessions'));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((write) => write.durability === 'strict')).toEqual([]);
    await context.close();
  });

  it('says why "Nu versturen" sends nothing on a full tablet, and where the emergency export is', async () => {
    // The outbox stores a batch before it sends it: on a full tablet that write is refused, so nothing can go. The tap
    // ended without a word (the button came back, the count stayed), while the storage notice advises that very tap.
    const profile = mkdtempSync(join(tmpdir(), 'ido-quota-'));
    const launch = (offline = false) => launchTablet(profile, { viewport: { width: 768, height: 1024 }, offline });
    // A server of its own, down while the contact must stay unsent. The save offline asks for a Background Sync, and
    // the browser fires it when the page's offline emulation ends, which closing the browser does: its service worker
    // then sent the contact while the browser shut down (the next browser said "alles verstuurd": 2 runs of 5 here).
    // Nothing can reach a server that is not there; it comes back, on the same port (the same origin), when there is
    // space again.
    let own = await startServer(inject('e2eDist'));
    const port = new URL(own.url).port;
    try {
      const first = await launch();
      const enrolling = await openControlled(first, own.url, { skipEnrollment: false });
      await enrolling.getByLabel('Koppelcode').fill(own.enrollmentCode!);
      await enrolling.getByRole('button', { name: 'Tablet koppelen' }).click();
      await enrolling.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();
      await first.setOffline(true);
      await registerTwoQuestions(enrolling);
      await own.stop({ keepData: true });
      await first.close();

      // Offline until there is space again: the page opens the database first, with the quota set (as in the first
      // test), and the tap comes offline: the full storage stops it before the network is asked.
      const context = await launch(true);
      const page = context.pages()[0] ?? await context.newPage();
      // The automatic sends fail too (the one at the start, back online, the timer's, the heartbeat's): logged, not
      // thrown at the page as unhandled rejections. The start's has failed before the tap (a tap during it would observe
      // its failure itself).
      const pageErrors: string[] = [];
      const startSendFailed = new Promise<void>((resolve) => {
        page.on('pageerror', (error) => {
          pageErrors.push(error.message);
          resolve();
        });
        page.on('console', (message) => {
          if (message.text().startsWith('Versturen lukte niet')) resolve();
        });
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(own.url).origin, quotaSize: 1 });
      await page.goto(own.url);
      await expect.poll(() => page.locator('#sync-status-line').innerText()).toMatch(/^1 nog te versturen/);
      await startSendFailed;
      expect(pageErrors).toEqual([]);
      await page.getByRole('button', { name: 'Nu versturen' }).click();
      const failure = page.locator('#sync-failure');
      await failure.waitFor();
      expect(await failure.innerText()).toBe('Opslag vol: versturen lukt niet. Noodexport bij Instellingen.');
      expect(await page.locator('#sync-status-line').innerText()).toMatch(/^1 nog te versturen/);
      // one line at 768 px, not cut off, and the button beside it keeps its one line
      expect(await failure.evaluate((e) => e.parentElement!.scrollWidth <= e.parentElement!.clientWidth)).toBe(true);
      expect(await page.getByRole('button', { name: 'Nu versturen' }).evaluate((e) => e.getBoundingClientRect().height)).toBeLessThan(64);
      await page.screenshot({ path: '.tmp/screenshots/storage-full-send-768x1024.png' });

      // Space again, and the server back: the next tap sends, and the line goes.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(own.url).origin });
      own = await startServer(inject('e2eDist'), { PORT: port }, own.dataDir);
      await context.setOffline(false);
      // Back online, the app also sends by itself (its 'online' trigger); when that one was quicker, the button is gone
      // (it shows only while something waits) and there is nothing left to tap. Either way the record goes.
      const statusLine = () => page.locator('#sync-status-line').innerText();
      await page.getByRole('button', { name: 'Nu versturen' }).click({ timeout: 10_000 }).catch(async (error: unknown) => {
        if (!/^alles verstuurd/.test(await statusLine())) throw error;
      });
      await expect.poll(statusLine, { timeout: 30_000 }).toMatch(/^alles verstuurd/);
      expect(await failure.count()).toBe(0);
      expect(pageErrors).toEqual([]);
      await context.close();
    } finally {
      await own.stop();
    }
    rmSync(profile, { recursive: true, force: true });
  });
});
