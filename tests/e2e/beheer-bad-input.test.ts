import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkLaptopPage, DEMO_ORGANISATION, signInWithToken } from './app';
import { fullDayText } from '../../src/shared/date-text';
import { lastLocationDay } from '../../src/shared/location-days';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import type { RunningServer } from './server';

const SHOTS = '.tmp/screenshots/beheer';

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;
let nationalToken: string;

chromiumServerAndCoordinator((started, app, coordinator, national) => ([browser, server, coordinatorToken, nationalToken] = [started, app, coordinator, national]), { national: true });
beforeAll(() => { mkdirSync(SHOTS, { recursive: true }); });

/** Every change the page sends to the admin API (not its reads). */
function recordChanges(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => { if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/v1/admin/')) sent.push(request.url()); });
  return sent;
}

/**
 * Fills `field` with `typed` and taps `button`: the field's own message stands under it, tied to it, and the keyboard is
 * in that field (it stayed on the button, where a screen reader said nothing of the message).
 */
async function refused(page: Page, field: string, typed: string | undefined, button: string, message: string): Promise<void> {
  if (typed !== undefined) await page.locator(`#${field}`).fill(typed);
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect.poll(() => page.locator(`#${field}-error`).innerText()).toBe(message);
  expect(await page.locator(`#${field}`).getAttribute('aria-describedby')).toContain(`${field}-error`);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(field);
}

/** The admin API with the national team's token: the answer's JSON. */
const api = async (method: string, path: string, body?: unknown) => (await fetch(`${server.url}/api/v1/admin${path}`, {
  method, headers: { authorization: `Bearer ${nationalToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
})).json();

describe('beheer: wrong and empty input in its forms', () => {
  it('Koppelcodes and Toegang for a coordinator', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const sent = recordChanges(page);
    await signInWithToken(page, `${server.url}/#/beheer/${DEMO_ORGANISATION}/codes`, coordinatorToken);
    await page.locator('#code-days').waitFor();
    for (const typed of ['1e9', '-0', '\u0663', ' ']) await refused(page, 'code-days', typed, 'Koppelcode maken', 'Vul een aantal dagen in van 1 tot en met 365.');
    await checkLaptopPage(page, 'koppelcode-dagen-fout', SHOTS);

    await page.goto(`${server.url}/#/beheer/${DEMO_ORGANISATION}/toegang`);
    await page.locator('#token-days-coordinator').waitFor();
    for (const typed of ['0', '1,5']) await refused(page, 'token-days-coordinator', typed, 'Toegangscode maken', 'Vul een aantal dagen in van 1 tot en met 3650.');
    expect(sent).toEqual([]);
    await context.close();
  });

  it('Locaties: an emptied "(mag leeg)" field is emptied on the server too (it kept the stored value, and said "Locatie gewijzigd")', async () => {
    const organisation = await api('POST', '/organisations', { name: 'Bibliotheek Leegmaken' }) as { id: string };
    const location = { name: 'Leegmaken Centrum', municipalityCode: 'GM0855', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 };
    await api('POST', `/organisations/${organisation.id}/locations`, { ...location, catchmentPopulation: 25000, latitude: 51.58, longitude: 5.07 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer/${organisation.id}/locaties`, nationalToken);
    await page.getByRole('button', { name: 'Leegmaken Centrum wijzigen' }).click();
    for (const label of ['Inwoners in het werkgebied (mag leeg)', 'Breedtegraad (mag leeg)', 'Lengtegraad (mag leeg)']) await page.getByLabel(label).fill('');
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await page.getByText(/^Locatie gewijzigd: Leegmaken Centrum/).waitFor();
    const [stored] = (await api('GET', `/organisations/${organisation.id}/locations`) as { locations: Array<Record<string, unknown>> }).locations;
    expect([stored.catchmentPopulation, stored.latitude, stored.longitude, stored.idoHoursPerWeek]).toEqual([undefined, undefined, undefined, 4]);
    await page.getByRole('button', { name: 'Leegmaken Centrum wijzigen' }).click();
    expect(await page.getByLabel('Inwoners in het werkgebied (mag leeg)').inputValue()).toBe('');
    await context.close();
  });

  it('Locaties: a refusal by the server of a field stands at that field, with the keyboard in it, inside the form, until the field changes', async () => {
    const organisation = await api('POST', '/organisations', { name: 'Bibliotheek Veldfout' }) as { id: string };
    await api('POST', `/organisations/${organisation.id}/locations`, { name: 'Veldfout Centrum', municipalityCode: 'GM0855', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer/${organisation.id}/locaties`, nationalToken);
    await page.getByRole('button', { name: 'Veldfout Centrum wijzigen' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Veldfout Centrum wijzigen' }) });
    const formTop = async () => (await form.boundingBox())!.y + await page.evaluate(() => window.scrollY);
    const before = await formTop();
    // New hours from a day typed past the picker's last day (a date field takes a typed year): the server refuses it.
    await page.getByLabel('IDO-uren per week').fill('6');
    await page.locator('#location-hoursFrom').fill('2099-01-01');
    await refused(page, 'location-hoursFrom', undefined, 'Wijziging opslaan', `Het veld "Nieuwe uren gelden vanaf" ligt te ver vooruit: hoogstens een jaar, `
      + `tot en met ${fullDayText(lastLocationDay())}. Vul de dag in waarop de nieuwe uren ingaan, of laat het weg voor vandaag.`);
    expect(await page.locator('#location-hoursFrom').getAttribute('aria-invalid')).toBe('true');
    // said once, at the field; nothing above the form (it moved the form down, away from the finger)
    expect(await page.getByText(/ligt te ver vooruit/).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await formTop()).toBe(before);
    await checkLaptopPage(page, 'locatie-veld-geweigerd', SHOTS);
    // A change of the field takes the refusal away; with today (empty) the new hours are saved.
    await page.locator('#location-hoursFrom').fill('');
    expect(await page.locator('#location-hoursFrom-error').count()).toBe(0);
    expect(await page.locator('#location-hoursFrom').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await page.getByText(/^Locatie gewijzigd: Veldfout Centrum/).waitFor();
    await context.close();
  });

  it('Landelijk: an empty file or a spreadsheet is refused at the file field before sending; a file without municipalities gets what to choose', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const sent = recordChanges(page);
    await signInWithToken(page, `${server.url}/#/beheer/landelijk`, nationalToken);
    const choose = (name: string, buffer: Buffer) => page.locator('#municipalities-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
    // An empty file got the API's words ("… ontbreekt of is leeg: stuur de inhoud van het CBS-bestand als tekst").
    for (const empty of ['', ' \r\n\n']) {
      await choose('leeg.csv', Buffer.from(empty));
      await refused(page, 'municipalities-file', undefined, 'Inwonertallen inlezen', 'Dit bestand is leeg. Kies het CSV-bestand van het CBS met de inwonertallen.');
    }
    expect(await page.getByRole('alert').count()).toBe(0);
    await checkLaptopPage(page, 'cbs-bestand-leeg', SHOTS);
    // A spreadsheet saved as .xlsx (a zip: bytes 0 in it) got every line's "… is geen CBS-gemeentecode" with a piece of it.
    await choose('gemeenten.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]));
    expect(await page.locator('#municipalities-file-error').count()).toBe(0);
    await refused(page, 'municipalities-file', undefined, 'Inwonertallen inlezen',
      'Dit is geen CSV-bestand, maar bijvoorbeeld een Excel- of pdf-bestand. Sla de tabel op als CSV-bestand en kies dat bestand.');
    expect(sent).toEqual([]);
    // A text without a single municipality: the server says once what to choose, not each line with a piece of the file.
    await choose('brief.csv', Buffer.from('Beste collega,\nHierbij de lijst.\nGroet\n'));
    await page.getByRole('button', { name: 'Inwonertallen inlezen', exact: true }).click();
    await page.getByText('Niets ingelezen. Geen enkele gemeente gevonden. Kies het CSV-bestand van de CBS-tabel met de regiocodes '
      + '(GM gevolgd door vier cijfers), of een bestand met de kolommen code;name;province;population.', { exact: true }).waitFor();
    expect(sent).toHaveLength(1);
    await checkLaptopPage(page, 'cbs-bestand-zonder-gemeenten', SHOTS);
    await context.close();
  });

  it('hidden characters in a name: refused in the form, before anything is sent, in the words of the server', async () => {
    const hidden = 'bevat tekens die niet zijn toegestaan: een regeleinde, een tab of een onzichtbaar teken dat vaak mee gekopieerd wordt. '
      + 'Typ de tekst opnieuw of plak hem als platte tekst.';
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const sent = recordChanges(page);
    await signInWithToken(page, `${server.url}/#/beheer/organisaties`, nationalToken);
    await page.locator('#new-organisation-name').waitFor();
    for (const typed of ['Bibliotheek \u202eZuid', 'Bibliotheek\tZuid', 'Bibliotheek\u200b\u2066Zuid']) {
      await refused(page, 'new-organisation-name', typed, 'Organisatie toevoegen', `De naam ${hidden}`);
    }
    await page.goto(`${server.url}/#/beheer/${DEMO_ORGANISATION}/locaties`);
    await page.getByRole('button', { name: 'Nieuwe locatie' }).click();
    await refused(page, 'location-name', 'Pop-up \u2066Noord', 'Locatie toevoegen', `De naam ${hidden}`);
    // a tablet of the demo organisation, to rename
    const code = await api('POST', `/organisations/${DEMO_ORGANISATION}/codes`, { role: 'medewerker' }) as { code: string };
    expect((await fetch(`${server.url}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, label: 'Balie 1' }) })).status).toBe(201);
    await page.goto(`${server.url}/#/beheer/${DEMO_ORGANISATION}/tablets`);
    const rename = page.getByRole('button', { name: /^Naam wijzigen van / }).first();
    await rename.click();
    const field = page.locator('input[id^="device-label-"]');
    const id = await field.getAttribute('id');
    await refused(page, id!, 'Balie\u202e 1', 'Naam opslaan', `De naam ${hidden}`);
    expect(sent).toEqual([]);
    await context.close();
  });

  it('Organisaties and Landelijk for the national team', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const sent = recordChanges(page);
    await signInWithToken(page, `${server.url}/#/beheer/organisaties`, nationalToken);
    await page.locator('#new-organisation-name').waitFor();
    await refused(page, 'new-organisation-name', '   ', 'Organisatie toevoegen', 'Vul de naam van de organisatie in.');
    await refused(page, 'new-organisation-name', 'x'.repeat(10_000).slice(0, 400), 'Organisatie toevoegen', 'De naam is te lang: hoogstens 200 tekens. Nu zijn het er 400.');
    await page.locator('#new-organisation-name').fill('Bibliotheek Zuid');
    await refused(page, 'new-organisation-municipality', 'gm85', 'Organisatie toevoegen', 'Vul de gemeentecode in: GM en vier cijfers, of laat het leeg.');
    await checkLaptopPage(page, 'organisatie-fout', SHOTS);

    await page.goto(`${server.url}/#/beheer/landelijk`);
    await page.locator('#municipalities-file').waitFor();
    await refused(page, 'municipalities-file', undefined, 'Inwonertallen inlezen', 'Kies eerst het CSV-bestand van het CBS.');
    await refused(page, 'municipality-token-code', 'GM85', 'Toegangscode voor gemeente maken', 'Vul een CBS-gemeentecode in, zoals GM0855.');
    await page.locator('#municipality-token-code').fill('GM0855');
    await refused(page, 'municipality-token-days', '1e9', 'Toegangscode voor gemeente maken', 'Vul een aantal dagen in van 1 tot en met 3650.');
    expect(sent).toEqual([]);
    await context.close();
  });
});
