import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, recordLayoutShifts, shiftsOf, showAtLargeText, signInWithToken, smallTapTargets } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

// The header's menu on the pages a coordinator opens on a laptop (Beheer, the dashboard, the jaarverslag). A laptop
// showed the tablet's menu there (Registreren, Vandaag, …), whose every item led to "tablet nog niet gekoppeld".
const SHOTS = '.tmp/screenshots/laptop-menu';
// The screenshots of the laptop's shell, to look at (session 44).
const NOTES = '.tmp/screenshots';
const TABLET_MENU = ['Registreren', 'Vandaag', 'Sociale kaart', 'Snelwijzer', 'Overzicht', 'Instellingen'];

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const menu = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
/** The menu's items as a screen reader finds them (Beheer's kept place on a tablet that is no coordinator's is none). */
const menuItems = (page: Page) => menu(page).getByRole('link').allInnerTexts();
const currentItem = (page: Page) => menu(page).locator('a[aria-current="page"]:visible').allInnerTexts();
/** Every layout shift without input before it, with what moved, as one line each (recordLayoutShifts). */
const unexpectedShifts = async (page: Page) => (await shiftsOf(page)).filter((shift) => !shift.hadRecentInput)
  .map((shift) => `${shift.value.toFixed(5)} at ${shift.at} ms: ${shift.sources.join('; ')}`);
/** What this browser was at its last start, for the next first paint (src/app/shell.ts, SHELL_KEY). */
const storedShell = (page: Page) => page.evaluate(() => localStorage.getItem('ido-shell'));

/**
 * Where the shell's parts are: the header's bottom, the main area's top, the bottom of what the header shows (its title
 * and its menu) with the header's padding below it, the menu's height, and whether the status bar shows. On a laptop
 * page the main area starts right below the header, and the header ends right below its title and menu.
 */
const shellLayout = (page: Page) => page.evaluate(() => {
  const header = document.querySelector('header.ido-header')!;
  const menuList = document.querySelector('ul.ido-nav')!;
  const shown = Math.max(document.querySelector('.ido-header__title')!.getBoundingClientRect().bottom, menuList.getBoundingClientRect().bottom);
  return {
    headerBottom: Math.round(header.getBoundingClientRect().bottom),
    mainTop: Math.round(document.getElementById('main')!.getBoundingClientRect().top),
    shownBottom: Math.round(shown + parseFloat(getComputedStyle(header).paddingBlockEnd)),
    menuHeight: Math.round(menuList.getBoundingClientRect().height),
    statusBar: document.getElementById('sync-status')!.getClientRects().length > 0,
  };
});

/**
 * Keeps the main area's top at every frame from the first one the page shows it (window.__mainTops, each new value once):
 * one value means the shell never moved the page, whatever the page's own content does as its data comes in.
 */
