import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkLaptopPage, signInWithToken } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';
import { serviceDocument } from '../unit/fixtures/hsds-published';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const SHOTS = '.tmp/screenshots/beheer';

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  const seeding = await startServer(inject('e2eDist'));
  await seeding.stop({ keepData: true });
  coordinatorToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  server = await startServer(inject('e2eDist'), {}, seeding.dataDir);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('beheer: Sociale kaart importeren en exporteren', () => {
  it('a coordinator checks an HSDS file, imports it, and downloads the kaart as HSDS 3.0 JSON and CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer`, coordinatorToken);
    await page.getByRole('heading', { name: /^Beheer: /, level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Sociale kaart', exact: true }).click();
    await page.getByRole('heading', { name: 'Sociale kaart importeren', level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/beheer/${DEMO_ORGANISATION}/kaart`);

    // Nothing chosen: nothing to check or import.
    expect(await page.getByRole('button', { name: 'Controleren' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Importeren' }).isDisabled()).toBe(true);
    await checkLaptopPage(page, 'sociale-kaart', SHOTS);

    // A file the tablet's reader refuses is refused here too, before any request.
    await page.getByLabel('Bestand of bestanden').setInputFiles({ name: 'kaart.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') });
    await page.getByText(/kaart\.xlsx is geen \.json- of \.csv-bestand/).waitFor();

    const wrong = serviceDocument();
    ((wrong.service_at_locations as Array<{ location: Record<string, unknown> }>)[0].location).latitude = 100;
    await page.getByLabel('Bestand of bestanden').setInputFiles({ name: 'regio.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrong)) });
    await page.getByText('Gekozen: regio.json (HSDS JSON).').waitFor();
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.locator('#kaart-import-preview').getByText(/^Zo wordt niets geïmporteerd: het bestand heeft 1 fout\./).waitFor();
    expect(await page.locator('#kaart-import-preview').getByText(/latitude/).count()).toBeGreaterThan(0);
    // the location's postal address is a warning beside the error: told, and not what stops the import
    await page.locator('#kaart-import-preview').getByRole('heading', { name: 'Wordt niet overgenomen (1)' }).waitFor();
    expect(await page.locator('#kaart-import-preview').innerText()).toContain('Niet overgenomen: het postadres "Postbus 100".');
    expect(await page.getByRole('button', { name: 'Importeren' }).isDisabled()).toBe(true);
    await checkLaptopPage(page, 'sociale-kaart-fouten', SHOTS);

    // "Foute waarden overslaan": the check passes, the import writes, the latitude stays out.
    await page.getByLabel('Foute waarden overslaan').check();
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.locator('#kaart-import-preview').getByText(/^Controle: het bestand kan worden geïmporteerd/).waitFor();
    await page.getByRole('button', { name: 'Importeren' }).click();
    await page.locator('#kaart-import-result').getByText(/^Geïmporteerd: \d+ nieuw/).waitFor();
    expect(await page.locator('#kaart-import-preview').count()).toBe(0);
    await checkLaptopPage(page, 'sociale-kaart-resultaat', SHOTS);

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HSDS 3.0 JSON downloaden' }).click()]);
    expect(json.suggestedFilename()).toMatch(/^sociale-kaart-hsds-3\.0-\d{4}-\d{2}-\d{2}\.json$/);
    expect(readFileSync((await json.path())!, 'utf8')).toContain('Schuldhulp Spreekuur (voorbeeld)');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HSDS 3.0 CSV (zip) downloaden' }).click()]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    expect(readFileSync((await zip.path())!).subarray(0, 2).toString()).toBe('PK');
    await context.close();
  });
});
