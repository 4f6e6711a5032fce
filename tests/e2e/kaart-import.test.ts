import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { importHsdsCsvPackage, type HsdsDocument } from '../../src/shared/kaart';
import { axeViolations, openControlled, readTablet, recordRenders, renders, smallTapTargets } from './app';
import { chromiumAndServer } from './chromium-and-server';
import type { RunningServer } from './server';
import { serviceDocument } from '../unit/fixtures/hsds-published';

let browser: Browser;
let server: RunningServer;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(async () => {
  mkdirSync('.tmp/screenshots', { recursive: true });
});

const NEW_SERVICE = 'Inloop formulierenhulp De Linde';
// The library's own spreadsheet as Dutch Excel saves it: a BOM, ";" between the cells.
// Row 4 has a theme that does not exist; row 5 is "Gemeente Rivierstad (voorbeeld)" at its demo postcode 4001 AA.
const SPREADSHEET = '\uFEFFOrganisatie;Dienst;Omschrijving;Adres;Postcode;Plaats;Telefoon;Openingstijden;Thema\r\n'
  + `Buurthuis De Linde;${NEW_SERVICE};Hulp bij brieven en formulieren, zonder afspraak.;Lindelaan 3;4002 AB;Rivierstad;0000-000 099;di 9:00-12:00;Geld en schulden\r\n`
  + 'Buurthuis De Linde;Koffieochtend;Samen koffie drinken.;Lindelaan 3;4002 AB;Rivierstad;;Alleen op afspraak;\r\n'
  + 'Stichting Sterrenkijken;Sterrenwacht;;Hemelweg 1;4002 CD;Rivierstad;;;Ruimtevaart\r\n'
  + 'Gemeente Rivierstad (voorbeeld);Energieloket;Advies over energie besparen.;Marktplein 1;4001 AA;Rivierstad;;;Wonen\r\n';

/** A tablet with the example kaart, reloaded with no network. */
async function offlineTablet(context: BrowserContext): Promise<Page> {
  const page = await openControlled(context, server.url);
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
  // The example kaart is on the tablet once the search finds one of its services.
  await page.getByRole('link', { name: 'Sociale kaart' }).click();
  await page.getByLabel('Zoek hulp').fill('Wmo-loket');
  await page.locator('#kaart-results').getByRole('link', { name: 'Wmo-loket' }).waitFor();
  await page.getByRole('link', { name: 'Importeren of exporteren' }).click();
  await page.getByRole('heading', { name: 'Kaart importeren of exporteren' }).waitFor();
  return page;
}

const newContext = () => browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });

