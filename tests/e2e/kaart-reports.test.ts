import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, checkLaptopPage, deactivateDemoOrganisation, DEMO_ORGANISATION, demoCoordinatorTablet, enrollInApp, kaartSource, openControlled, signInWithToken, smallTapTargets, tabletContext, topsOf, watchTop } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * A "Klopt niet" report from a staff tablet that stays linked, from the report to the coordinator's handling in Beheer
 * and back to the tablet: the entry and the result list stop saying it once the tablet has the kaart again. A report
 * about a national entry is passed on, and the national team's "Klopt wel" shows in the coordinator's inbox. One that
 * is not passed on reaches the national team's own inbox all the same, and its handling there reaches the tablet.
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
let nationalToken = '';
let staffCode = '';
let secondStaffCode = '';
let coordinatorCode = '';
const SHOTS = '.tmp/screenshots/kaart-reports';

chromiumServerAndCoordinator((started, app, coordinator, national) => ([browser, server, coordinatorToken, nationalToken] = [started, app, coordinator, national]), { national: true });
beforeAll(() => {
  staffCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
  secondStaffCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
  mkdirSync(SHOTS, { recursive: true });
  coordinatorCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
});

const TAALCAFE = 'Taalcafé';
const TOESLAGEN = 'Dienst Toeslagen: hulp bij toeslagen';

async function search(page: Page, query: string): Promise<void> {
  await page.goto(`${server.url}/#/kaart`);
  await page.getByLabel('Zoek hulp').fill(query);
  await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toMatch(/resultaten?$/);
}

/** The result of `name` in a search for `query`: its line in the list. */
async function resultOf(page: Page, query: string, name: string) {
  await search(page, query);
  const item = page.locator('#kaart-results li').filter({ has: page.getByRole('link', { name }) });
  await item.waitFor();
  return item;
}

async function reportWrong(page: Page, query: string, name: string, note: string): Promise<void> {
  await search(page, query);
  await page.getByRole('link', { name }).click();
  await page.getByRole('button', { name: 'Klopt niet' }).click();
  await page.getByLabel('Wat klopt er niet?').fill(note);
  await page.getByRole('button', { name: 'Melden aan de coördinator' }).click();
  await page.getByText('De coördinator krijgt uw melding').waitFor();
  await page.locator('#service-open-reports').waitFor();
}

/** Whether the entry `name` still says it was reported, after the tablet was told it is online (a sync, kaart included). */
async function entrySaysReported(page: Page, query: string, name: string): Promise<boolean> {
  await page.evaluate(() => dispatchEvent(new Event('online')));
  await search(page, query);
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { name: name.split(':')[0], level: 1 }).waitFor();
  return (await page.locator('#service-open-reports').count()) > 0;
}

const inboxSection = (page: Page, section: 'feedback' | 'passed-on', note: string) =>
  page.locator(`section[aria-labelledby="inbox-${section}-heading"] .ido-list__item`, { hasText: note });

