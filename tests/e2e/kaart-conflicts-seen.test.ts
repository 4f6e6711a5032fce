import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  axeViolations, cardPlaces, DEMO_ORGANISATION, demoCoordinatorTablet, holdKaartPushes, kaartOutbox, LONG_KAART_TEXT, smallTapTargets, syncUntil,
  textPastPadding, twoKaartConflicts, writeKaartOnServer,
} from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * What a sighted coordinator sees on the conflicts page of what a sync brings while it is open (helper-112). A card
 * that arrived below all else was said to a screen reader only: now a floating note says it ("1 nieuwe keuze
 * onderaan"), moves nothing, and its "Bekijken" takes the focus to the card; it is gone once the card was seen. A card
 * whose server version changed since it appeared gave no sign until a choice was tapped: now a line in the card's
 * reserved place says so, with "Nieuwe versie tonen" (the card keeps its height until that tap). And at 768 px the
 * table's "Uw versie" column was so narrow that "(voorbeeld)" broke as "(voorb / eeld)".
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));

const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';
/** The tablet's own version, as long: the cards above the one that comes are high enough to leave it out of sight. */
const MINE = LONG_KAART_TEXT.replace('Een collega schreef dit langer', 'Deze tablet schreef dit ook lang');
const VIEWPORTS = [{ width: 768, height: 1024 }, { width: 1280, height: 800 }];
const colleagueWrites = (id: string, change: { data: Record<string, unknown> }) => writeKaartOnServer(server.url, coordinatorToken, id, change);

