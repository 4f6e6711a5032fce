import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, bringOnline, DEMO_ORGANISATION, demoCoordinatorTablet, editOfflineAndOnServer, openKaartEdit, searchKaart, smallTapTargets, topsOf, watchTop } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

/*
 * The kaart's floating note (a change that asks for a choice, arriving while the page is open) and the app's
 * "Nieuwe versie beschikbaar" banner floated at the same place: the one came over the other. Neither may cover the
 * other, the one shown first keeps its place (the other comes above it), and neither moves the search box or the list.
 */
const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';

let browser: Browser;
let server: RunningServer;
let appDirectory: string;
let coordinatorToken = '';
let coordinatorCode = '';

beforeAll(async () => {
  // A copy of the build that this test can "deploy" a new version into (as update.test.ts).
  appDirectory = mkdtempSync(join(tmpdir(), 'ido-kaart-notes-'));
  cpSync(inject('e2eDist'), appDirectory, { recursive: true });
  [browser, server] = await Promise.all([launchChromium(), startServer(appDirectory)]);
  coordinatorToken = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  coordinatorCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(appDirectory, { recursive: true, force: true });
});

/** Keeps, in the page, every distinct top of the search box and of the first result, checked at every frame from now on. */
async function watchPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tops: string[] = [];
    (window as unknown as { __pageTops: string[] }).__pageTops = tops;
    const look = () => {
      const top = `${document.getElementById('kaart-query')?.getBoundingClientRect().top} ${document.querySelector('#kaart-results li')?.getBoundingClientRect().top}`;
      if (tops.at(-1) !== top) tops.push(top);
      requestAnimationFrame(look);
    };
    look();
  });
}
const pageTops = (page: Page) => page.evaluate(() => (window as unknown as { __pageTops: string[] }).__pageTops);
const frames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** Whether two boxes on the screen share any pixel. */
async function overlap(one: Locator, other: Locator): Promise<boolean> {
  const [a, b] = [(await one.boundingBox())!, (await other.boundingBox())!];
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the kaart\'s floating note and the app\'s update banner', () => {
  it('stand one above the other, never over each other, the first one shown keeping its place, and move neither the search box nor the list', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode);
    const note = tablet.locator('#kaart-choices-news');
    const banner = tablet.locator('#update-banner');

    // The note first: a conflict arrives while the kaart page is open with a search.
    await editOfflineAndOnServer(tablet, server.url, coordinatorToken, 'taalcafe', 'Taalcafé');
    await searchKaart(tablet, server.url, 'taalcafe', 'Taalcafé');
    await watchPage(tablet);
    await bringOnline(tablet, note);

    // Then a new version of the app: its banner comes above the note, which keeps its place (a banner that came under
    // it pushed the note up by the banner's height, under the finger).
    await frames(tablet);
    await watchTop(tablet, '#kaart-choices-news');
    appendFileSync(join(appDirectory, 'sw.js'), '\n// version 2\n');
    await tablet.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await banner.getByRole('button', { name: 'Nieuwe versie beschikbaar – bijwerken' }).waitFor({ timeout: 30_000 });
    await frames(tablet);
    expect(await topsOf(tablet)).toHaveLength(1);
    expect(await overlap(note, banner)).toBe(false);
    const [noteBox, bannerBox] = [(await note.boundingBox())!, (await banner.boundingBox())!];
    expect(bannerBox.y + bannerBox.height).toBeLessThanOrEqual(noteBox.y);
    expect(await pageTops(tablet)).toHaveLength(1);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: `${SHOTS}/kaart-note-and-update-768x1024.png` });

    // On a wider tablet, held sideways: still apart, and both whole on the screen.
    await tablet.setViewportSize({ width: 1280, height: 800 });
    await frames(tablet);
    expect(await overlap(note, banner)).toBe(false);
    for (const floating of [note, banner]) {
      const box = (await floating.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(800);
    }
    await tablet.screenshot({ path: `${SHOTS}/kaart-note-and-update-1280x800.png` });

    // The other way round: the banner stands when the next conflict arrives (the first one chosen, so that the page
    // does not say it above the search box). The note comes above the banner, which keeps its place.
    await tablet.setViewportSize({ width: 768, height: 1024 });
    await tablet.goto(`${server.url}/#/kaart/conflicten`);
    await tablet.locator('table.ido-conflict').getByRole('radio', { name: 'Versie van een collega. (voorbeeld)' }).check();
    await tablet.getByRole('button', { name: 'Keuze per veld opslaan' }).click();
    await tablet.getByText('Er is niets te kiezen').waitFor();
    await editOfflineAndOnServer(tablet, server.url, coordinatorToken, 'digicafe', 'Digicafé');
    await searchKaart(tablet, server.url, 'digicafe', 'Digicafé');
    expect(await banner.count()).toBe(1);
    const bannerBefore = (await banner.boundingBox())!;
    await watchPage(tablet);
    await bringOnline(tablet, note);
    await frames(tablet);
    expect(await note.getByRole('link').innerText()).toBe('1 wijziging in de kaart vraagt om uw keuze');
    expect(await tablet.locator('#kaart-choices').count()).toBe(0);
    expect(await overlap(note, banner)).toBe(false);
    expect(await banner.boundingBox()).toEqual(bannerBefore);
    expect(await pageTops(tablet)).toHaveLength(1);
    expect(await axeViolations(tablet)).toEqual([]);
    await tablet.screenshot({ path: `${SHOTS}/kaart-update-then-note-768x1024.png` });
    await context.close();
  });

  it('two notes of the kaart page: the one that comes stands above the one shown, which keeps its place, also when the lower one is closed', async () => {
    // The page's notes stood in one layer in the page's order: the deactivation's note, coming after the conflicts'
    // note, came under it and pushed it up under the finger.
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, code);
    const choices = tablet.locator('#kaart-choices-news');
    const held = tablet.locator('#kaart-deactivated-news');
    await editOfflineAndOnServer(tablet, server.url, coordinatorToken, 'werkcafe', 'Werkcafé');
    await searchKaart(tablet, server.url, 'werkcafe', 'Werkcafé');
    await bringOnline(tablet, choices);
    await frames(tablet);
    await watchTop(tablet, '#kaart-choices-news');
    await watchPage(tablet);

    // The national team deactivates the organisation; an edit saved in a second tab of the tablet is held.
    runAdmin(server.dataDir, ['deactivate-organisation', DEMO_ORGANISATION]);
    try {
      const other = await context.newPage();
      await openKaartEdit(other, server.url, 'digicafe', 'Digicafé');
      await other.getByLabel('Omschrijving').fill('Nu ook op vrijdag. (voorbeeld)');
      await other.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await other.getByRole('heading', { name: 'Digicafé', level: 1 }).waitFor();
      await expect.poll(async () => {
        await other.evaluate(() => dispatchEvent(new Event('online')));
        return held.count();
      }, { timeout: 30_000, interval: 1_000 }).toBe(1);
      await other.close();
      await tablet.bringToFront();
      await frames(tablet);
      expect(await topsOf(tablet)).toHaveLength(1);
      expect(await overlap(choices, held)).toBe(false);
      const [choicesBox, heldBox] = [(await choices.boundingBox())!, (await held.boundingBox())!];
      expect(heldBox.y + heldBox.height).toBeLessThanOrEqual(choicesBox.y);
      expect(await pageTops(tablet)).toHaveLength(1);
      expect(await axeViolations(tablet)).toEqual([]);
      expect(await smallTapTargets(tablet)).toEqual([]);
      await tablet.screenshot({ path: `${SHOTS}/kaart-two-notes-768x1024.png` });

      // The lower note closed: the upper one stays where it is.
      await watchTop(tablet, '#kaart-deactivated-news');
      await choices.getByRole('button', { name: 'Sluiten' }).click();
      await frames(tablet);
      expect(await choices.count()).toBe(0);
      expect(await topsOf(tablet)).toHaveLength(1);
    } finally {
      runAdmin(server.dataDir, ['reactivate-organisation', DEMO_ORGANISATION]);
    }
    await context.close();
  });
});
