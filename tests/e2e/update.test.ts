import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openControlled } from './app';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './server';

let browser: Browser;
let server: RunningServer;
let appDirectory: string;

beforeAll(async () => {
  // A copy of the build that this test can "deploy" a new version into.
  appDirectory = mkdtempSync(join(tmpdir(), 'ido-update-'));
  cpSync(inject('e2eDist'), appDirectory, { recursive: true });
  [browser, server] = await Promise.all([launchChromium(), startServer(appDirectory)]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(appDirectory, { recursive: true, force: true });
});

describe('an app update', () => {
  it('goes on without offline use, and logs why, when the browser does not register the service worker', async () => {
    // update.ts's workbox.register() rejected unobserved: with service workers blocked (Playwright's 'block' leaves
    // register() answering nothing), workbox-window throws reading the registration, an uncaught error in the page.
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', serviceWorkers: 'block' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    // Logged once, its kind and message only; nothing for staff to see, and the app works on (a contact is saved).
    await expect.poll(() => warnings.filter((text) => /^service worker TypeError: /.test(text)).length).toBe(1);
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'DigiD activeren' }).check();
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    expect(warnings.filter((text) => /^service worker /.test(text))).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('waits for a tap, and never reloads over a half-filled form', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL' });
    const page = await openControlled(context, server.url);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const stillSameDocument = () => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

    // Deploy a new version: a changed service worker, then the browser checks for it.
    appendFileSync(join(appDirectory, 'sw.js'), '\n// version 2\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const update = page.getByRole('button', { name: 'Nieuwe versie beschikbaar – bijwerken' });
    await update.waitFor({ timeout: 30_000 });

    // Half-filled form: the tap does not reload, and says what to do.
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await update.click();
    await page.getByText('Sla eerst de registratie op of maak het formulier leeg.').waitFor();
    await page.waitForTimeout(1_000);
    expect(await stillSameDocument()).toBe(true);
    expect(await page.locator('#f-questions-0-topics').getByRole('checkbox', { name: 'DigiD' }).isChecked()).toBe(true);
    await page.screenshot({ path: '.tmp/screenshots/update-banner-1024x768.png' });

    // Form empty: the tap updates and the new version loads.
    await page.getByRole('button', { name: 'Formulier leegmaken' }).click();
    await Promise.all([page.waitForEvent('load'), update.click()]);
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await stillSameDocument()).toBe(false);
    await expect.poll(() => page.getByRole('button', { name: 'Nieuwe versie beschikbaar – bijwerken' }).count()).toBe(0);
    await context.close();
  });
});
