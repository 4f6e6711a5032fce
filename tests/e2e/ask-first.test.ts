import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, fillGroupSession, openControlled, registerContacts } from './app';
import { chromiumAndServer } from './chromium-and-server';
import type { RunningServer } from './server';

let browser: Browser;
let server: RunningServer;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);

/**
 * Enter on an item's "Verwijderen": the question, with the focus on "Nee, bewaren" before the next key; a second Enter
 * keeps the item and gives the focus back to its "Verwijderen"; Shift+Tab to "Ja, verwijderen" and Enter delete it.
 */
async function deleteByKeyboard(page: Page, items: Locator, remove: RegExp): Promise<void> {
  const count = await items.count();
  await items.first().getByRole('button', { name: remove }).focus();
  const asked = (await focused(page))!;
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe('Nee, bewaren');
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe(asked);
  expect(await items.count()).toBe(count);

  // Twice Enter at once, as a hurried finger on a keyboard: the second answers "Nee", never "Ja".
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe(asked);
  expect(await items.count()).toBe(count);

  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toBe('Ja, verwijderen');
  await page.keyboard.press('Enter');
  await expect.poll(() => items.count()).toBe(count - 1);
}

describe('a delete in the day list asks first', () => {
  it('with the focus on "Nee, bewaren" at once, so a second Enter keeps the contact or the group session, and the focus back on "Verwijderen" after', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await context.setOffline(true);
    await registerContacts(page, 2);
    await page.goto(`${server.url}/#/groep`);
    for (const attendees of ['12', '9']) {
      await fillGroupSession(page, attendees);
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByText(`Opgeslagen: groepsbijeenkomst met ${attendees} deelnemers.`).waitFor();
    }
    await page.getByRole('link', { name: 'Naar de lijst van vandaag' }).click();
    const contacts = page.locator('section[aria-labelledby="list-heading"] > .ido-list > .ido-list__item');
    const sessions = page.locator('[data-group-session]');
    await expect.poll(() => contacts.count()).toBe(2);
    await expect.poll(() => sessions.count()).toBe(2);

    await deleteByKeyboard(page, contacts, /^Verwijderen: registratie/);
    await deleteByKeyboard(page, sessions, /^Verwijderen: /);
    await context.close();
  });
});
