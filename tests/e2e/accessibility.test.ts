import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, openControlled, registerContacts, registerTwoQuestions, smallTapTargets, textPastPadding } from './app';
import { chromiumAndServer } from './chromium-and-server';
import type { RunningServer } from './server';

let browser: Browser;
let server: RunningServer;
let context: BrowserContext;
let page: Page;

const VIEWPORTS = [
  { name: 'landscape', width: 1024, height: 768 },
  { name: 'portrait', width: 768, height: 1024 },
  { name: 'wide', width: 1280, height: 800 },
];

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(async () => {
  context = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  page = await openControlled(context, server.url);
  await registerTwoQuestions(page);
});

async function show(hash: string, heading: string) {
  await page.goto(`${server.url}/${hash}`);
  await page.reload();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

describe('accessibility', () => {
  it('is Dutch: lang="nl" on the document and a Dutch manifest', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as { icons: Array<{ sizes: string; purpose?: string }> };
    expect(manifest).toMatchObject({ lang: 'nl', display: 'standalone', name: 'IDO Onderweg', theme_color: expect.any(String) });
    expect(manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`)).toEqual(['192x192', '512x512', '512x512 maskable']);
  });

  for (const [hash, heading, prepare] of [
    ['#/', 'Nieuw contact registreren', async () => {
      // with the conditional fields and an error summary open, from an empty form: the reload brought back
      // the half-filled form of the previous viewport (the draft is kept across reloads)
      const clear = page.getByRole('button', { name: 'Formulier leegmaken' });
      if (await clear.isEnabled()) await clear.click();
      await page.getByRole('button', { name: 'Toeslagen – doorverwezen' }).click();
      await page.getByRole('radio', { name: /^Warm/ }).check();
      await page.getByRole('button', { name: 'Nog een vraag toevoegen' }).click();
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.locator('#error-summary').waitFor();
    }],
    ['#/vandaag', 'Vandaag', async () => {}],
    ['#/groep', 'Groepsbijeenkomst registreren', async () => {
      // every field with its error
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.locator('#group-error-summary').waitFor();
    }],
    ['#/instellingen', 'Instellingen', async () => {}],
    ['#/kaart', 'Sociale kaart', async () => {
      await page.getByLabel('Zoek hulp').fill('schulden');
      await expect.poll(() => page.locator('#kaart-results li').count()).toBeGreaterThan(0);
      await page.getByText('Meer filters en thema’s').click();
    }],
    ['#/overzicht', 'Overzicht van deze tablet', async () => {
      // the contact with two questions registered in beforeAll, counted offline from Dexie
      await expect.poll(() => page.locator('#overview-questions').innerText()).toBe('2');
    }],
  ] as const) {
    it(`has no axe-core violations and no tap target under 44 px on ${heading}`, async () => {
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        await show(hash, heading);
        await prepare();
        expect(await axeViolations(page), `${heading} at ${viewport.name}`).toEqual([]);
        expect(await smallTapTargets(page), `${heading} at ${viewport.name}`).toEqual([]);
        expect(await textPastPadding(page), `${heading} at ${viewport.name}`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `horizontal scroll at ${viewport.width}px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `.tmp/screenshots/${hash.replace(/[#/]/g, '') || 'form'}-${viewport.width}x${viewport.height}.png` });
      }
    });
  }

  it('can be used with the keyboard: skip link, visible focus, Enter to save', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await show('#/', 'Nieuw contact registreren');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Naar de inhoud');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('frames the focus so it stands out on a white card: the kaart\'s "Meer filters en thema’s" by keyboard', async () => {
    await page.setViewportSize(VIEWPORTS[1]);
    await show('#/kaart', 'Sociale kaart');
    const summary = page.locator('.ido-more-filters > summary');
    // by keyboard: from the search field, Tab until the summary has the focus (the open-now choice lies between)
    await page.getByLabel('Zoek hulp').focus();
    for (let i = 0; i < 10 && !(await summary.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    // The frame's colour against the card behind it: a focus frame needs 3:1 (the yellow alone read 1.7:1 on white).
    const contrast = await summary.evaluate((el) => {
      const rgb = (colour: string) => (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const luminance = (colour: string) => {
        const [r, g, b] = rgb(colour).map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      let behind = el.parentElement;
      while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
      const [a, b] = [luminance(getComputedStyle(el).outlineColor), luminance(getComputedStyle(behind ?? document.body).backgroundColor)];
      return { style: getComputedStyle(el).outlineStyle, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
    expect(contrast.style).toBe('solid');
    expect(contrast.ratio).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: '.tmp/screenshots/kaart-focus-more-filters-768x1024.png' });
  });

  it('puts the focus on the new page\'s heading after a move, and leaves it in the search while staff type', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await show('#/', 'Nieuw contact registreren');
    const focused = () => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim()}`);
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    for (const [link, heading] of [['Vandaag', 'Vandaag'], ['Sociale kaart', 'Sociale kaart'], ['Overzicht', 'Overzicht van deze tablet'], ['Registreren', 'Nieuw contact registreren']] as const) {
      await menu.getByRole('link', { name: link }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expect.poll(focused, { message: `after the menu's ${link}` }).toBe(`H1 ${heading}`);
    }
    // A search changes the route's query only: the focus stays in the field, letter after letter.
    await menu.getByRole('link', { name: 'Sociale kaart' }).click();
    await expect.poll(focused).toBe('H1 Sociale kaart');
    await page.getByLabel('Zoek hulp').focus();
    await page.keyboard.type('schulden');
    await expect.poll(() => page.locator('#kaart-results li').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await page.getByLabel('Zoek hulp').getAttribute('id'));
    // A link inside a page (a service in the results) leads to its heading too, and Back to the kaart's.
    const service = page.locator('#kaart-results li a').first();
    const name = (await service.innerText()).trim();
    await service.focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe(`H1 ${name}`);
    await page.goBack();
    await expect.poll(focused).toBe('H1 Sociale kaart');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('cuts no text off at 200 % text size at 768 px: the status bar, the quick picks and the save bar grow with it', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    // The browser's text size at 200 % (a large system font does the same): 32 px where 16 px is the default.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    try {
      await show('#/', 'Nieuw contact registreren');
      const clear = page.getByRole('button', { name: 'Formulier leegmaken' });
      if (await clear.isEnabled()) await clear.click();
      await registerContacts(page, 1); // the status bar has its line, the save bar its message
      const cut = await page.evaluate(() => {
        const found: string[] = [];
        for (const box of document.querySelectorAll<HTMLElement>('.ido-statusbar, .ido-quickpicks, .ido-savebar')) {
          const outer = box.getBoundingClientRect();
          for (const element of [box, ...box.querySelectorAll<HTMLElement>('*')]) {
            if (element.closest('.ido-visually-hidden') || element.getClientRects().length === 0) continue;
            const style = getComputedStyle(element);
            const hides = [style.overflowX, style.overflowY].some((o) => o === 'hidden' || o === 'clip');
            const name = `${element.tagName.toLowerCase()} "${element.innerText.trim().slice(0, 50)}"`;
            if (hides && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)) found.push(`${name}: cut off`);
            const inner = element.getBoundingClientRect();
            if (inner.bottom > outer.bottom + 1 || inner.right > outer.right + 1) found.push(`${name}: outside its bar`);
          }
        }
        return found;
      });
      await page.screenshot({ path: '.tmp/screenshots/form-768x1024-text-200.png' });
      expect(cut).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    } finally {
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
      await cdp.detach();
    }
  });

  it('says "toegangscode" on every sign-in, as its field does, also when the code is wrong (never "token")', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    const said: string[] = [];
    for (const [hash, heading, typed] of [['#/dashboard', 'Dashboard', 'abcdefabcdefabcdefabcdef'], ['#/beheer', 'Beheer', 'abcdefabcdefabcdefabcdef'], ['#/beheer', 'Beheer', 'één code']] as const) {
      await show(hash, heading);
      await page.getByLabel('Toegangscode').fill(typed);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      const problem = page.getByRole('alert').or(page.locator('.utrecht-form-field-error-message')).first();
      await problem.waitFor();
      said.push(await page.locator('main').innerText());
    }
    expect(said.filter((text) => /token/i.test(text))).toEqual([]);
  });

  it('lists a refused kaart edit\'s problems as links to their fields, and reads them first', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await show('#/kaart/nieuw', 'Nieuwe dienst');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    const summary = page.locator('#svc-error-summary');
    await summary.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('svc-error-summary');
    const links = summary.getByRole('link');
    expect(await links.count()).toBeGreaterThan(0);
    for (const link of await links.all()) {
      const target = (await link.getAttribute('href'))!.slice(1);
      await link.focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id), await link.innerText()).toBe(target);
    }
    expect(await axeViolations(page)).toEqual([]);
  });

  it('reads out the status bar\'s words, not its links, buttons or progress (each save was read out three more times)', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await show('#/', 'Nieuw contact registreren');
    await expect.poll(() => page.locator('.ido-statusbar').innerText()).toContain('Tablet koppelen');
    const regions = await page.evaluate(() => [...document.querySelectorAll('.ido-statusbar[role="status"], .ido-statusbar[aria-live], .ido-statusbar [role="status"], .ido-statusbar [aria-live]')]
      .map((region) => ({ text: region.textContent ?? '', controls: region.querySelectorAll('a, button, progress, label').length })));
    expect(regions.some((region) => region.text.includes('tablet nog niet gekoppeld'))).toBe(true);
    expect(regions.filter((region) => region.controls > 0)).toEqual([]);
  });

  it('never tabs the focus behind the sticky save bar', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    // Without smooth scrolling (the NL Design System root style has it), so each focus has scrolled when it is measured.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await show('#/', 'Nieuw contact registreren');
    await page.evaluate(() => window.scrollTo(0, 0));
    // Tab through the whole form, as a keyboard user does: each control the focus lands on is above the bar.
    const hidden: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const place = await page.evaluate(() => {
        const focused = document.activeElement as HTMLElement | null;
        const bar = document.querySelector('.ido-savebar');
        if (!focused || !bar || bar.contains(focused) || !document.querySelector('main')!.contains(focused)) return undefined;
        const box = focused.getBoundingClientRect();
        return { name: focused.id || focused.textContent?.trim().slice(0, 40) || focused.tagName, below: box.bottom - bar.getBoundingClientRect().top };
      });
      if (place && place.below > 0) hidden.push(`${place.name}: ${Math.round(place.below)} px`);
    }
    await page.emulateMedia({ reducedMotion: null });
    expect(hidden).toEqual([]);
  });

  it('keeps a focused primary button readable (its text on the focus colour, not dark on blue)', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await show('#/', 'Nieuw contact registreren');
    const save = page.getByRole('button', { name: 'Opslaan', exact: true });
    await save.focus();
    const colours = await save.evaluate((button) => [getComputedStyle(button).color, getComputedStyle(button).backgroundColor]);
    expect(colours).toEqual(['rgb(26, 26, 26)', 'rgb(255, 182, 18)']);
    expect(await axeViolations(page)).toEqual([]);
    await save.blur();
  });
});
