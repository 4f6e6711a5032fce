import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, bringOnline, DEMO_ORGANISATION, demoCoordinatorTablet, editOfflineAndOnServer, searchKaart, smallTapTargets, topsOf, watchTop } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * What needs the coordinator and comes while the kaart page is open (a sync brings a conflict) floats over the page
 * and moves nothing: it stood above the search box, and the search box and results jumped down under a finger.
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
let coordinatorCode = '';

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));
beforeAll(() => {
  coordinatorCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
});

describe('a conflict that a sync brings while the kaart page is open', () => {
  it('floats a note with the way to the choice, reachable by Tab and read out, and moves nothing', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode);

    // Offline, the coordinator edits Taalcafé; meanwhile a colleague changes it on the server.
    await editOfflineAndOnServer(tablet, server.url, coordinatorToken, 'taalcafe', 'Taalcafé');

    // The kaart page, with a search: nothing to choose yet, so nothing above the search box.
    await searchKaart(tablet, server.url, 'taalcafe', 'Taalcafé');
    expect(await tablet.locator('#kaart-choices').count()).toBe(0);
    await watchTop(tablet, '#kaart-query');

    // Online: the sync brings the conflict while the page is open.
    const news = tablet.locator('#kaart-choices-news');
    await bringOnline(tablet, news);
    await expect.poll(() => tablet.locator('#sync-status-line').innerText()).toMatch(/^1 kaartwijziging wacht op uw keuze/);
    // A frame or two for anything that would still move.
    expect(await topsOf(tablet)).toHaveLength(1);
    expect(await tablet.locator('#kaart-choices').count()).toBe(0);
    // It floats (the app's banners do so too) and is read out from a live region that was there before it.
    expect(await news.evaluate((element) => getComputedStyle(element.parentElement!).position)).toBe('fixed');
    expect(await tablet.locator('#kaart-news-spoken').innerText()).toBe('1 wijziging in de kaart vraagt om uw keuze.');
    expect(await tablet.locator('#kaart-news-spoken').getAttribute('role')).toBe('status');
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: '.tmp/screenshots/kaart-conflict-arrives-768x1024.png' });

    // Right after the page's heading for the keyboard: the link first, then "Sluiten".
    await tablet.locator('#kaart-heading').focus();
    await tablet.keyboard.press('Tab');
    expect(await tablet.evaluate(() => document.activeElement?.textContent)).toBe('1 wijziging in de kaart vraagt om uw keuze');
    await tablet.keyboard.press('Tab');
    expect(await tablet.evaluate(() => document.activeElement?.textContent)).toBe('Sluiten');
    // "Sluiten" closes it and puts the focus on the heading; the search box still has not moved.
    await tablet.keyboard.press('Enter');
    await expect.poll(() => news.count()).toBe(0);
    expect(await tablet.evaluate(() => document.activeElement?.id)).toBe('kaart-heading');
    expect(await topsOf(tablet)).toHaveLength(1);

    // The next time the page opens, the change stands above the search box from its first render.
    const menu = tablet.getByRole('navigation', { name: 'Hoofdmenu' });
    await menu.getByRole('link', { name: 'Registreren', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await menu.getByRole('link', { name: 'Sociale kaart', exact: true }).click();
    const inline = tablet.locator('#kaart-choices');
    await inline.getByRole('link', { name: '1 wijziging in de kaart vraagt om uw keuze' }).waitFor();
    expect(await news.count()).toBe(0);
    await watchTop(tablet, '#kaart-query');

    // Chosen in another tab: the box above the search box says so in its own place, and nothing below it moves.
    const other = await context.newPage();
    await other.goto(`${server.url}/#/kaart/conflicten`);
    await other.locator('table.ido-conflict').getByRole('radio', { name: 'Versie van een collega. (voorbeeld)' }).check();
    await other.getByRole('button', { name: 'Keuze per veld opslaan' }).click();
    await other.getByText('Er is niets te kiezen').waitFor();
    await expect.poll(() => inline.innerText()).toBe('Er is niets meer te kiezen: alle wijzigingen in de kaart zijn verwerkt.');
    expect(await topsOf(tablet)).toHaveLength(1);
    expect(await axeViolations(tablet)).toEqual([]);
    await context.close();
  });
});
