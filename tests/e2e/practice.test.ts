import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, enrollInApp, fillGroupSession, fillTwoQuestions, largeTextProblems, readTablet, registerTwoQuestions, showAtLargeText, smallTapTargets, tabletIds } from './app';
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

/** Stops the server and counts what it stored: registrations and group sessions. */
const storedOnServer = (running: RunningServer) => readAfterStop(running, async (db) => {
  const [{ registrations }] = await db.query<{ registrations: number }>('SELECT count(*)::int AS registrations FROM registrations');
  const [{ groupSessions }] = await db.query<{ groupSessions: number }>('SELECT count(*)::int AS "groupSessions" FROM group_sessions');
  return { registrations, groupSessions };
});

const tabletGroupIds = async (page: Page) => (await readTablet<string[]>(page, { store: 'groupSessions', read: 'keys' })) ?? [];
const banner = (page: Page) => page.locator('#practice-banner');

async function checkPage(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);
}

describe('practising on a tablet in use (ui/practice.ts)', () => {
  it('saves nothing while practising, says so on every page, keeps practising over a reload, and counts again once stopped', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enrollInApp(context, server.url, server.enrollmentCode!);
    expect(await banner(page).count()).toBe(0);

    // Instellingen → Oefenen: the form, with "U oefent" above it.
    await page.getByRole('link', { name: 'Instellingen' }).click();
    await page.locator('#practice-card').waitFor();
    // Made-up visitors to practise with, behind a summary
    await page.getByText('Voorbeelden om mee te oefenen').click();
    expect(await page.locator('#practice-card li').count()).toBe(7);
    await checkPage(page);
    await page.locator('#practice-card').screenshot({ path: '.tmp/screenshots/practice-settings-768x1024.png' });
    await page.getByRole('button', { name: 'Beginnen met oefenen' }).click();
    // The heading says it too: a screen reader lands there, past the banner.
    await page.getByRole('heading', { name: 'Oefenen: nieuw contact registreren', exact: true, level: 1 }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Oefenen: nieuw contact registreren');
    expect(await banner(page).innerText()).toContain('U oefent. Contacten en groepsbijeenkomsten die u nu opslaat, worden niet bewaard en niet verstuurd.');
    await checkPage(page);
    await page.screenshot({ path: '.tmp/screenshots/practice-form-768x1024.png' });

    // The form checks as always: an empty save is refused with its messages.
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#error-summary').waitFor();
    // A whole contact: the save bar says it was practice, and the tablet holds nothing.
    await fillTwoQuestions(page);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Oefening, niet bewaard: 1 contact met 2 vragen.').waitFor();
    // Whole in the save bar's two lines at 768 px, not cut off
    expect(await page.locator('#save-notice').evaluate((notice) => notice.scrollHeight <= notice.clientHeight)).toBe(true);
    expect(await tabletIds(page)).toEqual([]);
    await checkPage(page);
    await page.screenshot({ path: '.tmp/screenshots/practice-saved-768x1024.png' });
    // The last made-up visitor (settings/practice-cases.ts): the form refuses her phone number, as it says.
    await page.locator('#f-questions-0-category').getByRole('radio', { name: 'Iets anders' }).check();
    await page.getByLabel('Anders, namelijk (niet verplicht)').fill('belde vanaf 06-12345678');
    await expect.poll(() => page.locator('#f-questions-0-otherText-error').innerText()).toContain('telefoonnummer');
    await page.getByRole('button', { name: 'Formulier leegmaken' }).click();

    // A group session too; the day list says practice is not in it.
    await page.getByRole('link', { name: 'Vandaag' }).click();
    await page.locator('#practice-list-note').waitFor();
    expect(await banner(page).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Groepsbijeenkomst registreren' }).click();
    await page.getByRole('heading', { name: 'Oefenen: groepsbijeenkomst registreren', exact: true }).waitFor();
    await fillGroupSession(page, '12');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Oefening, niet bewaard: groepsbijeenkomst met 12 deelnemers.').waitFor();
    expect(await tabletGroupIds(page)).toEqual([]);

    // A reload (a new version of the app) keeps practising: no volunteer is switched to real saves unseen. At 200 %
    // text and on a laptop's width the banner and its button stay whole.
    await showAtLargeText(page, `${server.url}/#/`, 'Oefenen: nieuw contact registreren');
    await banner(page).waitFor();
    expect(await largeTextProblems(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/practice-form-200-procent-768x1024.png' });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await largeTextProblems(page)).toEqual([]);
    await page.goto(`${server.url}/#/`);
    await banner(page).waitFor();
    await checkPage(page);
    await page.screenshot({ path: '.tmp/screenshots/practice-form-1280x800.png' });
    await page.setViewportSize({ width: 768, height: 1024 });
    // Another tab of the same browser is not practising.
    const other = await context.newPage();
    await other.goto(`${server.url}/#/`);
    await other.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await banner(other).count()).toBe(0);
    await other.close();

    // Stop: the banner goes, the page says saves count again, the focus is on the page's heading.
    await fillTwoQuestions(page);
    await page.getByRole('button', { name: 'Stoppen met oefenen' }).click();
    await page.getByText('U oefent niet meer. Wat u nu opslaat, telt mee en wordt verstuurd.').waitFor();
    expect(await banner(page).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Nieuw contact registreren');
    // The practice draft did not stay in the form: it starts fresh, and a real save is stored and sent.
    expect(await page.getByRole('radio', { name: 'DigiD activeren' }).count()).toBe(0);
    await registerTwoQuestions(page);
    const [real] = await tabletIds(page);
    expect(real).toBeDefined();
    await page.getByRole('link', { name: 'Vandaag' }).click();
    await expect.poll(() => page.locator('.ido-list__item').first().innerText(), { timeout: 60_000, interval: 250 }).toContain('Verstuurd');
    expect(await page.locator('#practice-list-note').count()).toBe(0);

    // Practising again: an edit of that real contact is refused and it stays as it was; its delete says it is real.
    await page.getByRole('link', { name: 'Instellingen' }).click();
    await page.getByRole('button', { name: 'Beginnen met oefenen' }).click();
    await page.getByRole('link', { name: 'Vandaag' }).click();
    const before = await readTablet<{ revision: number; durationMinutes: number }>(page, { store: 'registrations', key: real });
    await page.getByRole('button', { name: /^Aanpassen: registratie van/ }).click();
    await page.getByRole('heading', { name: 'Registratie aanpassen' }).waitFor();
    await page.getByRole('radio', { name: 'Langer' }).check();
    await page.getByLabel('Aantal minuten (tot 480)').fill('45');
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await page.getByText('U oefent: een wijziging wordt niet bewaard.', { exact: false }).waitFor();
    expect(await readTablet(page, { store: 'registrations', key: real })).toMatchObject(before!);
    await checkPage(page);
    await page.getByRole('button', { name: 'Annuleren' }).click();
    await page.getByRole('button', { name: /^Verwijderen: registratie van/ }).click();
    expect(await page.getByText('Let op: dit is een echte registratie, geen oefening.', { exact: false }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Nee, bewaren' }).click();

    // The server holds the one real contact and no group session.
    expect(await storedOnServer(server)).toEqual({ registrations: 1, groupSessions: 0 });
  });
});
