import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { enrollInApp, openControlled, registerTwoQuestions, showAtLargeText } from './app';
import { chromiumAndServer } from './chromium-and-server';
import type { RunningServer } from './server';

// The tablet's pages as staff see them, where a look at each page at 768 × 1024, 1280 × 800 and 200 % text found them
// wrong: boxes that did not fill their place, a value a line below its name, columns that jumped from table to table,
// a focus frame hard to see, a heading against the card above it.
const SHOTS = '.tmp/screenshots/tablet-look';

let browser: Browser;
let server: RunningServer;
let page: Page;
chromiumAndServer((chromium, app) => {
  browser = chromium;
  server = app;
});
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  page = await enrollInApp(context, server.url, server.enrollmentCode!);
  await registerTwoQuestions(page);
});

/** The contrast of `element`'s outline against the first background behind it (WCAG: a focus frame needs 3:1). */
function outlineContrast(element: Element): { style: string; ratio: number } {
  const rgb = (colour: string) => (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const luminance = (colour: string) => {
    const [r, g, b] = rgb(colour).map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let behind = element.parentElement;
  while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
  const [a, b] = [luminance(getComputedStyle(element).outlineColor), luminance(getComputedStyle(behind ?? document.body).backgroundColor)];
  return { style: getComputedStyle(element).outlineStyle, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
}

describe('the tablet as staff see it', () => {
  it('fills each quick pick\'s place in its row and each half of the save bar at 200 % text', async () => {
    // A button is as wide as its text at most (the NL Design System's max-inline-size: fit-content): "DigiD – samen
    // gedaan" on one line stood narrower and lower than the pick beside it, "Opslaan" filled a fifth of its half.
    await page.setViewportSize({ width: 1024, height: 768 });
    await showAtLargeText(page, `${server.url}/#/`, 'Nieuw contact registreren');
    const gaps = await page.evaluate(() => [...document.querySelectorAll('.ido-quickpicks > li')].map((item) => {
      const [place, button] = [item.getBoundingClientRect(), item.querySelector('button')!.getBoundingClientRect()];
      return { pick: item.textContent, width: Math.round(place.width - button.width), height: Math.round(place.height - button.height) };
    }));
    expect(gaps.length).toBeGreaterThan(1);
    for (const gap of gaps) expect(gap, gap.pick!).toMatchObject({ width: 0, height: 0 });
    const bar = await page.evaluate(() => [...document.querySelectorAll('.ido-savebar .utrecht-button')].map((b) => Math.round(b.getBoundingClientRect().width)));
    expect(bar).toHaveLength(2);
    expect(bar[0]).toBe(bar[1]);
    await page.screenshot({ path: `${SHOTS}/form-large-text-1024.png` });
  });

  it('frames a tile reached by keyboard so it shows on the white card, and no tile after a tap', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${server.url}/#/`);
    await page.reload(); // the normal text size again
    await page.getByRole('heading', { name: 'Nieuw contact registreren', level: 1 }).waitFor();
    const noord = page.getByRole('radio', { name: 'Bibliotheek Noord' });
    await noord.check();
    expect(await noord.evaluate((input) => getComputedStyle(input.closest('.ido-tile')!).outlineStyle)).toBe('none');
    // by keyboard: from the last quick pick, Tab goes to the location's choice
    await page.getByRole('button', { name: 'MijnOverheid en Berichtenbox – uitgelegd' }).focus();
    await page.keyboard.press('Tab');
    const tile = await page.evaluate(() => document.activeElement?.closest('.ido-tile')?.textContent);
    expect(tile).toBe('Bibliotheek Noord');
    const frame = await page.evaluate(() => document.activeElement!.closest('.ido-tile')!.outerHTML);
    const contrast = await page.locator('.ido-tile', { hasText: 'Bibliotheek Noord' }).evaluate(outlineContrast);
    expect(contrast.style, frame).toBe('solid');
    expect(contrast.ratio).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `${SHOTS}/tile-focus-768.png` });
  });

  it('puts a kaart entry\'s value on the line of its name, also when the value is a phone link', async () => {
    await page.goto(`${server.url}/#/kaart`);
    await page.getByLabel('Zoek hulp').fill('toeslag');
    await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toMatch(/resultaten?$/);
    await page.locator('#kaart-results a', { hasText: 'Dienst Toeslagen' }).click();
    await page.locator('dl.ido-facts a[href^="tel:"]').waitFor();
    const lines = await page.evaluate(() => [...document.querySelectorAll('dl.ido-facts dt')].map((name) => {
      const firstLine = (element: Element) => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        let text = walker.nextNode();
        while (text && !text.textContent!.trim()) text = walker.nextNode();
        const range = document.createRange();
        range.selectNodeContents(text!);
        return range.getClientRects()[0].bottom;
      };
      return { name: name.textContent, apart: Math.round(Math.abs(firstLine(name) - firstLine(name.nextElementSibling!))) };
    }));
    expect(lines.map((line) => line.name)).toContain('Telefoon');
    for (const line of lines) expect(line, line.name!).toMatchObject({ apart: 0 });
    await page.screenshot({ path: `${SHOTS}/kaart-entry-768.png` });

    // "Klopt niet": the thanks, the open report and the entry's card each apart (they stood against each other).
    await page.getByRole('button', { name: 'Klopt niet' }).click();
    await page.getByLabel('Wat klopt er niet?').fill('De openingstijden zijn veranderd.');
    await page.getByRole('button', { name: 'Melden aan de coördinator' }).click();
    await page.locator('#service-open-reports').waitFor();
    const gaps = await page.evaluate(() => [...document.querySelectorAll('article .utrecht-alert')].map((alert) =>
      Math.round(alert.nextElementSibling!.getBoundingClientRect().top - alert.getBoundingClientRect().bottom)));
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(8);
  });

  it('draws every form\'s error summary alike: links as tap targets, apart from the card below it', async () => {
    // The contact form's and the group form's summary had their own rules (by id); the kaart's "Nieuwe dienst" listed its
    // problems as links 19 px high in the browser's own blue, and each summary stood against the card below it.
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const trial = await openControlled(context, server.url); // not linked: the kaart may be edited ("Nu niet")
    for (const [hash, heading] of [['#/kaart/nieuw', 'Nieuwe dienst'], ['#/', 'Nieuw contact registreren']] as const) {
      await trial.goto(`${server.url}/${hash}`);
      await trial.getByRole('heading', { name: heading, level: 1 }).waitFor();
      if (hash === '#/') await trial.getByRole('radio', { name: 'Digitale overheid' }).check(); // a fresh form's Opslaan does nothing
      await trial.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await trial.locator('[id$="error-summary"] a').first().waitFor();
      const summary = await trial.evaluate(() => {
        const box = document.querySelector('[id$="error-summary"]')!;
        return {
          linkHeights: [...box.querySelectorAll('a')].map((link) => Math.round(link.getBoundingClientRect().height)),
          apart: Math.round(box.nextElementSibling!.getBoundingClientRect().top - box.getBoundingClientRect().bottom),
        };
      });
      expect(summary.linkHeights.length, hash).toBeGreaterThan(0);
      for (const height of summary.linkHeights) expect(height, hash).toBeGreaterThanOrEqual(44);
      expect(summary.apart, hash).toBeGreaterThanOrEqual(16);
      await trial.screenshot({ path: `${SHOTS}/error-summary-${hash.replace(/\W+/g, '-')}768.png` });
    }
    await context.close();
  });

  it('breaks no word of Overzicht\'s tables at 200 % text on a landscape tablet: one table under the other', async () => {
    // Two columns of tables from 1000 px: at 200 % text, 1024 px is 32em, and "Contacten" broke into "Contac" and "ten".
    await page.setViewportSize({ width: 1024, height: 768 });
    await showAtLargeText(page, `${server.url}/#/overzicht`, 'Overzicht van deze tablet');
    await page.locator('#t-topics').waitFor();
    const broken = await page.evaluate(() => {
      const found: string[] = [];
      for (const cell of document.querySelectorAll('table.ido-table th, table.ido-table td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
          for (const word of text.textContent!.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(text, word.index);
            range.setEnd(text, word.index + word[0].length);
            if (range.getClientRects().length > 1) found.push(word[0]);
          }
        }
      }
      return found;
    });
    expect(broken).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/overzicht-large-text-1024.png` });
    await page.reload(); // the normal text size again
  });

  it('keeps Overzicht\'s count columns in one place from table to table, and the day list\'s group sessions apart from its contacts', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${server.url}/#/overzicht`);
    await page.locator('#t-topics').waitFor();
    const columns = await page.evaluate(() => [...document.querySelectorAll('table.ido-table thead tr')].map((row) =>
      [...row.querySelectorAll('th')].slice(1).map((cell) => Math.round(cell.getBoundingClientRect().left)).join(' ')));
    expect(columns.length).toBeGreaterThan(3);
    expect(new Set(columns)).toEqual(new Set([columns[0]]));
    await page.screenshot({ path: `${SHOTS}/overzicht-768.png`, fullPage: true });

    await page.goto(`${server.url}/#/vandaag`);
    await page.locator('#group-list-heading').waitFor();
    const apart = await page.evaluate(() => document.querySelector('#group-list-heading')!.getBoundingClientRect().top - document.querySelector('#list-heading ~ ul.ido-list')!.getBoundingClientRect().bottom);
    expect(apart).toBeGreaterThanOrEqual(16);

    // "Weet u het zeker?" with its two answers together ("Nee, bewaren" wrapped to a line of its own at 768 px)
    await page.getByRole('button', { name: /^Verwijderen/ }).first().click();
    const answers = await Promise.all(['Ja, verwijderen', 'Nee, bewaren'].map((name) => page.getByRole('button', { name }).evaluate((b) => Math.round(b.getBoundingClientRect().top))));
    expect(answers[0]).toBe(answers[1]);
    await page.screenshot({ path: `${SHOTS}/vandaag-confirm-768.png` });
    await page.getByRole('button', { name: 'Nee, bewaren' }).click();
  });

  it('keeps "Zelfde als vorige" off the quick picks, and a refused contact\'s message off its buttons', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${server.url}/#/`);
    await page.getByRole('heading', { name: 'Nieuw contact registreren', level: 1 }).waitFor();
    const picksApart = await page.evaluate(() => document.querySelector('.ido-quickpicks')!.getBoundingClientRect().top
      - document.querySelector('#quickpicks-heading')!.parentElement!.getBoundingClientRect().bottom);
    expect(picksApart).toBeGreaterThanOrEqual(8);

    // The server refuses the next contact (as it does one whose id another tablet holds).
    await page.context().route('**/api/v1/batches', async (route) => {
      const batch = JSON.parse(route.request().postData() ?? '{}') as { batchId: string; records: Array<{ id: string }> };
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
        batchId: batch.batchId, serverTime: new Date().toISOString(),
        results: batch.records.map((r) => ({ id: r.id, status: 'rejected', code: 'id_in_use', message: 'Deze registratie hoort bij een andere tablet.' })),
      }) });
    });
    try {
      await registerTwoQuestions(page);
      await page.goto(`${server.url}/#/vandaag`);
      const refused = page.locator('.ido-list__item', { hasText: 'Actie nodig' });
      await expect.poll(() => refused.count(), { timeout: 60_000, interval: 250 }).toBe(1);
      const apart = await refused.evaluate((item) => item.querySelector('.ido-row')!.getBoundingClientRect().top - item.querySelector('.utrecht-alert')!.getBoundingClientRect().bottom);
      expect(apart).toBeGreaterThanOrEqual(8);
      await page.screenshot({ path: `${SHOTS}/vandaag-refused-768.png` });
      // Instellingen counts it as not sent, as the noodexport does (it said "Nog te versturen: 0" beside "opslaan (1)").
      await page.goto(`${server.url}/#/instellingen`);
      await expect.poll(() => page.locator('#settings-unsent').innerText()).toBe('1 met een probleem (zie Vandaag)');
      expect(await page.getByRole('button', { name: 'Niet verstuurde registraties opslaan (1)' }).count()).toBe(1);
    } finally {
      await page.context().unroute('**/api/v1/batches');
    }
  });

  it('keeps the status line whole beside "Nu versturen" at 768 px, and the button where it is when a tap makes it "Versturen…"', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    // The server out of reach ('fail': the contact waits, the bar offers "Nu versturen"); then every send held ('hold':
    // the tap's, and any the app or its service worker makes meanwhile) until they all go on ('pass').
    let mode: 'fail' | 'hold' | 'pass' = 'fail';
    const held: Array<() => void> = [];
    const release = () => { mode = 'pass'; for (const go of held.splice(0)) go(); };
    await page.context().route('**/api/v1/batches', async (route) => {
      if (mode === 'fail') return route.abort('failed');
      if (mode === 'hold') await new Promise<void>((resolve) => { held.push(resolve); });
      // a held send the app gave up on meanwhile (its own timeout) is no longer there to go on
      return route.continue().catch(() => undefined);
    });
    try {
      await page.goto(`${server.url}/#/`);
      await registerTwoQuestions(page);
      const button = page.locator('#sync-status').getByRole('button', { name: 'Nu versturen' });
      await button.waitFor();
      await expect.poll(() => page.locator('#sync-status-line').innerText()).toMatch(/^1 nog te versturen · 1 heeft aandacht nodig · laatst verstuurd \d{2}:\d{2}$/);
      // the whole line is seen: no ellipsis (the action's column of 17rem cut it to "laatst verstuur…")
      // (the line wraps within its two lines' place, then ends in "…": so both its width and its height)
      expect(await page.locator('#sync-status .ido-statusbar__line').first().evaluate((line) => line.scrollWidth <= line.clientWidth && line.scrollHeight <= line.clientHeight)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/statusbar-768.png`, clip: { x: 0, y: 0, width: 768, height: 240 } });
      const before = await button.boundingBox();
      mode = 'hold';
      await button.click();
      const busy = page.locator('#sync-status').getByRole('button', { name: 'Versturen…' });
      await busy.waitFor();
      expect(await busy.boundingBox()).toEqual(before);
      await expect.poll(() => held.length).toBeGreaterThan(0);
      release();
      await expect.poll(() => page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/^1 heeft aandacht nodig · laatst verstuurd/);
    } finally {
      release();
      await page.context().unroute('**/api/v1/batches');
    }
  });
});
