import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ORGANISATION, enrollInApp, fillGroupSession, openControlled, readTablet, recordLayoutShifts, recordRenders, registerContacts, registerTwoQuestions, renders, shiftsOf, statusLine, tabletContext, tabletSetting } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

let browser: Browser;
let server: RunningServer;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));

/** A new tablet's form at 768×1024 with one question about "Iets anders", all filled in but its "anders" note: that box. */
async function questionWithOtherNote(): Promise<{ context: BrowserContext; page: Page; note: Locator }> {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL' });
  const page = await openControlled(context, server.url);
  await page.getByRole('radio', { name: 'Bibliotheek Noord' }).check();
  await page.locator('#f-questions-0-category').getByRole('radio', { name: 'Digitale overheid' }).check();
  await page.locator('#f-questions-0-topics').getByRole('checkbox', { name: 'Iets anders' }).check();
  await page.locator('#f-questions-0-help').getByRole('checkbox', { name: 'Informatie gegeven' }).check();
  await page.locator('#f-questions-0-resolved').getByRole('radio', { name: 'Ja' }).check();
  return { context, page, note: page.getByLabel('Anders, namelijk (niet verplicht)') };
}

describe('the registration app offline', () => {
  it('registers a contact with no network and still has it after the tablet reopens the app offline', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const first = await openControlled(context, server.url);
    await context.setOffline(true);
    await first.reload();
    await first.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await first.evaluate(() => navigator.onLine)).toBe(false);

    await registerTwoQuestions(first);
    await first.getByRole('link', { name: 'Vandaag' }).click();
    const item = first.locator('.ido-list__item');
    await expect.poll(() => item.count()).toBe(1);
    await expect.poll(() => item.first().innerText()).toContain('DigiD – samen gedaan');
    expect(await item.first().innerText()).toContain('Toeslagen – doorverwezen');
    expect(await item.first().innerText()).toContain('Alleen op deze tablet');
    await first.screenshot({ path: '.tmp/screenshots/list-offline-1024x768.png' });
    await first.close();

    // Cold start with no network: a new page, still offline, opens from the service worker.
    const again = await context.newPage();
    await again.goto(`${server.url}/#/vandaag`);
    await again.getByRole('heading', { name: 'Vandaag' }).waitFor();
    await expect.poll(() => again.locator('.ido-list__item').count()).toBe(1);
    expect(await again.locator('.ido-list__item').innerText()).toContain('Toeslagen – doorverwezen');
    await again.goto(server.url);
    await again.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await context.close();
  });

  it('says why a tap on "Nu versturen" sent nothing with no network, in the status bar\'s own line, and sends once it is back', async () => {
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await context.setOffline(true);
    await registerContacts(page, 1);
    await expect.poll(() => statusLine(page)).toBe('1 nog te versturen');
    const heading = page.getByRole('heading', { name: 'Nieuw contact registreren' });
    const [barBefore, headingBefore] = [await page.locator('#sync-status').boundingBox(), await heading.boundingBox()];
    // Before, the tap tried, failed and said nothing: the same line as before it, as if the tap was not taken.
    await page.getByRole('button', { name: 'Nu versturen' }).click();
    const note = page.locator('#sync-note');
    await expect.poll(() => note.textContent()).toBe('Geen internet. Alles blijft bewaard en gaat vanzelf.');
    expect(await page.locator('#sync-status').boundingBox()).toEqual(barBefore);
    expect(await heading.boundingBox()).toEqual(headingBefore);
    await page.screenshot({ path: '.tmp/screenshots/send-now-offline-1024x768.png' });
    // It stays while the tablet keeps trying and nothing goes: with one more contact, and after the tablet's own
    // next try (its backoff timer) fails as well.
    await registerContacts(page, 1);
    await expect.poll(() => statusLine(page)).toBe('2 nog te versturen');
    expect(await note.textContent()).toBe('Geen internet. Alles blijft bewaard en gaat vanzelf.');
    const nextTry = async () => (await tabletSetting<{ nextAttemptAt?: string; failures: number }>(page, 'syncStatus'))?.failures;
    const failures = await nextTry();
    await expect.poll(nextTry, { timeout: 90_000 }).toBeGreaterThan(failures ?? 0);
    expect(await note.textContent()).toBe('Geen internet. Alles blijft bewaard en gaat vanzelf.');
    // Back online, the tablet sends by itself, and the line goes with what it said.
    await context.setOffline(false);
    await expect.poll(() => statusLine(page)).toMatch(/^alles verstuurd · laatst verstuurd/);
    expect(await note.count()).toBe(0);
    await context.close();
  });

  it('badges a sent contact edited offline "Wijziging nog niet verstuurd", not "Alleen op deze tablet", and "Verstuurd" once the edit went', async () => {
    // The server holds the sent version: "Alleen op deze tablet" said the contact was nowhere else (helper-57's pilot day).
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await registerContacts(page, 1);
    await expect.poll(() => statusLine(page), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    await context.setOffline(true);
    await page.goto(`${server.url}/#/vandaag`);
    const item = page.locator('.ido-list__item').first();
    await expect.poll(() => item.innerText()).toContain('Verstuurd');
    await page.getByRole('button', { name: /^Aanpassen: registratie van/ }).first().click();
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await expect.poll(() => statusLine(page)).toMatch(/^1 nog te versturen/);
    await page.goto(`${server.url}/#/vandaag`);
    await expect.poll(() => item.innerText()).toContain('Wijziging nog niet verstuurd');
    expect(await item.innerText()).not.toContain('Alleen op deze tablet');
    await context.setOffline(false);
    await expect.poll(() => item.innerText(), { timeout: 30_000 }).toContain('Verstuurd');
    expect(await item.innerText()).not.toContain('Wijziging');
    await context.close();
  });

  it('says the new count of waiting contacts in the status bar in the same moment as "Opgeslagen", without moving the form', async () => {
    const context = await tabletContext(browser);
    await context.addInitScript(recordLayoutShifts);
    const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await context.setOffline(true);
    // A slow tablet: the bar's live query answered 50–125 ms after "Opgeslagen" (6× slower CPU), and meanwhile the
    // bar still said "alles verstuurd" under a saved contact.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    // What the bar says at the very moment a save's "Opgeslagen" appears in `where` (a MutationObserver sees the render
    // that brought it, before the next one).
    const lineAtNotice = (where: string) => page.evaluate((selector) => new Promise<string>((resolve) => {
      const place = document.querySelector(selector)!;
      const observer = new MutationObserver(() => {
        if (!place.textContent?.includes('Opgeslagen: ')) return;
        observer.disconnect();
        resolve(document.querySelector('#sync-status-line')?.textContent ?? '');
      });
      observer.observe(place, { childList: true, characterData: true, subtree: true });
    }), where);
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
    for (const count of [1, 2]) {
      await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
      await page.getByRole('radio', { name: 'Wachtwoord vergeten' }).check();
      expect(await page.locator('#save-notice').textContent()).toBe('');
      await shiftsOf(page);
      const line = lineAtNotice('#save-notice');
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      expect(await line).toBe(`${count} nog te versturen`);
      expect((await shiftsOf(page)).filter((shift) => !shift.hadRecentInput)).toEqual([]);
    }
    // A group session waits and counts the same.
    await page.getByRole('link', { name: 'Vandaag' }).click();
    await page.getByRole('link', { name: 'Groepsbijeenkomst registreren' }).click();
    await fillGroupSession(page, '12');
    const line = lineAtNotice('#main');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    expect(await line).toBe('3 nog te versturen');
    await context.close();
  });

  it('takes a deleted contact out of the day list, its count and the status bar\'s count in the same moment as it says so', async () => {
    // "Is verwijderd" came first, above the old list and its old count; the list with its count a moment later (50 ms at
    // 6× slower CPU), and the status bar's count after that (25 ms more).
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await context.setOffline(true);
    await registerContacts(page, 3);
    await page.getByRole('link', { name: 'Vandaag' }).click();
    const items = page.locator('section[aria-labelledby="list-heading"] > .ido-list > .ido-list__item');
    await expect.poll(() => items.count()).toBe(3);
    await expect.poll(() => statusLine(page)).toBe('3 alleen op deze tablet · tablet nog niet gekoppeld');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await items.first().getByRole('button', { name: /^Verwijderen/ }).click();
    // Every state the list, its count, the notice and the bar are in, as a MutationObserver sees each render.
    await recordRenders(page, () => {
      const list = document.querySelector('section[aria-labelledby="list-heading"]')!;
      return [
        `${list.querySelectorAll(':scope > .ido-list > .ido-list__item').length} items`,
        list.querySelector('[role="group"][aria-label^="Verwijderen van"]') ? 'asking' : 'not asking',
        list.querySelector(':scope > .utrecht-alert') ? 'notice' : 'no notice',
        list.querySelector(':scope > p[aria-live]')?.textContent,
        document.querySelector('#sync-status-line')?.textContent,
      ].join(' | ');
    });
    await items.first().getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => statusLine(page)).toBe('2 alleen op deze tablet · tablet nog niet gekoppeld');
    expect(await renders(page)).toEqual([
      '3 items | asking | no notice | 3 contacten, 3 vragen. | 3 alleen op deze tablet · tablet nog niet gekoppeld',
      '2 items | not asking | notice | 2 contacten, 2 vragen. | 2 alleen op deze tablet · tablet nog niet gekoppeld',
    ]);
    expect(await page.getByRole('status').filter({ hasText: /^De registratie van \d\d:\d\d is verwijderd\.$/ }).count()).toBe(1);
    await context.close();
  });

  it('takes a deleted group session out of the day list, its count and the status bar\'s count in the same moment', async () => {
    // The item went back to "Wijzigen" first, then left with the day's count a moment later, and the bar's count after that.
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await context.setOffline(true);
    await page.goto(`${server.url}/#/groep`);
    for (const attendees of ['12', '9']) {
      await fillGroupSession(page, attendees);
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByText(`Opgeslagen: groepsbijeenkomst met ${attendees} deelnemers.`).waitFor();
    }
    await page.getByRole('link', { name: 'Naar de lijst van vandaag' }).click();
    const items = page.locator('[data-group-session]');
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => statusLine(page)).toBe('2 alleen op deze tablet · tablet nog niet gekoppeld');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await items.first().getByRole('button', { name: /^Verwijderen/ }).click();
    await recordRenders(page, () => [
      `${document.querySelectorAll('[data-group-session]').length} items`,
      document.querySelector('.ido-group-sessions [role="group"]') ? 'asking' : 'not asking',
      document.querySelector('#group-day-summary')?.textContent,
      document.querySelector('#sync-status-line')?.textContent,
    ].join(' | '));
    await items.first().getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => items.count()).toBe(1);
    await expect.poll(() => statusLine(page)).toBe('1 alleen op deze tablet · tablet nog niet gekoppeld');
    expect(await renders(page)).toEqual([
      '2 items | asking | 2 bijeenkomsten, 21 deelnemers. | 2 alleen op deze tablet · tablet nog niet gekoppeld',
      '1 items | not asking | 1 bijeenkomst, 9 deelnemers. | 1 alleen op deze tablet · tablet nog niet gekoppeld',
    ]);
    await context.close();
  });

  it('opens Vandaag without moving: the day\'s count, its contacts and the group sessions come in together', async () => {
    // The count line and the group sessions' summary came one after the other and pushed "Groepsbijeenkomst
    // registreren" down 27 px as the page opened (helper-57's pilot day, layout shift 0.0044 without input).
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await context.setOffline(true);
    await registerContacts(page, 2);
    await page.goto(`${server.url}/#/groep`);
    await fillGroupSession(page, '7');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: groepsbijeenkomst met 7 deelnemers.').waitFor();
    await context.addInitScript(recordLayoutShifts);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await page.goto(`${server.url}/#/vandaag`);
    await page.reload();
    await page.locator('#group-day-summary').waitFor();
    await page.waitForTimeout(500); // a late shift would still count
    const shifts = (await shiftsOf(page)).filter((shift) => !shift.hadRecentInput);
    expect(shifts.map((shift) => `${shift.value.toFixed(5)}: ${shift.sources.join('; ')}`)).toEqual([]);
    expect(await page.locator('#group-day-summary').innerText()).toBe('1 bijeenkomst, 7 deelnemers.');
    await context.close();
  });

  it('sends as soon as the network is back, not after a backoff that ran while the line was dead', async () => {
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    // The page's triggers run (their first run after the enrollment stored a status): they hear 'online' from now on.
    await expect.poll(() => tabletSetting(page, 'syncStatus')).toBeDefined();
    await context.setOffline(true);
    await registerContacts(page, 1);
    await expect.poll(() => statusLine(page)).toBe('1 nog te versturen');
    // Many failures on a line that died before the browser noticed: the next try is 25 minutes away. Offline, no run
    // writes the status (a save asks for a Background Sync; the heartbeat waits for the network).
    const wait = { state: 'backoff', failures: 12, nextAttemptAt: new Date(Date.now() + 25 * 60_000).toISOString() };
    await page.evaluate((value) => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('ido-onderweg');
      open.onsuccess = () => {
        const transaction = open.result.transaction('settings', 'readwrite');
        transaction.objectStore('settings').put({ key: 'syncStatus', value });
        transaction.oncomplete = () => { open.result.close(); resolve(); };
        transaction.onerror = () => reject(transaction.error);
      };
      open.onerror = () => reject(open.error);
    }), wait);
    expect(await tabletSetting(page, 'syncStatus')).toEqual(wait);

    // Back online: the tablet tries at once (the service worker's sync event keeps to the wait; if it holds the
    // outbox at that moment, the page tries again after it), and the contact goes, long before those 25 minutes.
    await context.setOffline(false);
    await expect.poll(() => statusLine(page), { timeout: 60_000 }).toMatch(/^alles verstuurd · laatst verstuurd/);
    await context.close();
  });

  it('refuses an "anders" note that holds a BSN and says why', async () => {
    const { context, page, note } = await questionWithOtherNote();
    await note.fill('bsn\uff11\uff11\uff11\u200b222333 van meneer'); // full-width digits, a zero-width space, glued to "bsn"
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Dit lijkt op een burgerservicenummer (BSN)');
    expect(await page.locator('#f-questions-0-otherText-error').innerText()).toContain('Beschrijf de vraag in algemene woorden');
    expect(await readTablet(page, { store: 'registrations', read: 'count' })).toBe(0);
    await page.screenshot({ path: '.tmp/screenshots/bsn-refused-768x1024.png' });
    await context.close();
  });

  it('counts an emoji in an "anders" note as one character, as the server does: 141 are named too long, 140 are saved whole', async () => {
    const { context, page, note } = await questionWithOtherNote();
    // the box's maxlength counts UTF-16 units (an emoji 2): it holds 280, so it never cuts a note the check takes, and
    // the check counts characters: 139 emoji and 2 letters are 141
    await note.fill(`${'😀'.repeat(139)}ab`);
    expect([...await note.inputValue()]).toHaveLength(141);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#f-questions-0-otherText-error').getByText('Gebruik hoogstens 140 tekens. Nu zijn het er 141.').waitFor();
    expect(await readTablet(page, { store: 'registrations', read: 'count' })).toBe(0);
    await note.fill('😀'.repeat(140));
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    const stored = await readTablet<Array<{ questions: Array<{ otherText?: string }> }>>(page, { store: 'registrations', read: 'rows' });
    expect(stored!.map((r) => r.questions[0].otherText)).toEqual(['😀'.repeat(140)]);
    await context.close();
  });

  it('cannot save a question without a topic and says which field', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL' });
    const page = await openControlled(context, server.url);
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
    await page.locator('#f-questions-0-category').getByRole('radio', { name: 'Digitale overheid' }).check();
    await page.locator('#f-questions-0-help').getByRole('checkbox', { name: 'Samen gedaan' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#error-summary').waitFor();
    expect(await page.locator('#f-questions-0-topics-error').innerText()).toBe('Kies minstens één onderwerp.');
    expect(await page.locator('#f-questions-0-topics').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('link', { name: 'Kies minstens één onderwerp.' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-questions-0-topics');
    await context.close();
  });
});
