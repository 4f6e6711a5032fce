import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, kaartSource, smallTapTargets, tabletContext, topsOf, watchTop } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * What needs the coordinator and comes while the kaart page is open (a sync brings a conflict) floats over the page
 * and moves nothing: it stood above the search box, and the search box and results jumped down under a finger.
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
let coordinatorCode = '';

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(() => {
  coordinatorToken = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  coordinatorCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
});

interface KaartItem { entity: string; id: string; version: number; deleted: boolean; data: Record<string, unknown> }

/** A second writer: the coordinator's token changes Taalcafé's description on the server, through the API. */
async function changeOnServer(description: string): Promise<void> {
  const headers = { authorization: `Bearer ${coordinatorToken}` };
  const items: KaartItem[] = [];
  for (let since = '0'; ;) {
    const page = await (await fetch(`${server.url}/api/v1/kaart/changes?since=${since}&limit=1000`, { headers })).json() as { items: KaartItem[]; nextCursor: string; hasMore: boolean };
    items.push(...page.items);
    if (!page.hasMore) break;
    since = page.nextCursor;
  }
  const taalcafe = items.filter((item) => item.entity === 'service' && item.data.name === 'Taalcafé').at(-1)!;
  const answer = await fetch(`${server.url}/api/v1/kaart/changes`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ changes: [{ entity: 'service', id: taalcafe.id, baseVersion: taalcafe.version, deleted: false, data: { ...taalcafe.data, description } }] }),
  });
  expect((await answer.json() as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(['applied']);
}

/** The kaart page with a search for Taalcafé, once its result is there. */
async function searchTaalcafe(page: Page): Promise<void> {
  await page.goto(`${server.url}/#/kaart`);
  await page.getByLabel('Zoek hulp').fill('taalcafe');
  await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toMatch(/resultaten?$/);
  await page.getByRole('link', { name: 'Taalcafé' }).waitFor();
}


describe('a conflict that a sync brings while the kaart page is open', () => {
  it('floats a note with the way to the choice, reachable by Tab and read out, and moves nothing', async () => {
    const context = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const tablet = await enrollInApp(context, server.url, coordinatorCode, { label: 'Coördinator' });
    await expect.poll(() => kaartSource(tablet, { pulled: true }), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);

    // Offline, the coordinator edits Taalcafé; meanwhile a colleague changes it on the server.
    await context.setOffline(true);
    await searchTaalcafe(tablet);
    await tablet.getByRole('link', { name: 'Taalcafé' }).click();
    await tablet.getByRole('button', { name: 'Bewerken' }).click();
    await tablet.getByLabel('Omschrijving').fill('Versie van deze tablet. (voorbeeld)');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    await changeOnServer('Versie van een collega. (voorbeeld)');

    // The kaart page, with a search: nothing to choose yet, so nothing above the search box.
    await searchTaalcafe(tablet);
    expect(await tablet.locator('#kaart-choices').count()).toBe(0);
    await watchTop(tablet, '#kaart-query');

    // Online: the sync brings the conflict while the page is open.
    await context.setOffline(false);
    const news = tablet.locator('#kaart-choices-news');
    await expect.poll(async () => {
      await tablet.evaluate(() => dispatchEvent(new Event('online')));
      return news.count();
    }, { timeout: 30_000, interval: 1_000 }).toBe(1);
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
    await other.getByRole('button', { name: 'Deze keuze opslaan' }).click();
    await other.getByText('Er is niets te kiezen').waitFor();
    await expect.poll(() => inline.innerText()).toBe('Er is niets meer te kiezen: alle wijzigingen in de kaart zijn verwerkt.');
    expect(await topsOf(tablet)).toHaveLength(1);
    expect(await axeViolations(tablet)).toEqual([]);
    await context.close();
  });
});