describe('importing and exporting the sociale kaart', () => {
  it('imports a library spreadsheet offline after a preview with row errors and a duplicate, and exports it as HSDS JSON', async () => {
    const context = await newContext();
    const page = await offlineTablet(context);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    await page.setInputFiles('#import-file', { name: 'sociale kaart bibliotheek.csv', mimeType: 'text/csv', buffer: Buffer.from(SPREADSHEET, 'utf8') });
    await page.getByRole('heading', { name: 'Kolommen kiezen' }).waitFor();
    expect(await page.locator('section[aria-labelledby="import-columns-heading"]').innerText()).toContain('gescheiden door een puntkomma (;)');
    expect(await page.getByLabel('Postcode', { exact: true }).inputValue()).toBe('postal_code');
    const errors = page.locator('#import-errors');
    expect(await errors.innerText()).toContain('Rij 4: Kolom Thema: Dit thema bestaat niet.');
    expect(await page.locator('#import-warnings').innerText()).toContain('Rij 3: Kolom Openingstijden');
    const merge = page.getByRole('checkbox', { name: 'Samenvoegen met de bestaande Gemeente Rivierstad (voorbeeld)' });
    expect(await merge.isChecked()).toBe(false);
    expect(await page.locator('#import-merge-0').innerText()).toContain('Rij 5: Gemeente Rivierstad (voorbeeld)');
    const importButton = page.getByRole('button', { name: '3 diensten importeren' });
    expect(await importButton.isDisabled()).toBe(true);
    expect(await page.locator('#import-apply-reason').innerText()).toContain('Er is 1 rij met een fout.');

    // Changing the mapping runs it again: without a theme column, row 4 has no error left.
    await page.getByLabel('Thema', { exact: true }).selectOption('');
    await expect.poll(() => errors.count()).toBe(0);
    expect(await page.getByRole('button', { name: '4 diensten importeren' }).isDisabled()).toBe(false);
    await page.getByLabel('Thema', { exact: true }).selectOption('theme');
    await errors.waitFor();

    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/kaart-import-1024x768.png', fullPage: true });

    await page.getByRole('checkbox', { name: 'Rijen met fouten overslaan' }).check();
    // What the import did has the focus in the render that shows it (the button is gone), not on the page's body until
    // the next frame.
    await recordRenders(page, () => {
      const done = [...document.querySelectorAll('[tabindex="-1"]')].find((element) => element.textContent?.startsWith('Geïmporteerd:'));
      return done ? `done, focus on it: ${document.activeElement === done}` : 'not done';
    });
    await importButton.click();
    const done = page.getByText('Geïmporteerd: 3 diensten');
    await done.waitFor();
    expect((await renders(page)).find((state) => state !== 'not done')).toBe('done, focus on it: true');
    const organisations = await readTablet<{ name: string }[]>(page, { store: 'kaartOrganizations', read: 'rows' });
    expect(organisations?.filter((o) => o.name.startsWith('Gemeente Rivierstad'))).toHaveLength(2); // not merged: the import added a new organisation with the same name

    await page.getByRole('link', { name: 'Naar de sociale kaart' }).click();
    await page.getByLabel('Zoek hulp').fill(NEW_SERVICE);
    await page.locator('#kaart-results').getByRole('link', { name: NEW_SERVICE }).waitFor();

    await page.getByRole('link', { name: 'Importeren of exporteren' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporteren als HSDS JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sociale-kaart-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as HsdsDocument;
    expect(exported.hsds_version).toBe('3.0');
    const service = exported.services.find((s) => s.name === NEW_SERVICE);
    expect(service).toBeDefined();
    expect(exported.organizations.find((o) => o.id === service!.organization_id)?.name).toBe('Buurthuis De Linde');
    expect(exported.services.some((s) => s.name === 'Sterrenwacht')).toBe(false);
    expect(exported.organizations.some((o) => o.owner_organisation_id === null)).toBe(false); // national entries only when ticked
    // HSDS 3.0 as published: nested service documents, local extras under ido_ names
    const [published] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporteren voor andere sociale kaarten (HSDS 3.0)' }).click()]);
    expect(published.suggestedFilename()).toMatch(/^sociale-kaart-\d{4}-\d{2}-\d{2}\.hsds-3\.0\.json$/);
    const documents = JSON.parse(readFileSync((await published.path())!, 'utf8')) as { id: string; name: string; organization?: { name: string; ido_owner_organisation_id?: unknown } }[];
    const nested = documents.find((d) => d.id === service!.id);
    expect(nested).toMatchObject({ name: NEW_SERVICE, organization: { name: 'Buurthuis De Linde' } });
    expect(documents.some((d) => d.organization?.ido_owner_organisation_id === null)).toBe(false);
    await context.close();
  });

  it('exports the HSDS CSV package as nine files, and reading them back finds nothing new to import', async () => {
    const context = await newContext();
    const page = await offlineTablet(context);
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));

    await page.getByRole('button', { name: 'Exporteren als HSDS CSV-pakket' }).click();
    await expect.poll(() => downloads.length, { timeout: 15_000 }).toBe(9);
    await page.getByText('in 9 bestanden').waitFor();
    const files = Object.fromEntries(await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), readFileSync((await d.path())!, 'utf8')] as const)));
    expect(Object.keys(files).sort()).toContain('datapackage.json');
    const read = importHsdsCsvPackage(files);
    expect(read.errors).toEqual([]);
    expect(read.records.service.some((s) => s.name === 'Wmo-loket')).toBe(true);

    await page.setInputFiles('#import-file', Object.entries(files).map(([name, content]) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'text/csv', buffer: Buffer.from(content) })));
    await page.getByRole('heading', { name: 'Wat er in het bestand staat' }).waitFor();
    // the tablet's own kaart again: nothing to write, and it says what each part is (import-reason.ts)
    expect(await page.locator('#import-apply-reason').innerText()).toMatch(/^Er is niets om te importeren: [\d.]+ gegevens staan al zo op deze tablet/);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/kaart-import-hsds-1024x768.png', fullPage: true });
    await context.close();
  });

  it('imports a published HSDS 3.0 service document: a wrong value blocks "alles of niets", the tick imports it without that value, search finds its keyword', async () => {
    const context = await newContext();
    const page = await offlineTablet(context);
    const document = serviceDocument() as Record<string, any>;
    document.service_at_locations[0].location.latitude = 100;
    await page.setInputFiles('#import-file', { name: 'dienst-hsds.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) });
    await page.getByRole('heading', { name: 'Waarden die niet kloppen' }).waitFor();
    expect(await page.locator('#import-warnings').innerText()).toContain('De breedtegraad is niet overgenomen ("100")');
    expect(await page.locator('#import-apply-reason').innerText()).toContain('Gegevens met fouten overslaan');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('checkbox', { name: 'Gegevens met fouten overslaan' }).check();
    await page.getByRole('button', { name: /importeren$/ }).click();
    await page.getByRole('link', { name: 'Naar de sociale kaart' }).click();
    await page.getByLabel('Zoek hulp').fill('Koffie-inloop');
    await page.locator('#kaart-results').getByRole('link', { name: 'Schuldhulp Spreekuur (voorbeeld)' }).waitFor();
    await context.close();
  });

  it('tells under "Let op" what the kaart does not take (a location\'s postal address) and imports without a tick', async () => {
    const context = await newContext();
    const page = await offlineTablet(context);
    // the published document as it is: its location has a postal and a physical address
    await page.setInputFiles('#import-file', { name: 'dienst-hsds.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(serviceDocument())) });
    await page.getByRole('heading', { name: 'Let op' }).waitFor();
    const notices = page.locator('#import-notices');
    expect(await notices.innerText()).toContain('Dit neemt de kaart niet over. De rest van deze gegevens wordt wel geïmporteerd; u hoeft niets aan te vinken.');
    expect(await notices.innerText()).toContain('Locatie "Bibliotheek Rivierstad (voorbeeld)": de kaart houdt één adres per locatie. Overgenomen: het bezoekadres. Niet overgenomen: het postadres "Postbus 100".');
    expect(await notices.getByRole('cell', { name: 'adressen', exact: true }).count()).toBe(1);
    expect(await page.locator('#import-errors, #import-warnings, #import-apply-reason').count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: 'Gegevens met fouten overslaan' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/kaart-import-notices-1024x768.png', fullPage: true });
    await page.getByRole('button', { name: '1 dienst importeren' }).click();
    await page.getByRole('link', { name: 'Naar de sociale kaart' }).click();
    await page.getByLabel('Zoek hulp').fill('Schuldhulp Spreekuur');
    await page.locator('#kaart-results').getByRole('link', { name: 'Schuldhulp Spreekuur (voorbeeld)' }).click();
    await page.getByRole('heading', { name: 'Schuldhulp Spreekuur (voorbeeld)', level: 1 }).waitFor();
    expect(await page.locator('main').innerText()).toContain('Marktplein 1');
    expect(await page.locator('main').innerText()).not.toContain('Postbus 100');
    await context.close();
  });

  it('refuses a file that is not text, with a Dutch message beside the file picker, and stores nothing', async () => {
    const context = await newContext();
    const page = await offlineTablet(context);

    await page.setInputFiles('#import-file', { name: 'kaart.csv', mimeType: 'text/csv', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]) });

    const error = page.locator('#import-file-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('kaart.csv is geen tekstbestand');
    expect(await page.getByRole('heading', { name: 'Kolommen kiezen' }).count()).toBe(0);
    expect(await page.getByLabel('Bestand kiezen').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('reads a spreadsheet put right and chosen again from the same place, not the text it read before', async () => {
    // Chromium fires no change for the same file chosen twice: row 4's theme, put right in the file, was still wrong.
    const context = await newContext();
    const page = await offlineTablet(context);
    const folder = mkdtempSync(join(tmpdir(), 'ido-kaart-file-'));
    const onDisk = join(folder, 'sociale kaart bibliotheek.csv');
    const chooseOnDisk = async (text: string) => {
      writeFileSync(onDisk, text, 'utf8');
      const chooser = page.waitForEvent('filechooser');
      await page.getByLabel('Bestand kiezen').click();
      await (await chooser).setFiles(onDisk);
    };
    try {
      await chooseOnDisk(SPREADSHEET);
      const errors = page.locator('#import-errors');
      await errors.waitFor();
      expect(await errors.innerText()).toContain('Rij 4: Kolom Thema: Dit thema bestaat niet.');
      await chooseOnDisk(SPREADSHEET.replace(';Ruimtevaart\r\n', ';Wonen\r\n'));
      await expect.poll(() => errors.count()).toBe(0);
      await page.getByRole('button', { name: '4 diensten importeren' }).waitFor();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await context.close();
  });
});
