import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Browser, Page } from 'playwright-core';
import {
  axeViolations, openControlled, readTablet, recordLayoutShifts, shiftsOf, signInWithToken, smallTapTargets, tabletContext,
} from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import type { RunningServer } from './server';
import { fullWallClockText } from '../../src/shared/date-text';
import { amsterdamDay } from '../../src/shared/time';

/*
 * Every date field says its day in Dutch words under the browser's own picker, whatever the browser's language: in
 * this English Chromium 7 December draws as "12/07/2026", which staff read as 12 July (ui/DateField.tsx). The words
 * have their line before there is a day, so nothing moves as they come, change or go; the field names them in its
 * aria-describedby; a check of a period names its days in words too.
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));

/** An English browser, as a tablet or laptop set to English: the date fields draw as MM/DD/YYYY. */
const ENGLISH: BrowserContextOptions = { locale: 'en-US', timezoneId: 'Europe/Amsterdam' };
const SHOTS = '.tmp/screenshots';

/** The words under a date field, and whether they fit in the place kept for them (one line, or two in a narrow field). */
const wordsOf = (page: Page, id: string) => page.locator(`#${id}-day`).evaluate((words) => ({
  text: (words as HTMLElement).innerText, fits: words.scrollWidth <= words.clientWidth && words.scrollHeight <= words.clientHeight,
}));

/**
 * What moved on the page since the last look: each shift's sources whose place changed (a select whose text the same
 * choice changed, "Eigen periode" for the year, reports a shift of its own size at the same place: no move).
 */
async function moved(page: Page): Promise<string[]> {
  return (await shiftsOf(page)).flatMap((shift) => shift.sources).filter((source) => {
    const places = [...source.matchAll(/(-?\d+),(-?\d+) \d+×\d+/g)].map((match) => `${match[1]},${match[2]}`);
    return places.length !== 2 || places[0] !== places[1];
  });
}

/**
 * Fills a date field (a day, or '' to empty it) and checks its words and that nothing on the page moved; the field is
 * described by its words, beside any description or error it has.
 */
async function chooseDay(page: Page, id: string, day: string, words: string): Promise<void> {
  await shiftsOf(page); // what moved before is not this choice's
  await page.locator(`#${id}`).fill(day);
  await expect.poll(() => wordsOf(page, id), { message: `${id} ${day}` }).toEqual({ text: words, fits: true });
  expect(await moved(page), `${id} ${day}: the page moved`).toEqual([]);
  expect((await page.locator(`#${id}`).getAttribute('aria-describedby'))?.split(' ')).toContain(`${id}-day`);
}

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  expect(await smallTapTargets(page), name).toEqual([]);
}