describe('a "Klopt niet" report on a tablet that stays linked', () => {
  let tablet: BrowserContext;
  let staff: Page;

  it('leaves the entry and the result list once the coordinator has handled it and the tablet has the kaart again', async () => {
    tablet = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    staff = await enrollInApp(tablet, server.url, staffCode, { label: 'Balie' });
    await expect.poll(() => kaartSource(staff), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
    await reportWrong(staff, 'taalcafe', TAALCAFE, 'Op woensdag dicht.');
    await reportWrong(staff, 'dienst toeslagen', TOESLAGEN, 'Het telefoonnummer is veranderd.');
    expect(await (await resultOf(staff, 'taalcafe', TAALCAFE)).innerText()).toContain('Gemeld: klopt niet');
    await expect.poll(() => staff.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/^alles verstuurd/);

    // The coordinator handles both in Beheer: the own entry "Aangepast", the national one passed on.
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const admin = await openControlled(laptop, server.url);
    await signInWithToken(admin, `${server.url}/#/beheer/${DEMO_ORGANISATION}/inbox`, coordinatorToken);
    const own = inboxSection(admin, 'feedback', 'Op woensdag dicht.');
    await own.waitFor();
    await own.getByRole('button', { name: 'Aangepast' }).click();
    await admin.getByText(/afgehandeld: aangepast\./).waitFor();
    const national = inboxSection(admin, 'feedback', 'Het telefoonnummer is veranderd.');
    await national.getByRole('button', { name: 'Doorgeven' }).click();
    await admin.getByText(/afgehandeld: doorgegeven aan het landelijk team\./).waitFor();
    await inboxSection(admin, 'passed-on', 'Het telefoonnummer is veranderd.').getByText('Stand: wacht op het landelijk team.').waitFor();

    // The tablet, linked all along, syncs: neither entry says it was reported any more, nor does its result.
    await expect.poll(() => entrySaysReported(staff, 'taalcafe', TAALCAFE), { timeout: 30_000, interval: 1_000 }).toBe(false);
    expect(await entrySaysReported(staff, 'dienst toeslagen', TOESLAGEN)).toBe(false);
    expect(await staff.locator('article').innerText()).not.toMatch(/Er is (\d+ keer )?gemeld/);
    const result = await resultOf(staff, 'taalcafe', TAALCAFE);
    expect(await result.innerText()).not.toContain('Gemeld');
    expect(await staff.getByRole('link', { name: TAALCAFE }).getAttribute('aria-describedby')).toBeNull();
    expect(await axeViolations(staff)).toEqual([]);
    expect(await smallTapTargets(staff)).toEqual([]);

    // The national team finds the passed-on report right ("Klopt wel"); the coordinator's inbox says so, with the day.
    const nationalLaptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const team = await openControlled(nationalLaptop, server.url);
    await signInWithToken(team, `${server.url}/#/beheer/inbox`, nationalToken);
    const passedOn = inboxSection(team, 'feedback', 'Het telefoonnummer is veranderd.');
    await passedOn.getByRole('button', { name: 'Klopt wel' }).click();
    await team.getByText(/afgehandeld: klopt wel\./).waitFor();
    await nationalLaptop.close();
    const answer = await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/kaart-inbox/passed-on`, { headers: { authorization: `Bearer ${coordinatorToken}` } });
    const { reports } = await answer.json() as { reports: Array<{ note: string; national: { resolution: string; at: string } | null }> };
    const closed = reports.find((r) => r.note === 'Het telefoonnummer is veranderd.')?.national;
    expect(closed?.resolution).toBe('klopt_wel');
    // The day the server kept, in Amsterdam (a run around midnight would see two days on the test's own clock).
    const day = new Date(closed!.at).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
    await admin.reload();
    await inboxSection(admin, 'passed-on', 'Het telefoonnummer is veranderd.').getByText(`Stand: klopt wel volgens het landelijk team (${day}).`).waitFor();
    expect(await axeViolations(admin)).toEqual([]);
    await laptop.close();
    await tablet.close();
  });
});

describe('a "Klopt niet" report about a national entry that no coordinator passed on', () => {
  it('is in the national team\'s inbox at once, with who reported it; closed there, the tablet stops saying it', async () => {
    const note = 'De website in de folder is <i>oud</i>.';
    const tablet = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const staff = await enrollInApp(tablet, server.url, secondStaffCode, { label: 'Balie Zuid' });
    await expect.poll(() => kaartSource(staff), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
    await reportWrong(staff, 'dienst toeslagen', TOESLAGEN, note);
    await expect.poll(() => staff.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/^alles verstuurd/);

    // The coordinator sees it too, and reads that the national team sees it as well.
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const admin = await openControlled(laptop, server.url);
    await signInWithToken(admin, `${server.url}/#/beheer/${DEMO_ORGANISATION}/inbox`, coordinatorToken);
    const own = inboxSection(admin, 'feedback', note);
    await own.waitFor();
    expect(await own.innerText()).toContain('Het landelijk team ziet deze melding ook');
    expect(await own.getByRole('button').allInnerTexts()).toEqual(['Doorgeven', 'Klopt wel']);
    await expect.poll(() => admin.getByText(/worden geladen/).count()).toBe(0);
    expect(await axeViolations(admin)).toEqual([]);

    // The national team's inbox: the report, which organisation and tablet reported it, the note as text.
    const nationalLaptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const team = await openControlled(nationalLaptop, server.url);
    await signInWithToken(team, `${server.url}/#/beheer/inbox`, nationalToken);
    await team.getByRole('heading', { name: "Meldingen 'Klopt niet' over landelijke gegevens", level: 2 }).waitFor();
    const report = inboxSection(team, 'feedback', note);
    await report.waitFor();
    expect(await report.getByRole('heading', { level: 3 }).innerText()).toBe(`${TOESLAGEN} (Belastingdienst (voorbeeld))`);
    expect(await report.innerText()).toMatch(/Gemeld op \d+ [a-z]+ \d{4} om \d{2}:\d{2} door Voorbeeldbibliotheek Rivierenland \(demo\), met tablet "Balie Zuid"\./);
    expect(await report.innerText()).not.toContain('Doorgegeven door');
    expect(await report.locator('blockquote').innerText()).toBe(note);
    expect(await report.locator('blockquote i').count()).toBe(0);
    expect(await report.getByRole('button').allInnerTexts()).toEqual(['Aangepast', 'Klopt wel']);
    await expect.poll(() => team.getByText(/worden geladen/).count()).toBe(0);
    await checkLaptopPage(team, 'kaart-inbox-landelijk-open', SHOTS);
    await report.getByRole('button', { name: 'Aangepast' }).click();
    await team.getByText(/afgehandeld: aangepast\./).waitFor();
    await expect.poll(() => report.count()).toBe(0);
    expect(await axeViolations(team)).toEqual([]);
    await nationalLaptop.close();

    // The tablet, linked all along, syncs: the entry no longer says it was reported; the coordinator's list has it no more.
    await expect.poll(() => entrySaysReported(staff, 'dienst toeslagen', TOESLAGEN), { timeout: 30_000, interval: 1_000 }).toBe(false);
    expect(await axeViolations(staff)).toEqual([]);
    await admin.reload();
    await admin.getByRole('heading', { name: "Meldingen 'Klopt niet'", level: 2 }).waitFor();
    await expect.poll(() => admin.getByText(/worden geladen/).count()).toBe(0);
    expect(await own.count()).toBe(0);
    // It shows under "Bij het landelijk team": closed there without being passed on, and how.
    const answered = inboxSection(admin, 'passed-on', note);
    expect(await answered.innerText()).toContain('Het landelijk team handelde deze melding zelf af.');
    expect(await answered.innerText()).toMatch(/Stand: aangepast door het landelijk team op \d+ [a-z]+ \d{4}\./);
    expect(await axeViolations(admin)).toEqual([]);
    await laptop.close();
    await tablet.close();
  });
});

// Last in the file: the national team deactivates the demo organisation here, for good.
describe('a coordinator tablet whose organisation the national team deactivated', () => {
  it('keeps its kaart edit waiting and says once what happened and what to do, not a refusal per edit', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode);
    // Offline first: each sync's pull tells the tablet (kaart-deactivation-learned.test.ts), and here it may not know yet.
    await context.setOffline(true);
    await deactivateDemoOrganisation(server.url, nationalToken);

    // Offline, an edit of the organisation's own entry and a "Klopt niet" mark on a national one.
    await search(tablet, 'taalcafe');
    await tablet.getByRole('link', { name: TAALCAFE }).click();
    await tablet.getByRole('button', { name: 'Bewerken' }).click();
    await tablet.getByLabel('Omschrijving').fill('Elke donderdag samen Nederlands oefenen, nu ook op vrijdag. (voorbeeld)');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: TAALCAFE, level: 1 }).waitFor();
    await reportWrong(tablet, 'dienst toeslagen', TOESLAGEN, 'Nieuw telefoonnummer.');

    // The kaart page is open, with a search, when the sync finds the organisation deactivated: a floating note, and
    // nothing above the search box (it stood there and pushed the search box and results down under a finger).
    await search(tablet, 'taalcafe');
    const notice = tablet.locator('#kaart-deactivated');
    expect(await notice.count()).toBe(0);
    await watchTop(tablet, '#kaart-query');
    await context.setOffline(false);
    const news = tablet.locator('#kaart-deactivated-news');
    await expect.poll(async () => {
      await tablet.evaluate(() => dispatchEvent(new Event('online')));
      return news.count();
    }, { timeout: 30_000, interval: 1_000 }).toBe(1);
    const heldText = 'Het landelijk team heeft uw organisatie gedeactiveerd. Uw wijzigingen in de sociale kaart blijven daarom op deze tablet. '
      + 'Klopt dit niet? Neem contact op met het landelijk team.';
    expect(await news.innerText()).toContain(heldText);
    expect(await tablet.locator('#kaart-news-spoken').innerText()).toBe(heldText);
    // The status bar: the held edit is not "nog te versturen" (it said so for good, beside a "Nu versturen" that
    // never cleared it); the mark went. Its second line says why, whole at 768 px.
    const line = tablet.locator('#sync-status-line');
    await expect.poll(() => line.innerText(), { timeout: 30_000 }).toMatch(/^alle registraties verstuurd · 1 kaartwijziging niet verstuurd( · laatst verstuurd \d\d:\d\d)?$/);
    const held = tablet.locator('#sync-kaart-held');
    expect(await held.innerText()).toBe('Organisatie gedeactiveerd: kaartwijzigingen blijven hier.');
    expect(await held.evaluate((element) => element.closest('.ido-statusbar__line')!.scrollWidth <= element.closest('.ido-statusbar__line')!.clientWidth)).toBe(true);
    expect(await tablet.getByRole('button', { name: 'Nu versturen' }).count()).toBe(0);
    expect(await topsOf(tablet)).toHaveLength(1);
    expect(await notice.count()).toBe(0);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: '.tmp/screenshots/kaart-deactivated-arrives-768x1024.png' });
    await news.getByRole('button', { name: 'Sluiten' }).click();
    await expect.poll(() => news.count()).toBe(0);

    // Opened again, the page says it above the search box from its first render, and not as a floating note.
    await tablet.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Registreren', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await search(tablet, 'taalcafe');
    expect(await notice.innerText()).toBe('Het landelijk team heeft uw organisatie gedeactiveerd. Daarom gaan uw wijzigingen in de sociale kaart niet '
      + 'meer naar de server. Ze blijven wel op deze tablet bewaard.\n\nKlopt dit niet? Neem contact op met het landelijk team.\n\n'
      + "Registraties en meldingen 'Klopt niet' gaan nog wel gewoon naar de server.");
    expect(await news.count()).toBe(0);
    // Said once on the page (the status bar's line is the bar's), and nothing to choose: no edit shown as refused.
    expect(await tablet.locator('main').getByText(/gedeactiveerd/).count()).toBe(1);
    expect(await tablet.getByRole('link', { name: /vraagt om uw keuze|vragen om uw keuze/ }).count()).toBe(0);
    // The edit is still on the tablet; the mark went to the coordinator's organisation all the same.
    await tablet.getByRole('link', { name: TAALCAFE }).click();
    expect(await tablet.locator('article').innerText()).toContain('nu ook op vrijdag');
    const open = await (await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/kaart-inbox/feedback`, { headers: { authorization: `Bearer ${nationalToken}` } })).json() as { feedback: Array<{ note: string }> };
    expect(open.feedback.map((mark) => mark.note)).toContain('Nieuw telefoonnummer.');
    await search(tablet, 'taalcafe');
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: '.tmp/screenshots/kaart-deactivated-768x1024.png' });
    await context.close();
  });
});
