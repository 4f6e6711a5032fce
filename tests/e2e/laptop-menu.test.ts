import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, recordLayoutShifts, shiftsOf, signInWithToken, smallTapTargets } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

// The header's menu on the pages a coordinator opens on a laptop (Beheer, the dashboard, the jaarverslag). A laptop
// showed the tablet's menu there (Registreren, Vandaag, …), whose every item led to "tablet nog niet gekoppeld".
const SHOTS = '.tmp/screenshots/laptop-menu';
const TABLET_MENU = ['Registreren', 'Vandaag', 'Sociale kaart', 'Snelwijzer', 'Overzicht', 'Instellingen'];

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
  coordinatorToken = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
});

const menu = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
/** The menu's items as a screen reader finds them (Beheer's kept place on a tablet that is no coordinator's is none). */
const menuItems = (page: Page) => menu(page).getByRole('link').allInnerTexts();
const currentItem = (page: Page) => menu(page).locator('a[aria-current="page"]:visible').allInnerTexts();

describe('the menu on a laptop page', () => {
  it('shows a laptop the pages that work for it on Beheer and the reports, and the way to link it if it is a tablet', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer`, coordinatorToken);
    await page.locator('#locations-table').waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Beheer', 'Tablet koppelen']);
    expect(await currentItem(page)).toEqual(['Beheer']);
    // The first render swaps the prerendered tablet menu for this one: at 1024 px both are one line, so nothing moves.
    expect((await shiftsOf(page)).filter((shift) => !shift.hadRecentInput)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `${SHOTS}/laptop-beheer-${viewport.width}x${viewport.height}.png` });
    }
    // At 768 px the tablet's menu is two lines: its place is kept, so a reload moves nothing there either.
    await shiftsOf(page);
    await page.reload();
    await page.locator('#locations-table').waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Beheer', 'Tablet koppelen']);
    expect((await shiftsOf(page)).filter((shift) => !shift.hadRecentInput)).toEqual([]);
    await page.setViewportSize({ width: 1024, height: 768 });

    await menu(page).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Beheer', 'Tablet koppelen']);
    expect(await currentItem(page)).toEqual(['Dashboard']);
    await page.goto(`${server.url}/#/jaarverslag`);
    await page.getByRole('heading', { name: /^Jaarverslag/, level: 1 }).waitFor();
    expect(await currentItem(page)).toEqual(['Dashboard']);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);

    // This browser is a tablet after all: the koppelen screen, under the tablet's menu.
    await menu(page).getByRole('link', { name: 'Tablet koppelen' }).click();
    await page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' }).waitFor();
    expect(await menuItems(page)).toEqual(TABLET_MENU);
    // Tried out with example data ("Nu niet"): the form is where its pages start.
    await page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await page.goto(`${server.url}/#/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Beheer', 'Registreren']);
    await menu(page).getByRole('link', { name: 'Registreren' }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await menuItems(page)).toEqual(TABLET_MENU);
    await context.close();
  });

  it('keeps a linked tablet its own menu on Beheer and the reports', async () => {
    for (const role of ['coordinator', 'medewerker'] as const) {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', role]));
      const own = role === 'coordinator' ? [...TABLET_MENU, 'Beheer'] : TABLET_MENU;
      expect(await menuItems(page), role).toEqual(own);
      await page.goto(`${server.url}/#/dashboard`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      expect(await menuItems(page), role).toEqual(own);
      expect(await currentItem(page), role).toEqual(['Overzicht']);
      if (role === 'coordinator') {
        await menu(page).getByRole('link', { name: 'Beheer' }).click();
        await page.locator('#locations-table').waitFor();
        expect(await menuItems(page)).toEqual(own);
        expect(await currentItem(page)).toEqual(['Beheer']);
        expect(await axeViolations(page)).toEqual([]);
        expect(await smallTapTargets(page)).toEqual([]);
        for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
          await page.setViewportSize(viewport);
          await page.screenshot({ path: `${SHOTS}/coordinator-tablet-beheer-${viewport.width}x${viewport.height}.png` });
        }
      }
      await context.close();
    }
  });
});