describe('date fields in an English browser', () => {
  it('on the tablet: the day list, a group session, Overzicht and a kaart service say their days in Dutch words', async () => {
    const context = await tabletContext(browser, { ...ENGLISH, viewport: { width: 768, height: 1024 } });
    await context.addInitScript(recordLayoutShifts);
    const page = await openControlled(context, server.url);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');

    // The day list: its heading and the field's words.
    await page.goto(`${server.url}/#/vandaag`);
    await page.locator('#list-day').waitFor();
    expect(await wordsOf(page, 'list-day')).toMatchObject({ fits: true });
    await chooseDay(page, 'list-day', '2026-03-12', 'Donderdag 12 maart 2026');
    await page.getByRole('heading', { name: 'Registraties van 12 maart 2026', level: 1 }).waitFor();
    await checkPage(page, 'day list');

    // A group session's date: the words (this form's own description before) under the field, and with its error.
    await page.getByRole('button', { name: 'Naar vandaag' }).click();
    await page.getByRole('link', { name: 'Groepsbijeenkomst registreren' }).click();
    await page.getByRole('heading', { name: 'Groepsbijeenkomst registreren' }).waitFor();
    await chooseDay(page, 'g-date', '', 'Kies een dag');
    await chooseDay(page, 'g-date', '2026-09-30', 'Woensdag 30 september 2026');
    await chooseDay(page, 'g-date', '2026-03-03', 'Dinsdag 3 maart 2026');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#group-error-summary').waitFor();
    expect(await page.locator('#g-date').getAttribute('aria-describedby')).toBe('g-date-day');
    await page.locator('#g-date').fill('');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#g-date-error').waitFor();
    expect(await page.locator('#g-date').getAttribute('aria-describedby')).toBe('g-date-error g-date-day');
    await checkPage(page, 'group session');

    // Overzicht, "Zelf kiezen": each end in words, an empty end and a begin after the end said in words.
    await page.goto(`${server.url}/#/overzicht`);
    await page.locator('#overview-period').getByText('Zelf kiezen').click();
    await chooseDay(page, 'overview-from', '2026-03-02', 'Maandag 2 maart 2026');
    await chooseDay(page, 'overview-to', '2026-03-03', 'Dinsdag 3 maart 2026');
    await page.locator('#overview-from').fill('2026-03-12');
    await expect.poll(() => page.locator('#overview-from-error').innerText()).toBe(
      'De begindag, donderdag 12 maart 2026, ligt na de einddag, dinsdag 3 maart 2026. Kies een begindag op of vóór de einddag.');
    expect(await page.locator('#overview-from').getAttribute('aria-describedby')).toBe('overview-from-error overview-from-day');
    await page.locator('#overview-to').fill('');
    await expect.poll(() => page.locator('#overview-to-error').innerText()).toBe('Kies de einddag van de periode.');
    await page.locator('#overview-to').fill('2026-03-31');
    await expect.poll(() => page.locator('.utrecht-form-field-error-message').count()).toBe(0);
    await checkPage(page, 'overview');
    await page.screenshot({ path: `${SHOTS}/s48-h99-tablet-overview-768x1024.png`, fullPage: true });

    // A kaart service's "Laatst gecontroleerd", with its "Vandaag gecontroleerd" beside it.
    await page.goto(`${server.url}/#/kaart/nieuw`);
    await page.locator('#svc-assured_date').waitFor();
    expect(await wordsOf(page, 'svc-assured_date')).toEqual({ text: 'Kies een dag', fits: true });
    await chooseDay(page, 'svc-assured_date', '2026-03-03', 'Dinsdag 3 maart 2026');
    await shiftsOf(page);
    await page.getByRole('button', { name: 'Vandaag gecontroleerd' }).click();
    await expect.poll(() => page.locator('#svc-assured_date').inputValue()).toBe(amsterdamDay(new Date()));
    expect((await wordsOf(page, 'svc-assured_date')).text).toMatch(/^[A-Z][a-z]+dag \d{1,2} [a-z]+ \d{4}$/);
    expect(await moved(page)).toEqual([]);
    await checkPage(page, 'kaart service');
    await context.close();
  });

  it('on the tablet\'s form: "Datum en tijd" says its day and time in words, as the field opens, changes, is kept and is saved', async () => {
    const context = await tabletContext(browser, { ...ENGLISH, viewport: { width: 768, height: 1024 } });
    await context.addInitScript(recordLayoutShifts);
    const page = await openControlled(context, server.url);
    const change = page.getByRole('button', { name: 'Wijzig datum en tijd' });
    // What follows the field in the form: it stays where it was as the field opens with its words under it.
    const next = page.getByRole('heading', { name: 'Vraag 1' });
    const inPage = () => next.evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
    const before = await inPage();
    await change.click();
    const field = page.locator('#f-startedAt');
    await expect.poll(() => field.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    const opened = fullWallClockText(await field.inputValue())!;
    expect(await wordsOf(page, 'f-startedAt')).toEqual({ text: opened.charAt(0).toUpperCase() + opened.slice(1), fits: true });
    expect(await inPage()).toBe(before);
    // The longest day and a time, and back: said in words in the place kept for them; nothing moves.
    await chooseDay(page, 'f-startedAt', '2026-09-24T23:59', 'Donderdag 24 september 2026 om 23:59');
    await chooseDay(page, 'f-startedAt', '2026-03-03T09:05', 'Dinsdag 3 maart 2026 om 09:05');
    await chooseDay(page, 'f-startedAt', '', 'Kies een dag en tijd');
    await chooseDay(page, 'f-startedAt', '2026-03-03T09:05', 'Dinsdag 3 maart 2026 om 09:05');
    await checkPage(page, 'contact form');
    await page.screenshot({ path: `${SHOTS}/s49-h103-tablet-started-at-768x1024.png` });

    // Kept as a draft: the form opened again says that time.
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
    await expect.poll(async () => JSON.stringify(await readTablet(page, { store: 'settings', read: 'rows' })).includes('"startedAtLocal":"2026-03-03T09:05"')).toBe(true);
    await page.reload();
    await expect.poll(() => page.locator('#f-startedAt-text').innerText()).toBe('3 maart om 09:05');
    await change.click();
    expect(await wordsOf(page, 'f-startedAt')).toEqual({ text: 'Dinsdag 3 maart 2026 om 09:05', fits: true });

    // Saved with that time; the next contact's form says "Nu", and its field opens at the time of now, in words.
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'Wachtwoord vergeten' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    await expect.poll(() => page.locator('#f-startedAt-text').innerText()).toBe('Nu');
    await change.click();
    await expect.poll(() => field.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    const now = fullWallClockText(await field.inputValue())!;
    expect(now.startsWith(`${fullWallClockText(`${amsterdamDay(new Date())}T00:00`)!.slice(0, -9)}`)).toBe(true);
    expect(await wordsOf(page, 'f-startedAt')).toEqual({ text: now.charAt(0).toUpperCase() + now.slice(1), fits: true });
    await checkPage(page, 'next contact form');
    await context.close();
  });

  it('on a laptop: the dashboard\'s and "Uren en drukte"\'s period, and Beheer\'s location hours and Snelwijzer card', async () => {
    const context = await browser.newContext({ ...ENGLISH, viewport: { width: 1280, height: 800 } });
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();

    await signInWithToken(page, `${server.url}/#/dashboard`, coordinatorToken);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await wordsOf(page, 'filter-from')).toEqual({ text: 'Geen dag gekozen', fits: true });
    await chooseDay(page, 'filter-from', '2026-09-30', 'Woensdag 30 september 2026');
    const period = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    await expect.poll(() => period().get('from')).toBe('2026-09-30');
    // A begin after the end: refused in the field with both days in words; the filters keep their period.
    await page.locator('#filter-to').fill('2026-03-03');
    await expect.poll(() => page.locator('#filter-to-error').innerText()).toBe(
      'De einddag, dinsdag 3 maart 2026, ligt vóór de begindag, woensdag 30 september 2026. Kies een einddag op of na de begindag.');
    expect(await wordsOf(page, 'filter-to')).toEqual({ text: 'Dinsdag 3 maart 2026', fits: true });
    expect([period().get('from'), period().get('to')]).toEqual(['2026-09-30', null]);
    // Putting the begin right takes both.
    await page.locator('#filter-from').fill('2026-03-01');
    await expect.poll(() => [period().get('from'), period().get('to')]).toEqual(['2026-03-01', '2026-03-03']);
    await expect.poll(() => page.locator('#filter-to-error').count()).toBe(0);
    await page.locator('#filter-to').fill('2026-09-30');
    await expect.poll(() => wordsOf(page, 'filter-to')).toEqual({ text: 'Woensdag 30 september 2026', fits: true });
    await page.locator('#dashboard-heading').click(); // no focus ring in the picture
    await checkPage(page, 'dashboard');
    await page.screenshot({ path: `${SHOTS}/s48-h99-laptop-dashboard-1280x800.png` });
    // At 768 the filters stand narrower: the longest day still fits its line.
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await wordsOf(page, 'filter-to')).toEqual({ text: 'Woensdag 30 september 2026', fits: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto(`${server.url}/#/dashboard/uren`);
    await page.getByRole('heading', { name: 'Uren en drukte', level: 1 }).waitFor();
    await chooseDay(page, 'hours-from', '2026-03-02', 'Maandag 2 maart 2026');
    await expect.poll(() => period().get('from')).toBe('2026-03-02');
    await page.locator('#hours-to').fill('2026-03-01');
    await expect.poll(() => page.locator('#hours-to-error').innerText()).toBe(
      'De einddag, zondag 1 maart 2026, ligt vóór de begindag, maandag 2 maart 2026. Kies een einddag op of na de begindag.');
    expect(period().get('to')).toBeNull();
    await checkPage(page, 'hours');

    await page.goto(`${server.url}/#/beheer`); // signed in with the dashboard's token, kept for this browser tab
    await page.getByRole('heading', { name: /^Beheer: /, level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Beheer' });
    await nav.getByRole('link', { name: 'Locaties', exact: true }).click();
    await page.locator('#locations-table').getByRole('button', { name: / wijzigen$/ }).first().click();
    expect(await wordsOf(page, 'location-hoursFrom')).toEqual({ text: 'Leeg: vandaag', fits: true });
    await chooseDay(page, 'location-hoursFrom', '2027-01-04', 'Maandag 4 januari 2027');
    expect(await page.locator('#location-hoursFrom').getAttribute('aria-describedby')).toBe('location-hoursFrom-description location-hoursFrom-day');
    await chooseDay(page, 'location-hoursFrom', '', 'Leeg: vandaag');
    await checkPage(page, 'beheer location');
    // New hours from a day before the location opened: the form says so under the field, with the keyboard in it (the
    // server's refusal stood above the form, with the focus dropped from the disabled button); nothing is sent or stored.
    const row = await page.locator('#locations-table tbody tr').first().innerText();
    const hours = page.getByLabel('IDO-uren per week');
    await hours.fill(String(Number((await hours.inputValue()).replace(',', '.')) + 1).replace('.', ','));
    await page.locator('#location-hoursFrom').fill('2019-01-07');
    const sent: string[] = [];
    page.on('request', (request) => { if (request.method() === 'PATCH') sent.push(request.url()); });
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await expect.poll(() => page.locator('#location-hoursFrom-error').innerText()).toMatch(
      /^Deze dag ligt vóór de opening van de locatie, \d{1,2} [a-z]+ \d{4}\. Kies die dag of later, of laat het leeg voor vandaag\.$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('location-hoursFrom');
    expect(sent).toEqual([]);
    expect(await page.locator('#locations-table tbody tr').first().innerText()).toBe(row);
    await checkPage(page, 'beheer location refused');

    await nav.getByRole('link', { name: 'Snelwijzer', exact: true }).click();
    await page.getByRole('button', { name: 'Nieuwe kaart' }).click();
    await page.getByRole('heading', { name: 'Nieuwe kaart' }).waitFor();
    await chooseDay(page, 'card-checked', '2026-03-03', 'Dinsdag 3 maart 2026');
    await page.getByRole('button', { name: 'Gecontroleerd vandaag' }).click();
    await expect.poll(() => page.locator('#card-checked').inputValue()).toBe(amsterdamDay(new Date()));
    await checkPage(page, 'snelwijzer card');
    await context.close();
  });
});