/** The words of the conflict table's values that are broken over two lines ("(voorb / eeld)"). */
const brokenWords = (page: Page) => page.evaluate(() => {
  const broken: string[] = [];
  for (const cell of document.querySelectorAll('main .ido-conflict td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        // on two lines: boxes at two heights (a word can be drawn in more than one box on a line)
        if (new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
});

/** The card's heading is below the window's bottom or under what floats there. */
const headingHidden = (card: Locator) => card.locator('h2').evaluate((heading) => {
  const floating = [...document.querySelectorAll('.ido-toasts > *, .ido-page-toasts > *')].map((layer) => layer.getBoundingClientRect().top);
  return heading.getBoundingClientRect().bottom > Math.min(innerHeight, ...floating);
});

describe('the conflicts page: what a sighted coordinator sees of what arrives and changes', () => {
  it('a floating note for a card that came below, a line in its place for a newer server version, a table readable at 768 px', async () => {
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, code);
    const { thursday, taalmaatje } = await twoKaartConflicts(tablet, server.url, coordinatorToken, { mine: MINE, theirs: LONG_KAART_TEXT });
    await tablet.goto(`${server.url}/#/kaart/conflicten`);
    const maatje = tablet.getByRole('region', { name: 'Taalmaatje', exact: true });
    const hours = tablet.getByRole('region', { name: 'Openingstijden van Taalcafé', exact: true });
    await hours.waitFor();

    // The table at 768 and 1280 px: no word of a value broken over two lines ("(voorb / eeld)").
    for (const viewport of VIEWPORTS) {
      await tablet.setViewportSize(viewport);
      await tablet.screenshot({ path: `${SHOTS}/h112-conflict-table-${viewport.width}x${viewport.height}.png`, fullPage: true });
      expect(await brokenWords(tablet)).toEqual([]);
      expect(await textPastPadding(tablet)).toEqual([]);
      expect(await tablet.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    }
    await tablet.setViewportSize({ width: 1280, height: 800 });
    const placesAtFirst = await cardPlaces(tablet);

    // 1. A colleague changes Taalmaatje once more; the pull brings it. The card says so in its reserved place, as high
    // as it was, and shows the new version only when the coordinator asks for it.
    const newer = 'Derde versie, van een collega. (voorbeeld)';
    await colleagueWrites(taalmaatje, { data: { description: newer } });
    const serviceEntry = async () => (await kaartOutbox(tablet)).find((row) => row.entity === 'service')!;
    await syncUntil(tablet, async () => (await serviceEntry()).current?.data.description, newer);
    const line = maatje.locator('.ido-conflict-news');
    await expect.poll(() => line.getByRole('status').textContent()).toBe('Taalmaatje: Op de server staat intussen een nieuwere versie.');
    await line.getByRole('button', { name: 'Nieuwe versie tonen: Taalmaatje', exact: true }).waitFor();
    expect(await cardPlaces(tablet)).toEqual(placesAtFirst);
    expect(await maatje.innerText()).not.toContain(newer);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.setViewportSize({ width: 768, height: 1024 });
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await textPastPadding(tablet)).toEqual([]);
    for (const viewport of VIEWPORTS) {
      await tablet.setViewportSize(viewport);
      await maatje.scrollIntoViewIfNeeded();
      await tablet.screenshot({ path: `${SHOTS}/h112-newer-on-server-${viewport.width}x${viewport.height}.png` });
    }
    await maatje.getByRole('button', { name: 'Nieuwe versie tonen: Taalmaatje', exact: true }).click();
    await expect.poll(() => maatje.innerText()).toContain(newer);
    expect(await line.innerText()).toBe('');
    expect(await tablet.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe(`conflict-service:${taalmaatje}`);
    // chosen on the version shown, the choice is saved
    await maatje.getByRole('button', { name: 'Alles van de server' }).click();
    await tablet.locator(`[id="settled-conflict-service:${taalmaatje}"]`).waitFor();

    // 2. "Alles van mij" on the hours while no push can go; the colleague changes them again: they come back as a
    // conflict, below all else, out of sight. A floating note says so and moves nothing.
    await tablet.evaluate(() => scrollTo(0, 0));
    const letPushes = await holdKaartPushes(tablet);
    await hours.getByRole('button', { name: 'Alles van mij' }).click();
    await tablet.locator(`[id="settled-conflict-schedule:${thursday}"]`).waitFor();
    const keptAt = (await kaartOutbox(tablet)).find((row) => row.entity === 'schedule')!.savedAt;
    const placesKept = await cardPlaces(tablet);
    await colleagueWrites(thursday, { data: { closes_at: '16:00' } });
    await letPushes();
    await syncUntil(tablet, async () => {
      const entry = (await kaartOutbox(tablet)).find((row) => row.entity === 'schedule')!;
      return entry.state === 'conflict' && entry.savedAt === keptAt;
    }, true);
    const again = tablet.locator(`[aria-labelledby="conflict-schedule:${thursday}-2"]`);
    await again.waitFor();
    const note = tablet.locator('#conflicts-arrived-note');
    await note.getByText('1 nieuwe keuze onderaan deze pagina', { exact: true }).waitFor();
    expect((await cardPlaces(tablet)).slice(0, placesKept.length)).toEqual(placesKept);
    for (const viewport of VIEWPORTS) {
      await tablet.setViewportSize(viewport);
      await tablet.evaluate(() => scrollTo(0, 0));
      expect(await headingHidden(again)).toBe(true);
      await note.waitFor();
      expect(await axeViolations(tablet)).toEqual([]);
      expect(await smallTapTargets(tablet)).toEqual([]);
      expect(await textPastPadding(tablet)).toEqual([]);
      await tablet.screenshot({ path: `${SHOTS}/h112-new-below-note-${viewport.width}x${viewport.height}.png` });
    }

    // "Bekijken" takes the focus to the new card; seen, the note is gone.
    await note.getByRole('button', { name: 'Bekijken: 1 nieuwe keuze onderaan deze pagina', exact: true }).click();
    expect(await tablet.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe(`conflict-schedule:${thursday}-2`);
    await expect.poll(() => note.count()).toBe(0);
    await expect.poll(() => headingHidden(again)).toBe(false);
    await context.close();
  });
});
