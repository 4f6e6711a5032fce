import { mkdirSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, openControlled } from './app';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './server';

const SHOTS = '.tmp/screenshots';
/** Informatiepunt Digitale Overheid of the demo kaart: open Monday and Wednesday 10–12, Thursday 13:30–16. */
const SERVICE = '062bb180-1adf-5298-82c5-2a9199e5212b';
const TUESDAY = '2026-11-24T10:30';
/** Points (1/72 inch) per millimetre: the unit of a PDF page's size. */
const PT_PER_MM = 72 / 25.4;

/** What the stand-in share sheet keeps of one `navigator.share` call. */
interface SharedSlip { title: string; text: string; files: Array<{ name: string; type: string; signature: number[] }> }

let browser: Browser;
let server: RunningServer;
let context: BrowserContext;
let page: Page;

/** The text and the page size of a PDF's first page. */
async function pdfFirstPage(bytes: Buffer): Promise<{ text: string; widthMm: number; heightMm: number; pages: number }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const first = await pdf.getPage(1);
  const content = await first.getTextContent();
  const [x0, y0, x1, y1] = first.view;
  const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ');
  const pages = pdf.numPages;
  await pdf.destroy();
  return { text, widthMm: (x1 - x0) / PT_PER_MM, heightMm: (y1 - y0) / PT_PER_MM, pages };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  server = await startServer(inject('e2eDist'));
  context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  page = await openControlled(context, server.url);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('the handover slip (verwijsbriefje)', () => {
  it('opens from a kaart entry in large type, with the partner, address, opening hours and phone, and no accessibility problems', async () => {
    await page.goto(`${server.url}/#/kaart/dienst/${SERVICE}?nu=${TUESDAY}`);
    await page.getByRole('heading', { name: 'Informatiepunt Digitale Overheid', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Verwijsbriefje: afdrukken of delen' }).click();
    await page.getByRole('heading', { name: /Ga naar: Informatiepunt Digitale Overheid/, level: 1 }).waitFor();
    const hours = await page.locator('#slip-hours').innerText();
    expect(hours).toMatch(/maandag.*woensdag.*10:00/i);
    expect(hours).toMatch(/donderdag.*13:30/i);
    const text = await page.locator('.ido-slip').innerText();
    expect(text).toMatch(/Adres/);
    expect(text).toMatch(/Telefoon: /);
    expect(text).toContain('Op feestdagen gesloten.');
    // large type: the slip's body text is at least 24 px on the tablet
    expect(await page.locator('.ido-slip__text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(24);
    await page.screenshot({ path: `${SHOTS}/handover-slip-768x1024.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('carries the question as the topic label from the code list and ignores anything else in the address', async () => {
    await page.goto(`${server.url}/#/kaart/dienst/${SERVICE}/afdruk?onderwerp=digid,Jan%20Jansen,0612345678&digid=aanvragen&nu=${TUESDAY}`);
    await expect.poll(() => page.locator('#slip-question').innerText()).toBe('Hulp bij: DigiD aanvragen');
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('Jan Jansen');
    expect(text).not.toContain('0612345678');
  });

  it('prints on A5 with the partner\'s hours, and on an 80 mm receipt printer', async () => {
    await page.goto(`${server.url}/#/kaart/dienst/${SERVICE}/afdruk?onderwerp=digid&nu=${TUESDAY}`);
    await page.locator('#slip-hours').waitFor();
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${SHOTS}/handover-slip-print.png`, fullPage: true });
    await page.emulateMedia({ media: null }); // back to the default: page.pdf prints with print media

    const a5 = await pdfFirstPage(await page.pdf({ format: 'A5' }));
    expect(a5.text).toContain('Informatiepunt Digitale Overheid');
    expect(a5.text).toMatch(/maandag.*10:00/i);
    expect(a5.text).toMatch(/donderdag.*13:30/i);
    expect(a5.text).not.toContain('Afdrukken of opslaan als PDF'); // the buttons stay off paper
    // what to bring from the Snelwijzer card of the question's topic (DigiD), as plain lines
    expect(a5.text).toContain('Neem mee');
    expect(a5.text).toContain('Burgerservicenummer (staat op paspoort of ID-kaart)');
    // the page's own @page rule: A5 (148 × 210 mm) without the receipt toggle
    const own = await pdfFirstPage(await page.pdf({ preferCSSPageSize: true }));
    expect(own.pages, 'the slip fits one A5 sheet').toBe(1);
    expect(own.text).toContain('Postcode en huisnummer van het woonadres');
    expect(Math.round(own.widthMm)).toBe(148);
    expect(Math.round(own.heightMm)).toBe(210);

    await page.getByLabel('Bonprinter (smal)').check();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('ido-receipt'))).toBe(true);
    const receipt = await pdfFirstPage(await page.pdf({ preferCSSPageSize: true }));
    expect(Math.round(receipt.widthMm)).toBe(80);
    expect(receipt.text).toMatch(/donderdag.*13:30/i);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${SHOTS}/handover-slip-receipt-print.png`, fullPage: true });
    await page.emulateMedia({ media: null }); // back to the default: page.pdf prints with print media
    // the printer is the tablet's: the choice is still there for the next slip
    await page.reload();
    await expect.poll(() => page.getByLabel('Bonprinter (smal)').isChecked()).toBe(true);
    await page.getByLabel('Bonprinter (smal)').uncheck();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('ido-receipt'))).toBe(false);
  });

  it('opens from a referral in the registration form with the topic codes only, and keeps the form', async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByRole('button', { name: 'Toeslagen – doorverwezen' }).click();
    await page.getByRole('radio', { name: /^Extern/ }).check();
    await page.getByRole('radio', { name: 'Dienst Toeslagen: hulp bij toeslagen' }).check();
    const link = page.getByRole('link', { name: /Verwijsbriefje voor de bezoeker/ });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^#\/kaart\/dienst\/[0-9a-f-]{36}\/afdruk\?onderwerp=toeslagen$/);
    expect(await link.getAttribute('target')).toBe('_blank');
    const slip = await context.newPage();
    await slip.goto(`${server.url}/${href}`);
    await expect.poll(() => slip.locator('#slip-question').innerText()).toBe('Hulp bij: Toeslagen');
    await slip.getByRole('heading', { name: /Ga naar: Dienst Toeslagen/, level: 1 }).waitFor();
    await slip.close();
    expect(await page.getByRole('radio', { name: 'Dienst Toeslagen: hulp bij toeslagen' }).isChecked()).toBe(true);
  });

  it('shares the slip to a phone as a picture and as text, with the hours and nothing from the address bar', async () => {
    // Chromium on Linux has no share sheet: this stands in for the operating system's sheet and keeps what it was given.
    const sharing = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    await sharing.addInitScript(() => {
      const shared: unknown[] = [];
      Object.assign(window, { shared });
      Object.defineProperty(Navigator.prototype, 'canShare', { configurable: true, value: (data: ShareData) => (data.files ?? []).every((f) => f.type === 'image/png') });
      Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: async (data: ShareData) => {
        const files = await Promise.all((data.files ?? []).map(async (f) => ({ name: f.name, type: f.type, signature: [...new Uint8Array(await f.slice(0, 4).arrayBuffer())] })));
        shared.push({ title: data.title, text: data.text, files });
      } });
    });
    const phone = await openControlled(sharing, server.url);
    try {
      await phone.goto(`${server.url}/#/kaart/dienst/${SERVICE}/afdruk?onderwerp=digid&digid=aanvragen&naam=Jan%20Jansen&nu=${TUESDAY}`);
      await phone.getByRole('button', { name: 'Delen met de telefoon van de bezoeker' }).click();
      const firstShare = () => phone.evaluate(() => (window as unknown as { shared: SharedSlip[] }).shared[0]);
      await expect.poll(firstShare).toBeDefined();
      const shared = (await firstShare())!;
      expect(shared.title).toBe('Informatiepunt Digitale Overheid');
      expect(shared.text).toMatch(/^Hulp bij: DigiD aanvragen/);
      expect(shared.text).toMatch(/Donderdag 13:30/);
      expect(shared.text).not.toContain('Jan');
      expect(shared.files).toEqual([{ name: 'verwijsbriefje.png', type: 'image/png', signature: [0x89, 0x50, 0x4e, 0x47] }]);
    } finally {
      await sharing.close();
    }
  });

  it('still opens offline, from the service worker and the kaart on the tablet', async () => {
    await context.setOffline(true);
    try {
      await page.goto(`${server.url}/#/kaart/dienst/${SERVICE}/afdruk?onderwerp=toeslagen&nu=${TUESDAY}`);
      await page.reload();
      await page.getByRole('heading', { name: /Ga naar: Informatiepunt Digitale Overheid/, level: 1 }).waitFor();
      await expect.poll(() => page.locator('#slip-question').innerText()).toBe('Hulp bij: Toeslagen');
      expect(await page.locator('#slip-hours').innerText()).toMatch(/donderdag.*13:30/i);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
  });
});
