import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, largeTextProblems, registerTwoQuestions, showAtLargeText, signInWithToken, textPastPadding } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import type { RunningServer } from './server';

// Large text: the browser's text size at 200 % (WCAG 1.4.4), or a large system font, on a tablet held either way. A data
// table may scroll in its own box; the page may not scroll sideways, and no box may cut its text off. The contact form's
// bars at 200 % have their own test (accessibility.test.ts).
const SHOTS = '.tmp/screenshots/large-text';
const VIEWPORTS = [{ width: 768, height: 1024 }, { width: 1024, height: 768 }];

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;
let nationalToken: string;

chromiumServerAndCoordinator((started, app, coordinator, national) => ([browser, server, coordinatorToken, nationalToken] = [started, app, coordinator, national]), { national: true });
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** Every page in `pages` at both viewports: nothing sideways, nothing cut off, no text past its button's padding. */
async function checkAtLargeText(page: Page, pages: ReadonlyArray<readonly [hash: string, heading: string | RegExp]>, name: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const [hash, heading] of pages) {
      await showAtLargeText(page, `${server.url}/${hash}`, heading);
      const where = `${hash} at ${viewport.width}px`;
      expect(await largeTextProblems(page), where).toEqual([]);
      expect(await textPastPadding(page), where).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/${name}-${hash.replace(/[#/?=]+/g, '-')}-${viewport.width}.png` });
    }
  }
}

describe('large text', () => {
  it('scrolls no page sideways and cuts no text off at 200 % text size, on every page of a tablet', async () => {
    // Instellingen's facts (a name column as wide as its longest name, beside "Voorbeeldbibliotheek") and Overzicht's
    // count tables ("Overheidsorganisaties", "Contacten" and "Vragen" side by side) made the page scroll sideways at 768 px.
    const context = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await enrollInApp(context, server.url, server.enrollmentCode!);
    await registerTwoQuestions(page);
    // a service of the kaart, as staff open it from a search
    await page.goto(`${server.url}/#/kaart`);
    await page.getByLabel('Zoek hulp').fill('toeslag');
    await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toMatch(/resultaten?$/);
    const service = (await page.locator('#kaart-results a').first().getAttribute('href'))!;
    await checkAtLargeText(page, [
      ['#/', 'Nieuw contact registreren'], ['#/vandaag', 'Vandaag'], ['#/groep', 'Groepsbijeenkomst registreren'],
      ['#/instellingen', 'Instellingen'], ['#/kaart', 'Sociale kaart'], [service, /./], ['#/kaart/nieuw', 'Dienst bewerken'],
      ['#/overzicht', 'Overzicht van deze tablet'], ['#/snelwijzer', 'Snelwijzer'],
    ], 'tablet');
    await context.close();
  });

  it('scrolls no page sideways and cuts no text off at 200 % text size, on the coordinator\'s and the national team\'s pages', async () => {
    const organisation = `#/beheer/${DEMO_ORGANISATION}`;
    for (const [token, pages, name] of [
      [coordinatorToken, [
        ...['locaties', 'codes', 'tablets', 'toegang', 'logboek', 'inbox', 'kaart', 'snelwijzer'].map((tab) => [`${organisation}/${tab}`, /^Beheer: /] as const),
        ['#/dashboard', 'Dashboard'], ['#/dashboard/uren', 'Uren en drukte'], ['#/jaarverslag', /^Jaarverslag IDO/],
      ], 'coordinator'],
      [nationalToken, [
        ...['organisaties', 'landelijk', 'logboek', 'inbox', 'kaart', 'snelwijzer'].map((tab) => [`#/beheer/${tab}`, /^Beheer: /] as const),
        ['#/dashboard', 'Dashboard'],
      ], 'national'],
    ] as const) {
      const context = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      const page = await context.newPage();
      await signInWithToken(page, `${server.url}/#/beheer`, token);
      // Signed in: "Beheer: …". The sign-in form's own heading "Beheer" let the checks start on the form while the token
      // was still being checked, and measure its field, where the long token runs on past the box as in any text box:
      // "input#beheer-token[type=password]: cut off" on Locaties at 768 px, three times in two sessions.
      await page.getByRole('heading', { name: /^Beheer: /, level: 1 }).waitFor();
      await checkAtLargeText(page, pages, name);
      await context.close();
    }
  });
});

describe('large text: the sign-in of Beheer and the reports', () => {
  // Checked at 200 % on 8 December 2026 (helper-111): it fitted, with nothing to fix. This keeps it so.
  it('shows the token field, its label, its message and "Inloggen" whole at 200 % text, at 768×1024 and 1280×800, nothing sideways', async () => {
    for (const viewport of [{ width: 768, height: 1024 }, { width: 1280, height: 800 }]) {
      for (const [hash, heading, field] of [['#/beheer', 'Beheer', 'beheer-token'], ['#/dashboard', 'Dashboard', 'report-token'], ['#/jaarverslag', 'Jaarverslag', 'annual-token']] as const) {
        // a laptop that never saw the app: the sign-in, as a coordinator or a municipality opens its link
        const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
        const page = await context.newPage();
        await showAtLargeText(page, `${server.url}/${hash}`, heading);
        const where = `${hash} at ${viewport.width}x${viewport.height}`;
        // the refusal of an empty field stands under the label, tied to the field
        await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
        await page.locator(`#${field}-error`).waitFor();
        // each whole in the width of the page, and the field as high as its text (a fixed height cuts large text off)
        const outside = await page.evaluate((id) => {
          const input = document.getElementById(id) as HTMLInputElement;
          const parts = { label: document.querySelector(`label[for="${id}"]`), field: input, message: document.getElementById(`${id}-error`), button: input.form?.querySelector('button[type="submit"]') };
          return Object.entries(parts).flatMap(([name, element]) => {
            if (!element) return [`${name}: missing`];
            const box = element.getBoundingClientRect();
            const fontSize = parseFloat(getComputedStyle(element).fontSize);
            return [
              ...(box.left < 0 || box.right > document.documentElement.clientWidth ? [`${name}: ${Math.round(box.left)}–${Math.round(box.right)}px`] : []),
              ...(box.height < fontSize ? [`${name}: ${Math.round(box.height)}px high for ${fontSize}px text`] : []),
            ];
          });
        }, field);
        expect(outside, where).toEqual([]);
        expect(await largeTextProblems(page), where).toEqual([]);
        expect(await textPastPadding(page), where).toEqual([]);
        expect(await axeViolations(page), where).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/inloggen-${heading.toLowerCase()}-${viewport.width}x${viewport.height}.png`, fullPage: true });
        await context.close();
      }
    }
  });
});
