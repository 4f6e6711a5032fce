import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkLaptopPage, DEMO_ORGANISATION, signInWithToken, topsOf, watchTop } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';
import { serviceDocument } from '../unit/fixtures/hsds-published';

const SHOTS = '.tmp/screenshots/beheer';

let browser: Browser;
let server: RunningServer;
/*
 * A coordinator's token per test (the import route takes 5 calls a minute per token, and each test needs its own 5):
 * the first, the notices', the refusals', the all-skipped check's; and the national team's (the export before and after, and the import that
 * takes the ids meanwhile).
 */
let [coordinatorToken, noticesToken, refusalToken, allSkippedToken, nationalToken] = ['', '', '', '', ''];

chromiumServerAndCoordinator((started, app, coordinator, national) => ([browser, server, coordinatorToken, nationalToken] = [started, app, coordinator, national]), { national: true });
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
  const coordinator = () => runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  [noticesToken, refusalToken, allSkippedToken] = [coordinator(), coordinator(), coordinator()];
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
    await page.locator('#kaart-import-preview').getByRole('heading', { name: 'Wordt niet overgenomen: 1 melding' }).waitFor();
    expect(await page.locator('#kaart-import-preview').innerText()).toContain('Niet overgenomen: het postadres "Postbus 100".');
    // the error stops the import: "Let op" does not say the rest is imported (it did)
    expect(await page.locator('#kaart-import-preview-notices').innerText()).toContain('Door wat hierboven staat, wordt nu niets geïmporteerd.');
    expect(await page.locator('#kaart-import-preview').innerText()).not.toContain('wordt wel geïmporteerd');
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

  it('shows what never stops an import under "Let op", grouped and counted, before and after the import: the postal address, the unknown fields (a hostile name as text, thousands counted) and a spreadsheet\'s likely duplicates, folded after 10', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer/${DEMO_ORGANISATION}/kaart`, noticesToken);
    await page.getByRole('heading', { name: 'Sociale kaart importeren', level: 2 }).waitFor();
    const importButton = page.getByRole('button', { name: 'Importeren' });
    const answerFocused = (id: string) => page.evaluate((want) => document.activeElement?.id === want, id);

    // The published service document with fresh ids, one field whose name is HTML, and 3,000 more fields the kaart does not know.
    const fresh = new Map<string, string>();
    const text = JSON.stringify(serviceDocument()).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => fresh.get(id) ?? fresh.set(id, randomUUID()).get(id)!);
    const doc = { ...JSON.parse(text), '<img src=x onerror="window.__hacked=1">': 'x', ...Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`x_veld_${i}`, i])) };
    await page.getByLabel('Bestand of bestanden').setInputFiles({ name: 'regio.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.getByText('Gekozen: regio.json (HSDS JSON).').waitFor();
    // the buttons in view first (a click scrolls a button near the edge into view), then watched
    await importButton.scrollIntoViewIfNeeded();
    await watchTop(page, '.ido-row .utrecht-button--primary-action');
    await page.getByRole('button', { name: 'Controleren' }).click();
    const preview = page.locator('#kaart-import-preview');
    await preview.getByText(/^Controle: het bestand kan worden geïmporteerd/).waitFor();
    // notices, not errors: the import may go on without a tick
    expect(await importButton.isEnabled()).toBe(true);
    expect(await page.getByLabel('Foute waarden overslaan').isChecked()).toBe(false);
    const notices = preview.locator('#kaart-import-preview-notices');
    await notices.getByRole('heading', { name: 'Let op', level: 4 }).waitFor();
    await notices.getByRole('heading', { name: 'Wordt niet overgenomen: 1 melding', level: 5 }).waitFor();
    expect(await notices.innerText()).toContain('Niet overgenomen: het postadres "Postbus 100".');
    const unknown = await notices.getByRole('heading', { name: /^Onbekende velden: 3\.0\d\d velden$/, level: 5 }).innerText();
    const shownFields = await notices.getByText(/^Deze velden kent de kaart niet; ze worden niet geïmporteerd: /).innerText();
    expect(shownFields).toContain('<img src=x onerror="window.__hacked=1">');
    expect(shownFields).toMatch(/ en nog 3\.0\d\d velden\.$/);
    expect(unknown).toMatch(/3\.0\d\d/);
    expect(await page.locator('#kaart-import-preview img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __hacked?: number }).__hacked)).toBeUndefined();
    expect(await answerFocused('kaart-import-preview-heading')).toBe(true);

    await importButton.click();
    const result = page.locator('#kaart-import-result');
    await result.getByText(/^Geïmporteerd: \d+ nieuw/).waitFor();
    await result.getByRole('heading', { name: 'Niet overgenomen: 1 melding', level: 5 }).waitFor();
    expect(await result.innerText()).toContain('Niet overgenomen: het postadres "Postbus 100".');
    await result.getByText(/^Deze velden kent de kaart niet; ze zijn niet geïmporteerd: /).waitFor();
    expect(await answerFocused('kaart-import-result-heading')).toBe(true);
    // the buttons stayed where they were while the check and the result came
    expect(await topsOf(page)).toHaveLength(1);
    await checkLaptopPage(page, 'sociale-kaart-let-op', SHOTS);

    // A spreadsheet of 12 organisations, imported, then once more: each row seems to be in the kaart already.
    const rows = Array.from({ length: 12 }, (_, i) => `Stichting Dubbel ${i + 1};Spreekuur;Kerkstraat ${i + 1};5341 AB;Oss`);
    const spreadsheet = { name: 'bibliotheek.csv', mimeType: 'text/csv', buffer: Buffer.from(['Organisatie;Dienst;Adres;Postcode;Plaats', ...rows].join('\r\n')) };
    const checkAndImport = async () => {
      await page.getByLabel('Bestand of bestanden').setInputFiles(spreadsheet);
      await page.getByText('Gekozen: bibliotheek.csv (spreadsheet van de bibliotheek).').waitFor();
      await page.getByRole('button', { name: 'Controleren' }).click();
      await preview.getByText(/^Controle: het bestand kan worden geïmporteerd/).waitFor();
    };
    await checkAndImport();
    expect(await preview.locator('#kaart-import-preview-notices').count()).toBe(0);
    await importButton.click();
    await result.getByText(/^Geïmporteerd: /).waitFor();
    await checkAndImport();
    const twice = preview.locator('#kaart-import-preview-notices');
    await twice.getByRole('heading', { name: 'Staat misschien al in de kaart: 12 organisaties', level: 5 }).waitFor();
    expect(await twice.locator('li').count()).toBe(12);
    expect(await twice.locator('li:visible').count()).toBe(10);
    expect(await twice.locator('li').first().innerText()).toBe('bibliotheek.csv, rij 2: de organisatie lijkt al in de kaart te staan (zelfde naam en postcode); ze komt er als nieuwe organisatie bij. Is het dezelfde organisatie? Haal de rij dan uit het bestand en controleer opnieuw.');
    await twice.getByText('Toon nog 2 organisaties').click();
    expect(await twice.locator('li:visible').count()).toBe(12);
    expect(await importButton.isEnabled()).toBe(true);
    await checkLaptopPage(page, 'sociale-kaart-dubbel', SHOTS);
    await context.close();
  });

  it('a file with wrong rows, and an import the server refuses (400, the ids taken meanwhile), list what is wrong where, in words and as text, with what to do; the kaart stays as it was', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const api = (method: string, path: string, body?: unknown) => fetch(`${server.url}/api/v1/admin${path}`, {
      method, headers: { authorization: `Bearer ${nationalToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    // the organisation's kaart as exported, without the moment of the export
    const kaartNow = async () => ({ ...(await (await api('GET', `/organisations/${DEMO_ORGANISATION}/kaart-export?format=json`)).json()), exported_at: undefined });
    const before = await kaartNow();
    await signInWithToken(page, `${server.url}/#/beheer/${DEMO_ORGANISATION}/kaart`, refusalToken);
    await page.getByRole('heading', { name: 'Sociale kaart importeren', level: 2 }).waitFor();
    const importButton = page.getByRole('button', { name: 'Importeren' });

    // A CSV package's organisations: one good, 12 without a name, one with a website that is HTML and 2,000 characters.
    const hostile = `<img src=x onerror="window.__hacked=1">${'x'.repeat(2000)}`;
    const rows = [`${randomUUID()},Stichting Goed,https://goed.example.nl`, ...Array.from({ length: 12 }, () => `${randomUUID()},,`), `${randomUUID()},Stichting Fout,${hostile}`];
    await page.getByLabel('Bestand of bestanden').setInputFiles({ name: 'organizations.csv', mimeType: 'text/csv', buffer: Buffer.from(['id,name,website', ...rows].join('\r\n')) });
    await page.getByText('Gekozen: organizations.csv (HSDS CSV-pakket).').waitFor();
    // the buttons in view first (a click scrolls a button near the edge into view), then watched
    await importButton.scrollIntoViewIfNeeded();
    await watchTop(page, '.ido-row .utrecht-button--primary-action');
    await page.getByRole('button', { name: 'Controleren' }).click();
    const preview = page.locator('#kaart-import-preview');
    await preview.getByText(/^Zo wordt niets geïmporteerd: het bestand heeft 13 fouten\./).waitFor();
    await preview.getByText(/^Pas de regels hieronder aan in het bestand\. .* Of zet een vinkje bij "Foute waarden overslaan"/).waitFor();
    await preview.getByRole('heading', { name: 'Fouten: 13 fouten', level: 4 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kaart-import-preview-heading');
    expect(await preview.locator('li').first().innerText()).toBe('organizations.csv, rij 3 (organisatie), veld naam (name): Vul naam in.');
    expect(await preview.locator('li:visible').count()).toBe(10);
    // the buttons stayed where they were while the check came (the tap on "Toon nog" below may scroll)
    expect(await topsOf(page)).toHaveLength(1);
    await preview.getByText('Toon nog 3 fouten').click();
    const last = await preview.locator('li').nth(12).innerText();
    expect(last).toMatch(/^organizations\.csv, rij 15 \(organisatie\), veld website: De website is niet overgenomen \("<img src=x onerror="window\.__hacked=1">x+…"\)\./);
    expect(await page.locator('#kaart-import-preview img').count()).toBe(0);
    expect(await importButton.isDisabled()).toBe(true);
    await checkLaptopPage(page, 'sociale-kaart-fouten-per-regel', SHOTS);

    // As the advice says: the file put right and chosen again from the same place. Chromium fires no change for the
    // same file chosen twice, and the page checked the old text again (13 errors): the input is emptied as it opens.
    const folder = mkdtempSync(join(tmpdir(), 'ido-kaart-file-'));
    const onDisk = join(folder, 'organizations.csv');
    const chooseOnDisk = async (lines: string[]) => {
      writeFileSync(onDisk, ['id,name,website', ...lines].join('\r\n'));
      const chooser = page.waitForEvent('filechooser');
      await page.getByLabel('Bestand of bestanden').click();
      await (await chooser).setFiles(onDisk);
      await page.getByText('Gekozen: organizations.csv (HSDS CSV-pakket).').waitFor();
    };
    try {
      await chooseOnDisk(rows);
      await page.getByRole('button', { name: 'Controleren' }).click();
      await preview.getByText(/^Zo wordt niets geïmporteerd: het bestand heeft 13 fouten\./).waitFor();
      await chooseOnDisk([`${randomUUID()},Stichting Goed,https://goed.example.nl`]);
      await page.getByRole('button', { name: 'Controleren' }).click();
      await expect.poll(() => preview.locator('.utrecht-alert').first().innerText()).not.toMatch(/13 fouten/);
      expect(await preview.getByRole('heading', { name: /^Fouten/ }).count()).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }

    // A sound file, checked; the national team imports the same records meanwhile: the import is refused (400), per record.
    const fresh = new Map<string, string>();
    const text = JSON.stringify(serviceDocument()).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => fresh.get(id) ?? fresh.set(id, randomUUID()).get(id)!);
    await page.getByLabel('Bestand of bestanden').setInputFiles({ name: 'regio.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByText('Gekozen: regio.json (HSDS JSON).').waitFor();
    await importButton.scrollIntoViewIfNeeded();
    await watchTop(page, '.ido-row .utrecht-button--primary-action');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await preview.getByText(/^Controle: het bestand kan worden geïmporteerd/).waitFor();
    expect((await api('POST', '/kaart-import', { files: [{ name: 'regio.json', text }] })).status).toBe(200);
    await importButton.click();
    const result = page.locator('#kaart-import-result');
    await result.getByRole('heading', { name: 'Niet geïmporteerd', level: 3 }).waitFor();
    await result.getByText(/^Niets geïmporteerd: \d+ gegevens kunnen niet in deze kaart \(\d+ met een id die al van een andere organisatie of van de landelijke gegevens is\)\./).waitFor();
    await result.getByText(/^Pas de regels hieronder aan in het bestand\./).waitFor();
    // Every record is taken: skipping would import nothing, and neither the message nor the what-to-do advise it, and
    // "Let op" (the postal address) does not say the rest "wordt wel geïmporteerd" under an import that wrote nothing.
    expect(await result.locator('.utrecht-alert').first().innerText()).toMatch(/Herstel het bestand\. Er is geen enkel goed gegeven, dus "Foute waarden overslaan" helpt hier niet\.$/);
    expect(await result.getByText(/Of zet een vinkje/).count()).toBe(0);
    expect(await result.locator('#kaart-import-result-notices').innerText()).toContain('Door wat hierboven staat, is er niets geïmporteerd.');
    expect(await result.innerText()).not.toMatch(/wordt wel geïmporteerd|om alleen de goede gegevens te importeren/);
    await result.getByRole('heading', { name: /^Kan niet in deze kaart: \d+ gegevens$/, level: 4 }).waitFor();
    expect(await result.locator('li').first().innerText()).toMatch(/^regio\.json, organisatie [0-9a-f-]{36}, veld id: Deze id is al van een andere organisatie of van de landelijke gegevens\. Geef dit gegeven in het bestand een eigen id\.$/);
    expect(await result.locator('.ido-kaart-transfer-lines').first().locator('li:visible').count()).toBeLessThanOrEqual(10);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kaart-import-result-heading');
    expect(await page.evaluate(() => (window as unknown as { __hacked?: number }).__hacked)).toBeUndefined();
    // the buttons stayed where they were while the answers came
    expect(await topsOf(page)).toHaveLength(1);
    expect(await kaartNow()).toEqual(before);
    await checkLaptopPage(page, 'sociale-kaart-geweigerd', SHOTS);
    await context.close();
  });
  it('"Foute waarden overslaan" ticked where every record is wrong: the check says plainly that nothing would be imported, and offers no import', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer/${DEMO_ORGANISATION}/kaart`, allSkippedToken);
    await page.getByRole('heading', { name: 'Sociale kaart importeren', level: 2 }).waitFor();
    await page.getByLabel('Bestand of bestanden').setInputFiles({
      name: 'organizations.csv', mimeType: 'text/csv', buffer: Buffer.from(['id,name', `${randomUUID()},`, `${randomUUID()},`].join('\r\n')),
    });
    await page.getByText('Gekozen: organizations.csv (HSDS CSV-pakket).').waitFor();
    await page.getByLabel('Foute waarden overslaan').check();
    await page.getByRole('button', { name: 'Controleren' }).click();
    const preview = page.locator('#kaart-import-preview');
    // not "Controle: het bestand kan worden geïmporteerd (0 nieuw, 0 gewijzigd, 0 ongewijzigd, 2 overgeslagen)"
    await expect.poll(() => preview.locator('.utrecht-alert').first().innerText()).toBe(
      'Zo wordt niets geïmporteerd: alle 2 gegevens hebben een fout of kunnen niet in deze kaart, dus er is niets om te importeren. Herstel het bestand.');
    await preview.getByText(/^Pas de regels hieronder aan in het bestand\./).waitFor();
    expect(await preview.getByText(/Of zet een vinkje/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Importeren' }).isDisabled()).toBe(true);
    await checkLaptopPage(page, 'sociale-kaart-alles-overgeslagen', SHOTS);
    await context.close();
  });
});
