import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Registration } from '../../src/shared/registration';
import { axeViolations, openControlled, signInWithToken, smallTapTargets } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

const SHOTS = '.tmp/screenshots/annual';
let browser: Browser;
let server: RunningServer;
let municipalityToken: string;
let coordinatorToken: string;
let organisationId: string;
let nationalToken: string;

/** One contact at Tilburg Centrum with these questions. */
function contact(deviceId: string, startedAt: string, questions: Registration['questions']): Registration {
  return {
    id: crypto.randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId, organisationId, locationId: 'tilburg-centrum',
    scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt, durationMinutes: 15, questions, consentForReferral: false, deleted: false,
  };
}
const digid = { category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'activeren', help: ['samen_gedaan'], resolved: 'ja' };
const toeslagen = { category: 'digitale_overheid', topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['doorverwezen'], referral: { kind: 'extern' as const }, resolved: 'deels' };

/** The text of every page of a PDF, pages joined by a blank line. */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages.join('\n\n').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  // A real (not demo) organisation in Tilburg, made with the admin CLI like the national team does, and a municipality token for Tilburg.
  // (An existing, empty data directory: with the demo off the first start prints no code to wait for.)
  const seeding = await startServer(inject('e2eDist'), { IDO_DEMO: 'off' }, mkdtempSync(join(tmpdir(), 'ido-e2e-')));
  await seeding.stop({ keepData: true });
  organisationId = runAdmin(seeding.dataDir, ['create-organisation', '--name', 'Bibliotheek Midden-Brabant', '--municipality', 'GM0855']);
  runAdmin(seeding.dataDir, ['create-location', '--organisation', organisationId, '--name', 'Bibliotheek Tilburg Centrum', '--municipality', 'GM0855',
    '--province', 'Noord-Brabant', '--hours', '7', '--opened', '2025-01-01', '--id', 'tilburg-centrum']);
  const cbs = join(seeding.dataDir, 'gemeenten.csv');
  writeFileSync(cbs, 'code;name;province;population\nGM0855;Tilburg;Noord-Brabant;200000\n');
  runAdmin(seeding.dataDir, ['import-municipalities', cbs]);
  const code = runAdmin(seeding.dataDir, ['create-code', '--organisation', organisationId]);
  municipalityToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'municipality', '--municipality', 'GM0855']);
  coordinatorToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'coordinator', '--organisation', organisationId]);
  nationalToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'national']);
  server = await startServer(inject('e2eDist'), { IDO_DEMO: 'off' }, seeding.dataDir);
  const enrolled = await (await fetch(`${server.url}/api/v1/devices/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'seed' }),
  })).json() as { deviceId: string; token: string };
  const d = enrolled.deviceId;
  const records = [
    contact(d, '2026-01-12T10:00:00+01:00', [digid]),
    contact(d, '2026-01-20T11:00:00+01:00', [digid, toeslagen]),
    contact(d, '2026-02-03T09:30:00+01:00', [digid]),
    contact(d, '2026-03-17T14:00:00+01:00', [toeslagen]),
  ];
  const batchId = crypto.randomUUID();
  const answer = await fetch(`${server.url}/api/v1/batches`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.token}`, 'idempotency-key': batchId },
    body: JSON.stringify({ batchId, deviceId: d, sentAt: new Date().toISOString(), records }),
  });
  expect(((await answer.json()) as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(Array(4).fill('accepted'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the municipality\'s annual report', () => {
  it('signs in with a municipality token, keeps the written text as text, prints to a PDF that holds the figures, axe clean', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    const policyLines: string[] = [];
    page.on('console', (message) => { if (/Content.Security.Policy|Refused to/i.test(message.text())) policyLines.push(message.text()); });
    await signInWithToken(page, `${server.url}/#/jaarverslag?jaar=2026`, municipalityToken);
    await expect.poll(() => page.locator('#reach-contacts dd').innerText(), { timeout: 30_000 }).toBe('4');
    expect(await page.locator('#reach-questions dd').innerText()).toBe('5');
    expect(await page.locator('#reach-per-resident dd').innerText()).toBe('0,03'); // 5 questions, 200,000 residents
    // The heading names the year; whose report it is heads the report below the form (its heading stays one line).
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Jaarverslag IDO 2026');
    expect(await page.locator('#annual-for').innerText()).toBe('Tilburg');
    expect(await page.locator('#annual-topics').innerText()).toMatch(/DigiD\s+3\s+3/);
    // Dates in the text as Dutch words, and the day it was made in Amsterdam (not in UTC, a day behind after midnight).
    const article = await page.locator('article').innerText();
    expect(article).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const today = await page.evaluate(() => new Date().toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }));
    expect(article).toContain(`Gemaakt op ${today}.`);
    expect(await page.locator('#annual-locations').innerText()).toContain('Bibliotheek Tilburg Centrum');
    expect(await page.locator('#annual-referred').innerText()).toBe('Doorverwezen: 2 vragen (40 % van alle vragen).');

    // The municipality writes its own text; HTML in it is shown as the characters typed.
    await page.getByRole('button', { name: 'Toelichting schrijven' }).click();
    await page.getByLabel('Toelichting bij het jaarverslag').fill('In 2026 hielp de bibliotheek 4 inwoners. <b>vet</b> & <script>x</script>');
    await page.getByRole('button', { name: 'Tekst opslaan' }).click();
    await page.getByText('De tekst is opgeslagen.').waitFor();
    expect(await page.locator('#annual-text').innerText()).toBe('In 2026 hielp de bibliotheek 4 inwoners. <b>vet</b> & <script>x</script>');
    expect(await page.locator('#annual-text b').count()).toBe(0);

    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/jaarverslag-1280x800.png` });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#annual-print').isVisible()).toBe(false);
    expect(await page.locator('.ido-header').isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/jaarverslag-print.png`, fullPage: true });

    const text = await pdfText(await page.pdf({ format: 'A4', printBackground: false }));
    expect(text.replace(/\s+/g, ' ')).toContain('Jaarverslag IDO 2026 Tilburg');
    expect(text).toContain('In 2026 hielp de bibliotheek 4 inwoners. <b>vet</b>');
    for (const figure of ['Contacten 4', 'Vragen 5', 'DigiD 3 3', 'Toeslagen 2 2', 'Bibliotheek Tilburg Centrum', 'Doorverwezen: 2 vragen (40 %']) {
      expect(text.replace(/\s+/g, ' ')).toContain(figure);
    }
    expect(text).not.toContain('Afdrukken of opslaan als PDF');
    expect(policyLines).toEqual([]); // the SVG charts and the print sheet live under the app's CSP
    await context.close();
  });

  it('gives the coordinator the organisation\'s report, and the municipality\'s is out of its reach', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await signInWithToken(page, `${server.url}/#/jaarverslag?jaar=2026&gemeente=GM0855`, coordinatorToken);
    await page.getByText('alleen het jaarverslag van uw eigen organisatie').waitFor();
    await page.goto(`${server.url}/#/jaarverslag?jaar=2026`);
    await expect.poll(() => page.locator('#reach-contacts dd').innerText(), { timeout: 30_000 }).toBe('4');
    expect(await page.locator('#annual-for').innerText()).toBe('Bibliotheek Midden-Brabant');
    expect(await page.locator('#reach-per-resident dd').innerText()).toBe('0,03');
    // No text written yet: no heading "Toelichting" with nothing under it, on screen or on paper; the coordinator may write one.
    expect(await page.getByRole('heading', { name: 'Toelichting' }).count()).toBe(0);
    expect(await page.locator('#annual-text-none').innerText()).toContain('Er is nog geen toelichting geschreven.');
    await page.getByRole('button', { name: 'Toelichting schrijven' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/jaarverslag-zonder-toelichting-1280x800.png` });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#annual-text-none').isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/jaarverslag-zonder-toelichting-print.png` });
    const printed = await pdfText(await page.pdf({ format: 'A4', printBackground: false }));
    expect(printed).toContain('Bereik Contacten 4');
    expect(printed).not.toContain('Toelichting');
    await page.emulateMedia({ media: 'screen' });
    // A second location in a municipality whose population is not known: the organisation's figure per resident is "onbekend".
    const added = await fetch(`${server.url}/api/v1/admin/organisations/${organisationId}/locations`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinatorToken}` },
      body: JSON.stringify({ name: 'Bibliotheek Den Bosch', municipalityCode: 'GM0796', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4, openedOn: '2025-01-01' }),
    });
    expect(added.status).toBe(201);
    await page.reload();
    await expect.poll(() => page.locator('#reach-per-resident dd').innerText(), { timeout: 30_000 }).toBe('onbekend');
    // and says why, and what makes it known (it said only "onbekend")
    expect(await page.locator('#reach-population').innerText()).toBe('Vragen per 1.000 inwoners is onbekend: van een gemeente van de locaties is het aantal inwoners niet bekend. '
      + 'De coördinator kan in Beheer bij Locaties "Inwoners in het werkgebied" invullen, of het landelijk team leest de inwonertallen van het CBS in.');
    // At 768 px every figure stands on one line, a word ("onbekend") too: it was split in two ("onbeke / nd").
    await page.setViewportSize({ width: 768, height: 1024 });
    // (One line is less than twice the font size high, two lines at least that.)
    const split = await page.locator('.ido-annual__figures dd').evaluateAll((figures) => figures
      .filter((dd) => dd.getBoundingClientRect().height >= 2 * parseFloat(getComputedStyle(dd).fontSize)).map((dd) => dd.textContent));
    expect(split).toEqual([]);
    await context.close();
  });

  it('lets the national team make a municipality token in Beheer that opens the municipality\'s report; Beheer refuses that token', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await signInWithToken(page, `${server.url}/#/beheer/landelijk`, nationalToken);
    await page.getByLabel('Gemeentecode').fill('GM12');
    await page.getByRole('button', { name: 'Toegangscode voor gemeente maken' }).click();
    await page.getByText('Vul een CBS-gemeentecode in, zoals GM0855.').waitFor();
    await page.getByLabel('Gemeentecode').fill('gm0855');
    await page.getByRole('button', { name: 'Toegangscode voor gemeente maken' }).click();
    const made = (await page.locator('#new-municipality-token').innerText()).trim();
    expect(made.length).toBeGreaterThan(20);
    expect(await page.locator('#tokens-table-municipality').innerText()).toContain('GM0855');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/beheer-gemeentetokens-1280x800.png` });

    const own = await context.newPage();
    await own.goto(`${server.url}/#/jaarverslag?jaar=2026&organisatie=${organisationId}`);
    await own.evaluate(() => sessionStorage.clear());
    await own.reload();
    await own.getByLabel('Toegangscode').fill(made);
    await own.getByRole('button', { name: 'Inloggen' }).click();
    await own.getByText('alleen het jaarverslag van uw eigen gemeente').waitFor();
    await own.goto(`${server.url}/#/jaarverslag?jaar=2026`);
    await expect.poll(() => own.locator('#reach-contacts dd').innerText(), { timeout: 30_000 }).toBe('4');

    const beheer = await context.newPage();
    await signInWithToken(beheer, `${server.url}/#/beheer`, made);
    await beheer.getByText('Met de toegangscode van een gemeente kunt u alleen rapportages bekijken, niet beheren.').waitFor();
    await context.close();
  });

  it('lets the national team pick an organisation or a municipality', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await openControlled(context, server.url);
    await signInWithToken(page, `${server.url}/#/jaarverslag?jaar=2026`, nationalToken);
    await page.getByText('Kies hierboven een organisatie of gemeente.').waitFor();
    await page.getByLabel('Organisatie of gemeente').selectOption({ label: 'Tilburg' });
    await expect.poll(() => page.locator('#annual-for').innerText(), { timeout: 30_000 }).toBe('Tilburg');
    expect(new URL(page.url()).hash).toContain('gemeente=GM0855');
    await page.getByLabel('Organisatie of gemeente').selectOption({ label: 'Bibliotheek Midden-Brabant' });
    await expect.poll(() => page.locator('#annual-for').innerText(), { timeout: 30_000 }).toBe('Bibliotheek Midden-Brabant');
    expect(await page.locator('#reach-contacts dd').innerText()).toBe('4');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
