import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, registerContacts, statusLine, tabletContext, topsOf, watchTop } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

// The tablet's status bar keeps a band of its own, so what it says never moves the form below it. At 200 % text (the
// browser's text size, or a large system font) the band must grow with the text, and still not with what it says.
const SHOTS = '.tmp/screenshots/status-bar-large-text';

let browser: Browser;
let server: RunningServer;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** The browser's text at 200 %: 32 px where 16 px is the default (Chromium keeps it until the next navigation). */
async function largeText(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  await cdp.detach();
  await page.waitForFunction(() => getComputedStyle(document.documentElement).fontSize === '32px');
}

/** The status bar's texts that do not fit their box, and the bar's height. */
const barState = (page: Page) => page.evaluate(() => {
  const bar = document.getElementById('sync-status')!;
  const cut = [bar, ...bar.querySelectorAll<HTMLElement>('*')].filter((element) => element.getClientRects().length > 0
    && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)
    && ['hidden', 'clip'].includes(getComputedStyle(element).overflowX))
    .map((element) => `${element.tagName.toLowerCase()} "${element.innerText.trim().slice(0, 60)}"`);
  const outside = [...bar.querySelectorAll<HTMLElement>('*')].filter((element) => element.getClientRects().length > 0
    && element.getBoundingClientRect().bottom > bar.getBoundingClientRect().bottom + 1)
    .map((element) => `${element.tagName.toLowerCase()} "${element.innerText.trim().slice(0, 60)}" below the bar`);
  return { height: Math.round(bar.getBoundingClientRect().height), problems: [...cut, ...outside] };
});

describe('the status bar at 200 % text', () => {
  it('shows all it says and keeps its band: the form does not move as the status changes', async () => {
    for (const viewport of [{ width: 768, height: 1024 }, { width: 1280, height: 800 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await tabletContext(browser, { viewport });
      const page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
      await expect.poll(() => statusLine(page), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
      await largeText(page);
      await context.setOffline(true);
      await registerContacts(page, 1);
      await expect.poll(() => statusLine(page)).toBe('1 nog te versturen');
      await page.evaluate(() => scrollTo(0, 0));
      const band = (await barState(page)).height;
      await watchTop(page, '#main h1');
      const states = [];
      await page.screenshot({ path: `${SHOTS}/1-te-versturen-${size}.png` });
      states.push(await barState(page));
      // A tap on "Nu versturen" with no network: the bar says why in its second line.
      await page.getByRole('button', { name: 'Nu versturen' }).click();
      await expect.poll(() => page.locator('#sync-note').textContent()).toBe('Geen internet. Alles blijft bewaard en gaat vanzelf.');
      await page.screenshot({ path: `${SHOTS}/geen-internet-${size}.png` });
      states.push(await barState(page));
      // Back online, the tablet sends by itself: the line changes, the note and the button go.
      await context.setOffline(false);
      await expect.poll(async () => {
        await page.evaluate(() => dispatchEvent(new Event('online')));
        return statusLine(page);
      }, { timeout: 30_000 }).toMatch(/^alles verstuurd · laatst verstuurd/);
      await page.screenshot({ path: `${SHOTS}/alles-verstuurd-${size}.png` });
      states.push(await barState(page));
      expect(await topsOf(page), size).toHaveLength(1);
      expect(states, size).toEqual(states.map(() => ({ height: band, problems: [] })));
      expect(await axeViolations(page), size).toEqual([]);
      await context.close();
    }
  });
});