const WATCH_MAIN_TOP = `(() => {
  const tops = [];
  Object.defineProperty(window, '__mainTops', { value: tops });
  const frame = () => {
    const main = document.getElementById('main');
    const top = main && Math.round(main.getBoundingClientRect().top);
    // (not while the head script keeps the page unseen, waiting for the database's word: nothing is painted then)
    const seen = !document.documentElement.classList.contains('ido-shell-pending');
    if (main && seen && tops[tops.length - 1] !== top) tops.push(top);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;
const mainTops = (page: Page) => page.evaluate(() => (window as unknown as { __mainTops: number[] }).__mainTops.splice(0));

/**
 * Keeps the laptop's menu at every frame from the first one shown (window.__menuFrames, each new state once): its items
 * as the eye sees them with their left edges, the room left empty at its end, and whether the page asks for a token.
 */
const WATCH_MENU = `(() => {
  const frames = [];
  Object.defineProperty(window, '__menuFrames', { value: frames });
  const frame = () => {
    const list = document.querySelector('ul.ido-nav');
    if (list && !document.documentElement.classList.contains('ido-shell-pending')) {
      const shown = [...list.children].filter((item) => item.getClientRects().length > 0 && getComputedStyle(item).visibility !== 'hidden');
      const end = Math.round(list.getBoundingClientRect().right - shown[shown.length - 1].getBoundingClientRect().right);
      const asks = document.querySelector('input[type="password"]') ? 'sign-in' : document.querySelector('#main h1') ? 'page' : 'empty';
      const state = shown.map((item) => item.textContent + '@' + Math.round(item.getBoundingClientRect().left)).join(', ') + ' | empty at the end ' + end + ' | ' + asks;
      if (frames[frames.length - 1] !== state) frames.push(state);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;
/** A WATCH_MENU state's menu only (its items and the room at its end), without what the page shows. */
const menuOf = (frame: string) => frame.split(' | ').slice(0, 2).join(' | ');
/** `states` without a state that repeats the one before it. */
const changesOf = (states: string[]) => states.filter((state, at) => state !== states[at - 1]);
/** The menu's states WATCH_MENU kept since the page loaded, after two more frames for anything that would still change. */
const menuFrames = async (page: Page) => {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(() => (window as unknown as { __menuFrames: string[] }).__menuFrames.slice());
};

/**
 * Opens `address` with the app's code held back, until the returned function lets it go: the page then shows what
 * index.html and its head script paint by themselves, before anything of the app runs.
 */
async function openBeforeTheApp(context: BrowserContext, address: string): Promise<{ page: Page; letGo: () => void }> {
  let letGo!: () => void;
  const held = new Promise<void>((resolve) => (letGo = resolve));
  await context.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(address, { waitUntil: 'commit' });
  await page.locator('#main').waitFor({ state: 'attached' });
  // On a laptop page the head script shows the page once it read what the database says this browser is (shell.ts).
  await page.locator('html:not(.ido-shell-pending)').waitFor({ state: 'attached' });
  return { page, letGo };
}

describe('the menu on a laptop page', () => {
  it('paints a laptop page with the laptop\'s menu and no status bar before the app runs, and nothing moves as it takes over', async () => {
    // At 768 px the tablet's menu (two lines, kept empty under the laptop's) and the status bar's box left about 110 px
    // empty below the laptop's header; the head script now picks the laptop's shell before the first paint.
    mkdirSync(NOTES, { recursive: true });
    for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      await context.addInitScript(recordLayoutShifts);
      const { page, letGo } = await openBeforeTheApp(context, `${server.url}/#/beheer`);
      const painted = await shellLayout(page);
      expect(painted.mainTop, size).toBe(painted.headerBottom);
      expect(painted.statusBar, size).toBe(false);
      expect(painted.menuHeight, `${size}: one line of menu`).toBeLessThan(2 * 44);
      expect(painted.headerBottom, size).toBeLessThanOrEqual(painted.shownBottom + 1);
      expect(await menuItems(page), size).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
      await page.screenshot({ path: `${NOTES}/s44-h72-laptop-beheer-voor-de-app-${size}.png` });
      letGo();
      await page.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
      await page.waitForTimeout(500); // a late shift would still count
      expect(await shellLayout(page), size).toEqual(painted);
      expect(await unexpectedShifts(page), size).toEqual([]);
      expect(await currentItem(page), size).toEqual(['Beheer']);
      await page.getByLabel('Toegangscode').fill(coordinatorToken);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.locator('#locations-table').waitFor();
      expect(await shellLayout(page), size).toEqual(painted);
      expect(await axeViolations(page), size).toEqual([]);
      expect(await smallTapTargets(page), size).toEqual([]);
      await page.screenshot({ path: `${NOTES}/s44-h72-laptop-beheer-${size}.png` });
      // A reload signed in, and the other laptop pages opened afresh: the same shell from the first paint, nothing moves.
      // (The report pages' own content stands still too as its answers come in: tests/e2e/report-pages-still.test.ts.)
      await context.addInitScript(WATCH_MAIN_TOP);
      for (const [hash, heading] of [['#/beheer', /^Beheer/], ['#/dashboard', 'Dashboard'], ['#/dashboard/uren', 'Uren en drukte'], ['#/jaarverslag', /^Jaarverslag/]] as const) {
        await shiftsOf(page);
        await page.goto(`${server.url}/${hash}`);
        await page.reload();
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await page.waitForTimeout(500);
        expect(await unexpectedShifts(page), `${hash} at ${size}`).toEqual([]);
        expect(await mainTops(page), `${hash} at ${size}`).toEqual([painted.mainTop]);
        expect(await shellLayout(page), `${hash} at ${size}`).toEqual(painted);
      }
      // After load a tap on a tablet's page changes the shell, as the tap asks: the tablet's menu and its status bar.
      await page.goto(`${server.url}/#/dashboard`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await menu(page).getByRole('link', { name: 'Tablet koppelen' }).click();
      await page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' }).waitFor();
      expect(await menuItems(page), size).toEqual(TABLET_MENU);
      expect((await shellLayout(page)).statusBar, size).toBe(true);
      await page.goBack();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      expect(await shellLayout(page), size).toEqual(painted);
      await context.close();
    }
  });

  it('leaves no empty room below the laptop\'s header at 200 % text either', async () => {
    // At 200 % text at 1024×768 the tablet's menu and the status bar's box took about 360 of the 768 px, empty.
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer`, coordinatorToken);
    await page.locator('#locations-table').waitFor();
    for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      await page.setViewportSize(viewport);
      await showAtLargeText(page, `${server.url}/#/dashboard`, 'Dashboard');
      const layout = await shellLayout(page);
      expect(layout.mainTop, size).toBe(layout.headerBottom);
      expect(layout.statusBar, size).toBe(false);
      expect(layout.headerBottom, size).toBeLessThanOrEqual(layout.shownBottom + 1);
      expect(await menuItems(page), size).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
      expect(await axeViolations(page), size).toEqual([]);
      await page.screenshot({ path: `${NOTES}/s44-h72-laptop-dashboard-200procent-${size}.png` });
    }
    await context.close();
  });

  it('shows a laptop the pages that work for it on Beheer and the reports, and the way to link it if it is a tablet', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer`, coordinatorToken);
    await page.locator('#locations-table').waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
    expect(await currentItem(page)).toEqual(['Beheer']);
    expect(await unexpectedShifts(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `${SHOTS}/laptop-beheer-${viewport.width}x${viewport.height}.png` });
    }
    // At 768 px the tablet's menu is two lines, the laptop's one: the laptop's is painted first, so a reload moves nothing.
    await shiftsOf(page);
    await page.reload();
    await page.locator('#locations-table').waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
    expect(await unexpectedShifts(page)).toEqual([]);
    await page.setViewportSize({ width: 1024, height: 768 });

    await menu(page).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
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
    expect(await storedShell(page)).toBe('tried');
    await page.goto(`${server.url}/#/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Registreren', 'Beheer']);
    // Its status bar stays: it says what was tried out here and not sent (beheer.test.ts). A reload moves no part of the shell.
    const tried = await shellLayout(page);
    await context.addInitScript(WATCH_MAIN_TOP);
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.waitForTimeout(500);
    expect(await mainTops(page)).toEqual([tried.mainTop]);
    expect(await menuItems(page)).toEqual(['Dashboard', 'Registreren', 'Beheer']);
    expect((await shellLayout(page)).statusBar).toBe(true);
    await menu(page).getByRole('link', { name: 'Registreren' }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await menuItems(page)).toEqual(TABLET_MENU);
    await context.close();
  });

  it('offers Beheer in the laptop\'s menu only to a token that may open it: a municipality\'s reads the reports only', async () => {
    // A municipality's token saw Beheer in the menu, which answered it "a municipality reads the reports only".
    const municipalityToken = runAdmin(server.dataDir, ['create-token', '--role', 'municipality', '--municipality', 'GM0855']);
    for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      // (No service worker: the reload below holds the app's code, which a service worker would answer.)
      const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', serviceWorkers: 'block' });
      await context.addInitScript(recordLayoutShifts);
      const page = await context.newPage();
      await page.goto(`${server.url}/#/dashboard`);
      await page.getByLabel('Toegangscode').waitFor();
      const signedOut = await shellLayout(page);
      expect(await menuItems(page), size).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
      await page.getByLabel('Toegangscode').fill(municipalityToken);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await expect.poll(() => menuItems(page), { timeout: 15_000 }).toEqual(['Dashboard', 'Tablet koppelen']);
      await expect.poll(() => page.locator('.ido-report-status[data-loading]').count(), { timeout: 15_000 }).toBe(0);
      // Its place stays, empty and last: the menu keeps its height and no item moves.
      expect(await shellLayout(page), size).toEqual(signedOut);
      expect(await unexpectedShifts(page), size).toEqual([]);
      expect(await axeViolations(page), size).toEqual([]);
      await page.screenshot({ path: `${NOTES}/s45-h82-gemeente-dashboard-${size}.png` });
      // A reload paints no Beheer either, before the app runs (the head script reads who the token is, shell.ts).
      let letGo!: () => void;
      const held = new Promise<void>((resolve) => (letGo = resolve));
      await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => { await held; await route.continue(); });
      await page.reload({ waitUntil: 'commit' });
      await page.locator('#main').waitFor({ state: 'attached' });
      await page.locator('html:not(.ido-shell-pending)').waitFor({ state: 'attached' });
      expect(await menuItems(page), `before the app at ${size}`).toEqual(['Dashboard', 'Tablet koppelen']);
      expect(await page.locator('#main').innerHTML(), size).toBe('');
      letGo();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await page.unroute(/\/assets\/index-[\w-]+\.js$/);
      // A reload (the token is kept for the tab), Uren en drukte and the jaarverslag: no Beheer either.
      for (const [hash, heading] of [['#/dashboard', 'Dashboard'], ['#/dashboard/uren', 'Uren en drukte'], ['#/jaarverslag', /^Jaarverslag/]] as const) {
        await page.goto(`${server.url}/${hash}`);
        await page.reload();
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        expect(await menuItems(page), `${hash} at ${size}`).toEqual(['Dashboard', 'Tablet koppelen']);
        expect(await axeViolations(page), `${hash} at ${size}`).toEqual([]);
      }
      // Signed out, then in with a coordinator's token: Beheer is back, and opens.
      await page.goto(`${server.url}/#/dashboard`);
      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await page.getByLabel('Toegangscode').waitFor();
      expect(await menuItems(page), size).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
      await page.getByLabel('Toegangscode').fill(coordinatorToken);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await expect.poll(() => page.locator('.ido-report-status[data-loading]').count(), { timeout: 15_000 }).toBe(0);
      await page.locator('#dashboard-contacts').waitFor();
      expect(await menuItems(page), size).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
      expect(await page.evaluate(() => sessionStorage.getItem('ido-report-token-kind')), size).toBe('coordinator');
      await menu(page).getByRole('link', { name: 'Beheer' }).click();
      await page.locator('#locations-table').waitFor();
      expect(await axeViolations(page), size).toEqual([]);
      await page.screenshot({ path: `${NOTES}/s45-h82-coordinator-beheer-${size}.png` });
      await context.close();
    }
  });

  it('shows a municipality\'s token the menu without Beheer from the render that opens the page, with no empty place, and never changes it by itself', async () => {
    // Beheer's place stayed an empty gap at the menu's right end, and right after the sign-in, until a report answered,
    // Beheer showed and then went by itself. (The reports are held a moment, as on a slow line.)
    const municipalityToken = runAdmin(server.dataDir, ['create-token', '--role', 'municipality', '--municipality', 'GM0855']);
    for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      await context.addInitScript(WATCH_MENU);
      await context.route(/\/api\/v1\/(report-locations|stats)/, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await route.continue().catch(() => undefined); // (the context may close first)
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/#/dashboard`);
      await page.getByLabel('Toegangscode').fill(municipalityToken);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      // While the server is asked who the token is, the sign-in says so on its button.
      await page.getByRole('button', { name: 'Inloggen…', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      await expect.poll(() => page.locator('.ido-report-status[data-loading]').count(), { timeout: 15_000 }).toBe(0);
      const frames = await menuFrames(page);
      // (Before the first page's content the main area is empty a frame or so: those frames count for the menu only.)
      expect(changesOf(frames.filter((frame) => !frame.endsWith('| empty')).map((frame) => frame.replace(/@\d+/g, ''))), size).toEqual([
        'Dashboard, Tablet koppelen, Beheer | empty at the end 0 | sign-in',
        'Dashboard, Tablet koppelen | empty at the end 0 | page',
      ]);
      const signedIn = frames.at(-1)!;
      expect(changesOf(frames.map(menuOf)), size).toEqual([menuOf(frames[0]), menuOf(signedIn)]);
      expect(await axeViolations(page), size).toEqual([]);
      // A reload shows that menu from its first frame, and so do the other report pages.
      for (const hash of ['#/dashboard', '#/dashboard/uren', '#/jaarverslag']) {
        await page.goto(`${server.url}/${hash}`);
        await page.reload();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await expect.poll(() => page.locator('[role="status"]:text-matches("geladen|gemaakt")').count(), { timeout: 15_000 }).toBe(0);
        expect(changesOf((await menuFrames(page)).map(menuOf)), `${hash} at ${size}`).toEqual([menuOf(signedIn)]);
      }
      // Signed out (a tap): Beheer is back. On Beheer's sign-in the same token gets its answer and the menu without
      // Beheer in one render, and keeps it.
      await page.goto(`${server.url}/#/dashboard`);
      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await page.getByLabel('Toegangscode').waitFor();
      await page.goto(`${server.url}/#/beheer`);
      await page.reload();
      await page.getByLabel('Toegangscode').fill(municipalityToken);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByText('Met de toegangscode van een gemeente kunt u alleen rapportages bekijken').waitFor();
      expect(changesOf((await menuFrames(page)).map((frame) => menuOf(frame).replace(/@\d+/g, ''))), size).toEqual([
        'Dashboard, Tablet koppelen, Beheer | empty at the end 0',
        'Dashboard, Tablet koppelen | empty at the end 0',
      ]);
      expect(await axeViolations(page), size).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/gemeente-beheer-${size}.png` });
      await context.close();
    }
  });

  it('signs in on a line that never answers who the token is: the page opens after the wait, with the menu as before', async () => {
    // The sign-in asks the server who the token is before the page opens; a request that hangs kept "Inloggen…" for
    // as long as the browser waited (minutes). The first GET /report-locations (that question) never answers here.
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    let held = false;
    await context.route(/\/api\/v1\/report-locations/, async (route) => {
      if (held) return route.continue().catch(() => undefined);
      held = true; // never answered: the context's close ends it
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/#/dashboard`);
    await page.getByLabel('Toegangscode').fill(coordinatorToken);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('button', { name: 'Inloggen…', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor({ timeout: 30_000 });
    expect(held).toBe(true);
    // The kind unknown, the menu stays as it was before the sign-in (Beheer offered; Beheer itself answers the token).
    expect(await menuItems(page)).toContain('Beheer');
    await context.close();
  });

  it('keeps a linked tablet its own menu on Beheer and the reports', async () => {
    for (const role of ['coordinator', 'medewerker'] as const) {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      let page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', role]));
      const own = role === 'coordinator' ? [...TABLET_MENU, 'Beheer'] : TABLET_MENU;
      expect(await menuItems(page), role).toEqual(own);
      expect(await storedShell(page), role).toBe('tablet');
      // Opened afresh, the dashboard paints the tablet's shell at once (its menu and its status bar): the shell moves nothing.
      const tablet = await shellLayout(page);
      await page.close();
      await context.addInitScript(WATCH_MAIN_TOP);
      page = await context.newPage();
      await page.goto(`${server.url}/#/dashboard`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await page.waitForTimeout(500);
      expect(await mainTops(page), role).toEqual([tablet.mainTop]);
      expect(await menuItems(page), role).toEqual(own);
      expect(await currentItem(page), role).toEqual(['Overzicht']);
      expect((await shellLayout(page)).statusBar, role).toBe(true);
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
        await page.setViewportSize({ width: 1024, height: 768 });
      }
      // A flag gone (localStorage cleared, not the database): the head script reads the database before the first paint,
      // so the tablet's shell shows at once; the app keeps the flag again.
      await page.evaluate(() => localStorage.clear());
      await mainTops(page);
      await page.reload();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).or(page.locator('#locations-table')).first().waitFor();
      expect(await menuItems(page), role).toEqual(own);
      expect(await storedShell(page), role).toBe('tablet');
      await page.waitForTimeout(500);
      expect(await mainTops(page), `${role}, flag gone`).toEqual([tablet.mainTop]);
      await page.reload();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).or(page.locator('#locations-table')).first().waitFor();
      await page.waitForTimeout(500);
      expect(await mainTops(page), role).toEqual([tablet.mainTop]);
      await context.close();
    }
  });

  it('puts a laptop\'s shell back when its flag says tablet but its database has no tablet (cleared), and keeps it right from then on', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.evaluate(() => localStorage.setItem('ido-shell', 'tablet'));
    await shiftsOf(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await menuItems(page)).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
    expect(await storedShell(page)).toBeNull();
    const layout = await shellLayout(page);
    expect(layout.mainTop).toBe(layout.headerBottom);
    await page.waitForTimeout(500);
    expect(await unexpectedShifts(page), 'the stale flag\'s load').toEqual([]);
    await context.addInitScript(WATCH_MAIN_TOP);
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.waitForTimeout(500);
    expect(await mainTops(page)).toEqual([layout.mainTop]);
    expect(await shellLayout(page)).toEqual(layout);
    await context.close();
  });

  it('paints the shell the database says when localStorage\'s flag is stale, either way, before the app runs, and nothing moves', async () => {
    // A stale flag painted one load's first screen in the wrong shell, which then moved (the tablet's status bar and
    // two-line menu came or went): the head script now reads the database before the page shows.
    for (const viewport of [{ width: 768, height: 1024 }, { width: 1024, height: 768 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      // A linked tablet whose localStorage was cleared (no flag): the tablet's shell.
      const tabletContext = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      const linked = await enrollInApp(tabletContext, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'medewerker']));
      await linked.goto(`${server.url}/#/dashboard`);
      await linked.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      const tablet = await shellLayout(linked);
      expect(tablet.statusBar, size).toBe(true);
      await linked.evaluate(() => localStorage.removeItem('ido-shell'));
      await linked.close();
      await tabletContext.addInitScript(recordLayoutShifts);
      await tabletContext.addInitScript(WATCH_MAIN_TOP);
      // (Its service worker answers the app's code, which the test cannot hold: the main area's top at every frame shown
      // says what was painted.)
      const reopened = await tabletContext.newPage();
      await reopened.goto(`${server.url}/#/dashboard`);
      await reopened.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await reopened.waitForTimeout(500);
      expect(await mainTops(reopened), `tablet without its flag at ${size}`).toEqual([tablet.mainTop]);
      expect(await unexpectedShifts(reopened), size).toEqual([]);
      expect(await shellLayout(reopened), size).toEqual(tablet);
      expect(await menuItems(reopened), size).toEqual(TABLET_MENU);
      expect(await storedShell(reopened), size).toBe('tablet');
      expect(await axeViolations(reopened), size).toEqual([]);
      await reopened.screenshot({ path: `${NOTES}/s45-h82-tablet-zonder-vlag-${size}.png` });
      await tabletContext.close();

      // A laptop whose flag says tablet but that has no database of the app (its site data cleared but localStorage):
      // the laptop's shell. (The flag is set on another page of the server, which makes no database.)
      const laptopContext = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      const setter = await laptopContext.newPage();
      await setter.goto(`${server.url}/manifest.webmanifest`);
      await setter.evaluate(() => localStorage.setItem('ido-shell', 'tablet'));
      expect(await setter.evaluate(async () => (await indexedDB.databases()).length), size).toBe(0);
      await setter.close();
      await laptopContext.addInitScript(recordLayoutShifts);
      await laptopContext.addInitScript(WATCH_MAIN_TOP);
      const laptop = await openBeforeTheApp(laptopContext, `${server.url}/#/beheer`);
      const painted = await shellLayout(laptop.page);
      expect(painted.statusBar, `laptop with a stale flag at ${size}`).toBe(false);
      expect(painted.mainTop, size).toBe(painted.headerBottom);
      expect(await menuItems(laptop.page), size).toEqual(['Dashboard', 'Tablet koppelen', 'Beheer']);
      await laptop.page.screenshot({ path: `${NOTES}/s45-h82-laptop-met-oude-vlag-voor-de-app-${size}.png` });
      laptop.letGo();
      await laptop.page.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
      await laptop.page.waitForTimeout(500);
      expect(await mainTops(laptop.page), size).toEqual([painted.mainTop]);
      expect(await unexpectedShifts(laptop.page), size).toEqual([]);
      expect(await shellLayout(laptop.page), size).toEqual(painted);
      expect(await storedShell(laptop.page), size).toBeNull();
      expect(await axeViolations(laptop.page), size).toEqual([]);
      await laptopContext.close();
    }
  });
});
