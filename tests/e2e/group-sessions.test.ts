import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, fillGroupSession, openControlled, readTablet, recordLayoutShifts, shiftsOf, signInWithToken, smallTapTargets, tabletSetting } from './app';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './server';
import { readAfterStop } from './stored';

let browser: Browser | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await browser?.close();
  await server?.stop();
  browser = server = undefined;
});

async function enroll(context: BrowserContext, url: string, code: string): Promise<Page> {
  const page = await openControlled(context, url, { skipEnrollment: false });
  await page.getByLabel('Koppelcode').fill(code);
  await page.getByRole('button', { name: 'Tablet koppelen' }).click();
  await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();
  return page;
}

/** Stops the server and reads its group sessions: every row, and how many per id. */
function storedGroupSessions(running: RunningServer): Promise<Array<{ id: string; attendees: number; kind: string; topics: string[] }>> {
  return readAfterStop(running, (db) => db.query('SELECT id::text AS id, attendees, kind, topics FROM group_sessions ORDER BY id'));
}

const tabletGroupIds = async (page: Page) => (await readTablet<string[]>(page, { store: 'groupSessions', read: 'keys' })) ?? [];

describe('a group session on the tablet', () => {
  it('is registered offline from the day list, refused while the number is words, and reaches the server once when back online', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enroll(context, server.url, server.enrollmentCode!);
    await context.setOffline(true);

    await page.getByRole('link', { name: 'Vandaag' }).click();
    await page.getByRole('link', { name: 'Groepsbijeenkomst registreren' }).click();
    await page.getByRole('heading', { name: 'Groepsbijeenkomst registreren' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    // The date in words under the field, which the browser draws in its own language (12/03/2026 here), read with it
    // (ui/DateField.tsx; every date field: date-fields.test.ts).
    await page.getByLabel('Datum').fill('2026-03-12');
    expect(await page.locator('#g-date-day').innerText()).toBe('Donderdag 12 maart 2026');
    expect(await page.getByLabel('Datum').getAttribute('aria-describedby')).toContain('g-date-day');
    await page.getByLabel('Datum').fill(await page.getByLabel('Datum').getAttribute('max') ?? '');

    await fillGroupSession(page, 'tien');
    await page.getByLabel('Korte notitie (mag leeg blijven)').fill('Bel 06-12345678');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#group-error-summary').waitFor();
    expect(await page.locator('#g-attendees-error').innerText()).toContain('heel getal van 1 tot 500');
    expect(await page.locator('#g-note-error').innerText()).toContain('telefoonnummer');
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await tabletGroupIds(page)).toEqual([]);

    await page.getByLabel('Aantal deelnemers (1 tot 500)').fill('14');
    await page.getByLabel('Korte notitie (mag leeg blijven)').fill('DigiD-avond met de app');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: groepsbijeenkomst met 14 deelnemers.').waitFor();
    const ids = await tabletGroupIds(page);
    expect(ids).toHaveLength(1);
    await page.screenshot({ path: '.tmp/screenshots/group-session-saved-768x1024.png', fullPage: true });

    await page.getByRole('link', { name: 'Naar de lijst van vandaag' }).click();
    const item = page.locator(`[data-group-session="${ids[0]}"]`);
    await expect.poll(() => item.innerText()).toContain('Alleen op deze tablet');
    expect(await page.locator('#group-day-summary').innerText()).toBe('1 bijeenkomst, 14 deelnemers.');
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);

    await context.setOffline(false);
    await expect.poll(() => item.innerText(), { timeout: 60_000, interval: 250 }).toContain('Verstuurd');

    // Two more people came after all: changed from the day list, sent again as a new revision.
    await item.getByRole('link', { name: /^Wijzigen/ }).click();
    await page.getByRole('heading', { name: 'Groepsbijeenkomst wijzigen' }).waitFor();
    expect(await page.locator('#g-attendees').inputValue()).toBe('14');
    await page.locator('#g-attendees').fill('zestien');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#g-attendees-error').waitFor();
    await page.locator('#g-attendees').fill('16');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/vandaag');
    await expect.poll(() => page.locator('#group-day-summary').innerText()).toBe('1 bijeenkomst, 16 deelnemers.');
    await expect.poll(() => item.innerText(), { timeout: 60_000, interval: 250 }).toContain('Verstuurd');
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);

    await page.getByRole('link', { name: 'Overzicht' }).click();
    await expect.poll(() => page.locator('#overview-group-attendees').innerText()).toBe('16');
    expect(await axeViolations(page)).toEqual([]);

    // The dashboard counts it beside the contacts, signed in with this tablet's own token (it sees its organisation).
    const token = (await tabletSetting<{ token: string }>(page, 'device'))!.token;
    await signInWithToken(page, `${server.url}/#/dashboard?year=${new Date().getFullYear()}`, token);
    await expect.poll(() => page.locator('#dashboard-group-attendees').innerText(), { timeout: 30_000 }).toBe('16');
    expect(await page.locator('#dashboard-group-sessions').innerText()).toBe('1');
    expect(await page.locator('#dashboard-contacts').innerText()).toBe('0');
    await page.close();

    const stored = await storedGroupSessions(server);
    expect(stored).toEqual([{ id: ids[0], attendees: 16, kind: 'voorlichting', topics: ['digid'] }]);
  });

  it('shows a delete the server refused on its day, with the reason, and lets staff throw it away', async () => {
    // Its tombstone waited in 'attention' (the status bar said so) but the day list left it out: nothing to find or tap.
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enroll(context, server.url, server.enrollmentCode!);
    await page.getByRole('link', { name: 'Vandaag' }).click();
    await page.getByRole('link', { name: 'Groepsbijeenkomst registreren' }).click();
    await fillGroupSession(page, '12');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: groepsbijeenkomst met 12 deelnemers.').waitFor();
    const [id] = await tabletGroupIds(page);
    await page.getByRole('link', { name: 'Naar de lijst van vandaag' }).click();
    const item = page.locator(`[data-group-session="${id}"]`);
    await expect.poll(() => item.innerText(), { timeout: 60_000, interval: 250 }).toContain('Verstuurd');

    // The server refuses the delete (as it does a record that belongs to another tablet).
    await context.route('**/api/v1/batches', async (route) => {
      const batch = JSON.parse(route.request().postData() ?? '{}') as { batchId: string; records: Array<{ id: string }> };
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
        batchId: batch.batchId, serverTime: new Date().toISOString(),
        results: batch.records.map((r) => ({ id: r.id, status: 'rejected', code: 'id_in_use', message: 'Deze groepsbijeenkomst hoort bij een andere tablet.' })),
      }) });
    });
    await item.getByRole('button', { name: /^Verwijderen/ }).click();
    await item.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => item.innerText(), { timeout: 60_000, interval: 250 }).toContain('Deze groepsbijeenkomst is verwijderd, maar de server weigerde de verwijdering. Deze groepsbijeenkomst hoort bij een andere tablet.');
    expect(await item.innerText()).toContain('Actie nodig');
    expect(await page.locator('#group-day-summary').innerText()).toBe('Geen groepsbijeenkomsten op deze dag.');
    await expect.poll(() => page.locator('#sync-status-line').innerText()).toMatch(/^1 heeft aandacht nodig/);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);

    await item.getByRole('button', { name: /^Weggooien/ }).click();
    await item.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(() => page.locator('#sync-status-line').innerText()).toMatch(/^alles verstuurd/);
    expect(await tabletGroupIds(page)).toEqual([]);
  });
  it('counts an emoji in the note as one character, as the server does: 141 are named too long, 140 are saved whole', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await context.setOffline(true);
    await page.goto(`${server.url}/#/groep`);
    await page.getByRole('heading', { name: 'Groepsbijeenkomst registreren' }).waitFor();
    await fillGroupSession(page, '12');
    const note = page.getByLabel('Korte notitie (mag leeg blijven)');
    // the box's maxlength counts UTF-16 units (an emoji 2): it holds 280, so it never cuts a note the check takes, and
    // the check counts characters: 139 emoji and 2 letters are 141
    await note.fill(`${'😀'.repeat(139)}ab`);
    expect([...await note.inputValue()]).toHaveLength(141);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#g-note-error').getByText('Gebruik hoogstens 140 tekens. Nu zijn het er 141.').waitFor();
    expect(await tabletGroupIds(page)).toEqual([]);
    await note.fill('😀'.repeat(140));
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: groepsbijeenkomst met 12 deelnemers.').waitFor();
    const stored = await readTablet<Array<{ note?: string }>>(page, { store: 'groupSessions', read: 'rows' });
    expect(stored!.map((session) => session.note)).toEqual(['😀'.repeat(140)]);
  });

  it('says "Opgeslagen" in its save bar: the page does not scroll and nothing in the form moves, portrait and landscape', async () => {
    // The notice came as an alert above the form, and the page scrolled to the top: the fields jumped under a finger.
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await openControlled(context, server.url);
    await context.setOffline(true);
    await page.goto(`${server.url}/#/groep`);
    await page.getByRole('heading', { name: 'Groepsbijeenkomst registreren' }).waitFor();
    const notice = page.locator('#group-save-notice');
    // Where the form's parts are in the window, and how far the page is scrolled.
    const places = () => page.evaluate(() => ({
      scrollY: Math.round(window.scrollY),
      ...Object.fromEntries(['#group-heading', '#g-attendees', '#g-note', '#group-save'].map((selector) => [selector, Math.round(document.querySelector(selector)!.getBoundingClientRect().top)])),
    }));
    for (const [viewport, attendees] of [[{ width: 768, height: 1024 }, '12'], [{ width: 1280, height: 800 }, '9']] as const) {
      await page.setViewportSize(viewport);
      await fillGroupSession(page, attendees);
      // Opslaan tapped where it is at the end of the form, the page scrolled down to it.
      await page.locator('#g-note').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
      const before = await places();
      expect(before.scrollY).toBeGreaterThan(0);
      await shiftsOf(page);
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      const text = `Opgeslagen: groepsbijeenkomst met ${attendees} deelnemers.`;
      await page.getByText(text).waitFor();
      expect(await places()).toEqual(before);
      expect(await shiftsOf(page)).toEqual([]);
      // Heard by a screen reader: a live region that was there before the save, and the whole sentence shows.
      expect(await notice.getAttribute('role')).toBe('status');
      expect(await notice.innerText()).toBe(text);
      expect(await notice.evaluate((element) => element.scrollHeight <= element.clientHeight)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      expect(await smallTapTargets(page)).toEqual([]);
      await page.screenshot({ path: `.tmp/screenshots/group-session-saved-${viewport.width}x${viewport.height}.png` });
      // The next change takes the notice away again.
      await page.getByLabel('Korte notitie (mag leeg blijven)').fill('x');
      expect(await notice.innerText()).toBe('');
    }
  });
});
