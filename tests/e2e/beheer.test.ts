import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, checkLaptopPage, openControlled, registerContacts, signInWithToken, statusLine } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const SHOTS = '.tmp/screenshots/beheer';

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;
let nationalToken: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  const seeding = await startServer(inject('e2eDist'));
  await seeding.stop({ keepData: true });
  coordinatorToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  nationalToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'national']);
  server = await startServer(inject('e2eDist'), {}, seeding.dataDir);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const newContext = (width: number, height: number): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width, height }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });

/** Reads the QR code the page drew: a screenshot of the element, its pixels through a canvas, decoded by jsQR. */
async function decodeQr(page: Page): Promise<string> {
  const png = await page.getByRole('img', { name: /^QR-code om een tablet te koppelen/ }).screenshot();
  const scratch = await browser.newPage();
  const image = await scratch.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    return { width: img.width, height: img.height, data: Array.from(context.getImageData(0, 0, img.width, img.height).data) };
  }, png.toString('base64'));
  await scratch.close();
  const found = jsQR(Uint8ClampedArray.from(image.data), image.width, image.height);
  expect(found, 'a QR code in the screenshot').not.toBeNull();
  return found!.data;
}

async function openTab(page: Page, tab: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: tab, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 2 }).first().waitFor();
}

/** A tablet whose code is filled in enrolls through the app's enrollment page, named `label`. */
async function enroll(page: Page, label: string): Promise<void> {
  await page.getByLabel('Naam van deze tablet (niet verplicht)').fill(label);
  await page.getByRole('button', { name: 'Tablet koppelen' }).click();
  await page.getByText(/De tablet is gekoppeld aan/).waitFor();
}

/** One contact with one question at a location, saved on the tablet. */
async function registerAt(page: Page, location: string): Promise<void> {
  await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
  await page.getByRole('radio', { name: 'DigiD activeren' }).check();
  await page.getByRole('radio', { name: location }).check();
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await page.getByText(/^Opgeslagen: 1 contact/).waitFor();
}

describe('beheer in the browser', () => {
  it('lets a coordinator add a location and codes; tablets enroll (typed and by QR), register there, and pause once revoked', async () => {
    const coordinator = await newContext(1280, 800);
    const admin = await openControlled(coordinator, server.url);
    const chunks: string[] = [];
    const urls: string[] = [];
    admin.on('request', (request) => { chunks.push(new URL(request.url()).pathname); urls.push(request.url()); });
    expect(chunks.some((path) => /BeheerPage-.*\.js$/.test(path))).toBe(false);
    // Not enrolled as a coordinator tablet: no "Beheer" in the menu (a laptop opens the address).
    expect(await admin.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).count()).toBe(0);

    await admin.goto(`${server.url}/#/beheer`);
    await admin.getByLabel('Toegangscode').fill('tökén met spaties');
    await admin.getByRole('button', { name: 'Inloggen' }).click();
    await admin.getByText(/^Deze toegangscode klopt niet: er staan tekens in die niet in een toegangscode horen/).waitFor(); // refused before any request
    await admin.getByLabel('Toegangscode').fill('geen-echt-token');
    await admin.getByRole('button', { name: 'Inloggen' }).click();
    await admin.getByRole('alert').getByText(/Deze toegangscode werkt niet/).waitFor();
    expect(chunks.some((path) => /BeheerPage-.*\.js$/.test(path))).toBe(true);
    await checkLaptopPage(admin, 'inloggen', SHOTS);
    await admin.getByLabel('Toegangscode').fill(coordinatorToken);
    await admin.getByRole('button', { name: 'Inloggen' }).click();
    await admin.getByRole('heading', { name: /^Beheer: / , level: 1 }).waitFor();
    await expect.poll(() => new URL(admin.url()).hash).toBe(`#/beheer/${DEMO_ORGANISATION}/locaties`);
    await admin.locator('#locations-table').waitFor();

    // A new location: the browser's own check first, then the server's (a direction mark in the name), then saved.
    await admin.getByRole('button', { name: 'Nieuwe locatie' }).click();
    await admin.getByRole('button', { name: 'Locatie toevoegen' }).click();
    await admin.getByText('Vul de naam van de locatie in.').waitFor();
    await admin.getByText('Kies minstens één manier van werken.').waitFor();
    await admin.getByLabel('Naam van de locatie').fill('Bibliotheek\u202E Noord');
    await admin.getByLabel('Soort plek').selectOption('vestiging');
    await admin.getByLabel('Gemeentecode').fill('gm0855');
    await admin.getByLabel('Provincie').selectOption('Noord-Brabant');
    await admin.getByRole('checkbox', { name: 'Spreekuur (vaste IDO-uren)' }).check();
    await admin.getByRole('checkbox', { name: 'Balie of inloop' }).check();
    await admin.getByLabel('IDO-uren per week').fill('6,5');
    await admin.getByLabel('Inwoners in het werkgebied (mag leeg)').fill('12000');
    await admin.getByRole('button', { name: 'Locatie toevoegen' }).click();
    // The form knows the server's rule, and says it in the server's words under the field, with the keyboard in it:
    // nothing was sent (it was, to be refused).
    await expect.poll(() => admin.locator('#location-name-error').innerText()).toBe('De naam bevat tekens die niet zijn toegestaan: een regeleinde, '
      + 'een tab of een onzichtbaar teken dat vaak mee gekopieerd wordt. Typ de tekst opnieuw of plak hem als platte tekst.');
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('location-name');
    await admin.getByLabel('Naam van de locatie').fill('Bibliotheek De Hoven');
    await admin.getByLabel('Breedtegraad (mag leeg)').fill('51,58');
    await admin.getByRole('button', { name: 'Locatie toevoegen' }).click();
    await admin.getByText('Vul de breedtegraad en de lengtegraad allebei in, of allebei niet.').waitFor();
    await admin.getByLabel('Lengtegraad (mag leeg)').fill('5,07');
    await admin.getByRole('button', { name: 'Locatie toevoegen' }).click();
    await admin.getByText(/^Locatie toegevoegd: Bibliotheek De Hoven/).waitFor();
    expect(await admin.locator('#locations-table tbody tr', { hasText: 'Bibliotheek De Hoven' }).innerText()).toMatch(/Vestiging van de bibliotheek\tGM0855, Noord-Brabant\t6,5\tSpreekuur \(vaste IDO-uren\), Balie of inloop\tOpen/);
    await checkLaptopPage(admin, 'locaties', SHOTS);
    await admin.getByRole('button', { name: 'Bibliotheek De Hoven wijzigen' }).click();
    await admin.getByRole('heading', { name: 'Bibliotheek De Hoven wijzigen' }).waitFor();
    await checkLaptopPage(admin, 'locatie-wijzigen', SHOTS);
    await admin.getByRole('button', { name: 'Annuleren' }).click();

    // A staff code: as text, and as a QR code holding the app's enrollment link with the code in the fragment.
    await openTab(admin, 'Koppelcodes', 'Koppelcodes');
    await admin.getByRole('button', { name: 'Koppelcode maken' }).click();
    const typedCode = await admin.locator('#new-code').innerText();
    expect(typedCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await decodeQr(admin)).toBe(`${server.url}/#/koppelen/${typedCode}`);
    expect(await admin.locator('#new-code-link').innerText()).toBe(`${server.url}/#/koppelen/${typedCode}`);
    await checkLaptopPage(admin, 'koppelcodes', SHOTS);

    // A second tablet types the code in, and registers a contact at the new location.
    const tablet = await newContext(768, 1024);
    const staff = await openControlled(tablet, server.url, { skipEnrollment: false });
    await staff.getByLabel('Koppelcode').fill(typedCode);
    await enroll(staff, 'Balie Noord');
    expect(await staff.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).count(), 'a staff tablet has no Beheer in its menu').toBe(0);
    await registerAt(staff, 'Bibliotheek De Hoven');
    await expect.poll(() => staff.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/alles verstuurd/);
    // The staff tablet reports "Klopt niet" on a kaart entry: it lands in the coordinator's kaart inbox.
    await staff.goto(`${server.url}/#/kaart`);
    await staff.getByLabel('Zoek hulp').fill('dienst toeslagen');
    await staff.getByRole('link', { name: 'Dienst Toeslagen: hulp bij toeslagen' }).click();
    await staff.getByRole('button', { name: 'Klopt niet' }).click();
    await staff.getByLabel('Wat klopt er niet?').fill('Op woensdag <b>dicht</b>.');
    await staff.getByRole('button', { name: 'Melden aan de coördinator' }).click();
    await staff.getByText('De coördinator krijgt uw melding').waitFor();
    // The entry says so to every colleague until the coordinator has handled it, with what was written (as text).
    await expect.poll(() => staff.locator('#service-open-reports').innerText()).toMatch(/^Er is gemeld dat hier iets niet klopt\. De coördinator kijkt ernaar\.[\s\S]*\d+ [a-z]+ \d{4}: “Op woensdag <b>dicht<\/b>\.”$/);
    expect(await axeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: `${SHOTS}/kaart-gemeld.png` });
    await expect.poll(() => staff.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/alles verstuurd/);
    await staff.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Registreren' }).click();

    // A third tablet opens the link the next code's QR code holds.
    await admin.getByRole('button', { name: 'Koppelcode maken' }).click();
    await expect.poll(() => admin.locator('#new-code').innerText()).not.toBe(typedCode);
    const qrCode = await admin.locator('#new-code').innerText();
    const link = await decodeQr(admin);
    expect(link).toBe(`${server.url}/#/koppelen/${qrCode}`);
    const scanned = await newContext(768, 1024);
    const third = await scanned.newPage();
    await third.goto(link);
    const codeField = third.getByLabel('Koppelcode');
    await codeField.waitFor();
    // The enrollment page fills the code in from the link's fragment: the camera app's tap, then "Tablet koppelen".
    await expect.poll(() => codeField.inputValue()).toBe(qrCode);
    await enroll(third, 'Tablet via QR');
    await scanned.close();

    // The registration is stored at the new location.
    const exported = await (await fetch(`${server.url}/api/v1/export.csv`, { headers: { authorization: `Bearer ${coordinatorToken}` } })).text();
    expect(exported).toContain('Bibliotheek De Hoven');

    // The coordinator sees both tablets, the first with its last sync and one registration, and revokes it.
    await openTab(admin, 'Tablets', 'Tablets');
    const row = admin.locator('#devices-table tbody tr', { hasText: 'Balie Noord' });
    // Its app version and what was waiting on it come from its own sync requests (IDO-App-Version, IDO-Pending).
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const when = String.raw`\d+ [a-z]+\.? \d{4},? \d{2}:\d{2}`;
    expect(await row.innerText()).toMatch(new RegExp(`^Balie Noord\tMedewerker\t${version.replaceAll('.', '\\.')}\t${when}\t1\t0 \\(${when}\\)\tActief`));
    expect(await admin.locator('#devices-table tbody tr', { hasText: 'Tablet via QR' }).innerText()).toMatch(/nog nooit\t0\t(onbekend|0 \(.+\))\tActief/);
    await checkLaptopPage(admin, 'tablets', SHOTS);
    // Upright, each row is a card of "label value" lines: the time of the last contact stands with its figure, in the
    // value's column (it fell into the label's column, on a line of its own).
    const size = admin.viewportSize()!;
    await admin.setViewportSize({ width: 768, height: 1024 });
    const noteFromCell = await row.locator('.ido-beheer-note').evaluate((note) => note.getBoundingClientRect().left - note.closest('td')!.getBoundingClientRect().left);
    expect(noteFromCell).toBeGreaterThan(150);
    await admin.setViewportSize(size);
    // By keyboard: the question takes the focus on "Nee, terug", so a second Enter revokes nothing.
    await admin.getByRole('button', { name: 'Balie Noord ontkoppelen' }).focus();
    await admin.keyboard.press('Enter');
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe('Nee, terug');
    await admin.keyboard.press('Enter');
    await expect.poll(() => admin.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Balie Noord ontkoppelen');
    expect(await row.innerText()).toMatch(/Actief/);
    await admin.getByRole('button', { name: 'Balie Noord ontkoppelen' }).click();
    await admin.getByRole('button', { name: 'Ja, ontkoppelen' }).click();
    await admin.getByText(/^Balie Noord is ontkoppeld/).waitFor();
    await expect.poll(() => row.innerText()).toMatch(/Ontkoppeld/);

    // At its next sync the tablet pauses with the message, and keeps what it has.
    await registerAt(staff, 'Bibliotheek De Hoven');
    await expect.poll(() => staff.locator('.ido-statusbar').innerText(), { timeout: 30_000 }).toMatch(/Ontkoppeld: bewaar alles met de noodexport\./);
    expect(await staff.locator('#sync-status-line').innerText()).toMatch(/^1 alleen op deze tablet/);
    // The bar's line shows it whole at 768 px (not cut off with "…"); the whole story is on the page its link opens.
    await staff.setViewportSize({ width: 768, height: 1024 });
    expect(await staff.locator('#sync-pause-notice').evaluate((notice) => notice.parentElement!.scrollWidth - notice.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
    await staff.getByRole('link', { name: 'Noodexport' }).click();
    await expect.poll(() => staff.locator('#sync-pause-explanation').innerText()).toBe('Deze tablet is ontkoppeld door de coördinator en verstuurt niets meer. '
      + 'De registratie die nog niet verstuurd is, blijft op deze tablet bewaard. Koppelt u de tablet opnieuw met een nieuwe koppelcode van de coördinator, '
      + 'dan wordt die alsnog verstuurd. Of sla die op met de noodexport hieronder en geef het bestand aan de coördinator.');
    await tablet.close();

    // A location changed and another closed: both stay in the list, the closed one with its date.
    await openTab(admin, 'Locaties', 'Locaties');
    await admin.getByRole('button', { name: 'Bibliotheek De Hoven wijzigen' }).click();
    await admin.getByLabel('IDO-uren per week').fill('8');
    await admin.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await admin.getByText(/^Locatie gewijzigd: Bibliotheek De Hoven/).waitFor();
    await expect.poll(() => admin.locator('#locations-table tbody tr', { hasText: 'Bibliotheek De Hoven' }).innerText()).toMatch(/\t8\t/);
    // Hours that change from a later day: today's stay in the list, the form shows the steps.
    await admin.getByRole('button', { name: 'Bibliotheek De Hoven wijzigen' }).click();
    await admin.getByLabel('IDO-uren per week').fill('12');
    await admin.getByLabel(/Nieuwe uren gelden vanaf/).fill('2099-01-01');
    await expect.poll(() => admin.getByLabel(/Nieuwe uren gelden vanaf/).inputValue()).toBe('2099-01-01');
    const [tooFar] = await Promise.all([
      admin.waitForResponse((response) => response.request().method() === 'PATCH'),
      admin.getByRole('button', { name: 'Wijziging opslaan' }).click(),
    ]);
    // The server is the judge: more than a year ahead is refused, and its Dutch message stands at the field, with the
    // keyboard in it (it stood above the form, with the keyboard on the button).
    expect({ status: tooFar.status(), body: tooFar.request().postDataJSON() as unknown, answer: await tooFar.text() })
      .toMatchObject({ status: 400, body: { idoHoursPerWeek: 12, hoursFrom: '2099-01-01' }, answer: expect.stringMatching(/te ver vooruit/) });
    await expect.poll(() => admin.locator('#location-hoursFrom-error').innerText().catch(() => '')).toMatch(/^Het veld "Nieuwe uren gelden vanaf" ligt te ver vooruit/);
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('location-hoursFrom');
    const nextMonth = new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10);
    await admin.getByLabel(/Nieuwe uren gelden vanaf/).fill(nextMonth);
    // The list is read again after a change; "Wijzigen" before that answer came opened the row from before the change
    // (this test's flake). Here the list's answer waits until the form is open: it shows what the change's own answer says.
    const listPath = '**/api/v1/admin/organisations/*/locations';
    let releaseList!: () => void;
    const listHeld = new Promise<void>((resolve) => { releaseList = resolve; });
    await admin.route(listPath, async (route) => { if (route.request().method() === 'GET') await listHeld; await route.continue(); });
    await admin.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await admin.getByText(/^Locatie gewijzigd: Bibliotheek De Hoven/).waitFor();
    await expect.poll(() => admin.locator('#locations-table tbody tr', { hasText: 'Bibliotheek De Hoven' }).innerText()).toMatch(/\t8\t/);
    await admin.getByRole('button', { name: 'Bibliotheek De Hoven wijzigen' }).click();
    await expect.poll(() => admin.locator('#location-hoursFrom-description').innerText()).toMatch(/8 uur vanaf .+; 12 uur vanaf /);
    releaseList();
    // the held requests go on first: an unroute beside them left one handler's continue on a route already handled
    await admin.unrouteAll({ behavior: 'wait' });
    await admin.getByRole('button', { name: 'Annuleren' }).click();
    await admin.getByRole('button', { name: 'Pop-up Wijkcentrum De Kastanje sluiten' }).click();
    await admin.getByRole('button', { name: 'Ja, sluiten' }).click();
    await admin.getByText(/^Pop-up Wijkcentrum De Kastanje is gesloten vanaf/).waitFor();
    await expect.poll(() => admin.locator('#locations-table tbody tr', { hasText: 'De Kastanje' }).innerText()).toMatch(/Gesloten vanaf \d+ [a-z]+ \d{4}/);

    // Toegang: a colleague's token, shown once.
    await openTab(admin, 'Toegang', 'Toegang voor coördinatoren');
    await admin.getByRole('button', { name: 'Toegangscode maken' }).click();
    expect((await admin.locator('#new-token').innerText()).length).toBeGreaterThan(20);
    await expect.poll(() => admin.locator('#tokens-table-coordinator tbody tr').count()).toBe(2);
    await checkLaptopPage(admin, 'toegang', SHOTS);

    // Logboek: every change, and the CSV fetched with the token in a header, never in an address.
    await openTab(admin, 'Logboek', 'Logboek');
    const log = await admin.locator('#audit-table tbody').innerText();
    for (const action of ['Locatie gemaakt', 'Locatie gewijzigd', 'Locatie gesloten', 'Koppelcode gemaakt', 'Tablet ontkoppeld', 'Toegangscode gemaakt']) expect(log).toContain(action);
    expect(log).not.toContain(typedCode);
    // "Onderwerp" names what changed (it showed ids): the location, the tablet by its label, a code or token by its kind.
    const subjects = await admin.locator('#audit-table tbody td[data-label="Onderwerp"]').allInnerTexts();
    expect(subjects).toEqual(expect.arrayContaining(['Bibliotheek De Hoven', 'Balie Noord',
      expect.stringMatching(/^Koppelcode medewerker, kenmerk [0-9A-F]{4}$/), expect.stringMatching(/^Toegangscode coördinator, kenmerk [0-9A-F]{4}$/)]));
    expect(subjects.filter((subject) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(subject))).toEqual([]);
    // "Wie" names who did it (it said only "Toegangscode van een coördinator"): the token by when it was made, as under
    // Toegang, and the admin command that made this token; the ids are in the CSV.
    const actors = await admin.locator('#audit-table tbody td[data-label="Wie"]').allInnerTexts();
    expect(actors).toEqual(expect.arrayContaining([expect.stringMatching(/^Coördinator \(toegangscode van \d{1,2} [a-z]{3} \d{4}, \d\d:\d\d, kenmerk [0-9A-F]{4}\)$/), 'Beheercommando op de server (npm run admin)']));
    expect(actors.filter((actor) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(actor))).toEqual([]);
    await checkLaptopPage(admin, 'logboek', SHOTS);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toMatch(/;Coördinator \(toegangscode van [^;]+\);coordinator_token;[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(csv).toContain('device.revoke');
    expect(urls.filter((url) => url.includes(coordinatorToken) || url.includes(typedCode) || url.includes(qrCode))).toEqual([]);

    // Kaart-inbox: the report with what the colleague wrote (as text) and which tablet, closed with one tap;
    // entries not checked for six months (the demo kaart has some), "gecontroleerd vandaag" with one tap.
    await admin.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Kaart-inbox' }).click();
    await expect.poll(() => new URL(admin.url()).hash).toBe(`#/beheer/${DEMO_ORGANISATION}/inbox`);
    const report = admin.locator('section[aria-labelledby="inbox-feedback-heading"] .ido-list__item', { hasText: 'Op woensdag <b>dicht</b>.' });
    await report.waitFor();
    expect(await report.innerText()).toContain('door tablet "Balie Noord"');
    const unchecked = admin.locator('section[aria-labelledby="inbox-unchecked-heading"] .ido-list__item');
    await expect.poll(() => unchecked.count()).toBeGreaterThan(0);
    const before = await unchecked.count();
    await checkLaptopPage(admin, 'kaart-inbox', SHOTS);
    // Dienst Toeslagen is a national entry: a coordinator cannot change it, so it is passed on, never "Aangepast".
    expect(await report.innerText()).toContain('Alleen het landelijk team kan het aanpassen.');
    expect(await report.getByRole('button').allInnerTexts()).toEqual(['Doorgeven', 'Klopt wel']);
    await report.getByRole('button', { name: 'Doorgeven' }).click();
    await admin.getByText(/afgehandeld: doorgegeven aan het landelijk team\./).waitFor();
    await expect.poll(() => report.count()).toBe(0);
    // It shows at once under "Doorgegeven aan het landelijk team", waiting there.
    const passedOnHere = admin.locator('section[aria-labelledby="inbox-passed-on-heading"] .ido-list__item', { hasText: 'Op woensdag <b>dicht</b>.' });
    await passedOnHere.getByText('Stand: wacht op het landelijk team.').waitFor();
    expect(await passedOnHere.innerText()).toMatch(/Doorgegeven op \d+ [a-z]+ \d{4} om \d{2}:\d{2}\./);
    await unchecked.first().getByRole('button', { name: 'Gecontroleerd vandaag' }).click();
    await admin.getByText(/is vandaag gecontroleerd\./).waitFor();
    await expect.poll(() => unchecked.count()).toBe(before - 1);
    const inboxLog = await (await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/audit`, { headers: { authorization: `Bearer ${coordinatorToken}` } })).json() as { entries: Array<{ action: string }> };
    expect(inboxLog.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['kaart.feedback.resolve', 'kaart.assure']));

    // A national page by address: a coordinator lands on its own organisation's pages.
    await admin.goto(`${server.url}/#/beheer/organisaties`);
    await expect.poll(() => new URL(admin.url()).hash).toBe(`#/beheer/${DEMO_ORGANISATION}/locaties`);
    // Another organisation's pages by address: one message and the way back (beheer-dead-ends.test.ts).
    await admin.goto(`${server.url}/#/beheer/00000000-0000-4000-8000-000000000000/tablets`);
    await admin.getByRole('alert').getByText('Deze organisatie kunt u niet beheren. U beheert alleen uw eigen organisatie.').waitFor();
    await coordinator.close();
  });

  it('tells codes and tokens made in the same minute apart by a kenmerk from their id, never the code: beside the new one, in the list and in each "Intrekken"', async () => {
    // Two of each in the same minute stood in the list with the same time and the same "… van <minute> intrekken".
    const token = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
    const context = await newContext(1280, 800);
    const admin = await context.newPage();
    await signInWithToken(admin, `${server.url}/#/beheer/${DEMO_ORGANISATION}/codes`, token);
    await admin.getByRole('heading', { name: 'Koppelcodes', level: 2 }).waitFor();
    const lists = [
      { tab: 'Koppelcodes', heading: 'Koppelcodes', make: 'Koppelcode maken', secret: '#new-code', mark: '#new-code-mark', table: '#codes-table', button: 'Koppelcode' },
      { tab: 'Toegang', heading: 'Toegang voor coördinatoren', make: 'Toegangscode maken', secret: '#new-token', mark: '#new-token-mark', table: '#tokens-table-coordinator', button: 'Toegangscode' },
    ];
    const madeMarks: string[] = [];
    for (const list of lists) {
      await openTab(admin, list.tab, list.heading);
      const made: Array<{ secret: string; mark: string }> = [];
      for (let i = 0; i < 2; i++) {
        await admin.getByRole('button', { name: list.make }).click();
        await expect.poll(() => admin.locator(list.secret).innerText()).not.toBe(made.at(-1)?.secret ?? '');
        const mark = (await admin.locator(list.mark).innerText({ timeout: 5_000 })).replace('Kenmerk in de lijst: ', '');
        made.push({ secret: await admin.locator(list.secret).innerText(), mark });
      }
      const marks = made.map((one) => one.mark);
      madeMarks.push(...marks);
      expect(marks, list.tab).toEqual([expect.stringMatching(/^[0-9A-F]{4}$/), expect.stringMatching(/^[0-9A-F]{4}$/)]);
      expect(marks[0]).not.toBe(marks[1]);
      const table = admin.locator(list.table);
      for (const { secret, mark } of made) {
        // the row says its kenmerk first (its row header), and its "Intrekken" names it
        await expect.poll(() => table.locator('tbody th[scope="row"]').allInnerTexts(), { message: list.tab }).toContain(mark);
        expect(await table.getByRole('button', { name: new RegExp(`^${list.button} ${mark} van .+ intrekken$`) }).count()).toBe(1);
        expect(await table.innerText()).not.toContain(secret);
      }
      const names = await table.getByRole('button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent));
      expect(names.length, list.tab).toBeGreaterThanOrEqual(2);
      expect(new Set(names).size, `${list.tab}: buttons named alike`).toBe(names.length);
      expect(await axeViolations(admin)).toEqual([]);
    }
    await checkLaptopPage(admin, 'toegang-kenmerk', SHOTS);
    // The Logboek names each by its kenmerk as well (it said "Toegangscode coördinator" for both).
    await openTab(admin, 'Logboek', 'Logboek');
    const subjects = () => admin.locator('#audit-table tbody td[data-label="Onderwerp"]').allInnerTexts();
    for (const mark of madeMarks) await expect.poll(async () => (await subjects()).filter((subject) => subject.endsWith(`, kenmerk ${mark}`)), { message: mark }).toHaveLength(1);
    await context.close();
  });

  it('lets the national team manage organisations, national tokens, the population and read the whole log', async () => {
    const context = await newContext(1280, 800);
    const page = await openControlled(context, server.url);
    await signInWithToken(page, `${server.url}/#/beheer`, nationalToken);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/beheer/organisaties');
    await page.locator('#organisations-table').waitFor();
    await page.getByLabel('Naam van de organisatie').fill('Bibliotheek Zuiderzee');
    await page.getByLabel('Gemeentecode (mag leeg)').fill('GM12');
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText('Vul de gemeentecode in: GM en vier cijfers, of laat het leeg.').waitFor();
    await page.getByLabel('Gemeentecode (mag leeg)').fill('GM0263');
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText('Organisatie Bibliotheek Zuiderzee toegevoegd.').waitFor();
    await page.locator('#organisations-table tbody tr', { hasText: 'Bibliotheek Zuiderzee' }).waitFor();
    await checkLaptopPage(page, 'organisaties', SHOTS);
    await page.getByRole('button', { name: 'Bibliotheek Zuiderzee hernoemen' }).click();
    await page.getByLabel('Naam van de organisatie').fill('Bibliotheek Zuiderzeeland');
    await page.getByRole('button', { name: 'Naam opslaan' }).click();
    await page.getByText('De organisatie heet nu Bibliotheek Zuiderzeeland.').waitFor();
    await page.getByRole('button', { name: 'Bibliotheek Zuiderzeeland deactiveren' }).click();
    await page.getByRole('button', { name: 'Ja, deactiveren' }).click();
    await page.getByText(/^Bibliotheek Zuiderzeeland is gedeactiveerd/).waitFor();

    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Toegangscodes en inwonertallen' }).click();
    await page.getByRole('heading', { name: 'Landelijke toegangscodes', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Landelijke toegangscode maken' }).click();
    await page.locator('#new-token').waitFor();
    await page.getByRole('button', { name: 'Inwonertallen inlezen' }).click();
    await page.getByText('Kies eerst het CSV-bestand van het CBS.').waitFor();
    // The CBS file from disk: a bad line, then put right in the same file. Read after it changed, the browser refuses
    // it (the button did nothing); chosen again from the same place, Chromium fired no change and kept the old file.
    const folder = mkdtempSync(join(tmpdir(), 'ido-cbs-'));
    const cbs = join(folder, 'cbs.csv');
    const chooseCbs = async () => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByLabel('CSV-bestand van het CBS').click();
      await (await chooser).setFiles(cbs);
    };
    try {
      writeFileSync(cbs, 'code;name;province;population\nGM0828;Oss;Noord-Brabant;veel\n');
      await chooseCbs();
      await page.getByRole('button', { name: 'Inwonertallen inlezen' }).click();
      await page.getByRole('alert').getByText(/regel/).waitFor(); // the server's message names the bad line
      writeFileSync(cbs, 'code;name;province;population\nGM0828;Oss;Noord-Brabant;95000\n');
      await page.getByRole('button', { name: 'Inwonertallen inlezen' }).click();
      await page.getByText('Dit bestand kan niet meer gelezen worden, misschien is het intussen veranderd. Kies het opnieuw.').waitFor();
      await chooseCbs();
      await page.getByRole('button', { name: 'Inwonertallen inlezen' }).click();
      await page.getByText(/^1 gemeente ingelezen/).waitFor();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await checkLaptopPage(page, 'landelijk', SHOTS);

    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Logboek' }).click();
    await page.locator('#audit-table').waitFor();
    const log = await page.locator('#audit-table tbody').innerText();
    for (const action of ['Organisatie gemaakt', 'Organisatie hernoemd', 'Organisatie gedeactiveerd', 'Inwonertallen ingelezen']) expect(log).toContain(action);
    // The national log says whose row it is, and names the organisation it changed.
    const renamed = page.locator('#audit-table tbody tr', { hasText: 'Organisatie hernoemd' });
    expect(await renamed.locator('td[data-label="Organisatie"]').innerText()).toBe('Bibliotheek Zuiderzeeland');
    expect(await renamed.locator('td[data-label="Onderwerp"]').innerText()).toBe('Bibliotheek Zuiderzeeland');
    expect(await page.locator('#audit-table tbody tr', { hasText: 'Inwonertallen ingelezen' }).first().locator('td[data-label="Organisatie"]').innerText()).toBe('Landelijk');
    expect(await renamed.locator('td[data-label="Wie"]').innerText()).toMatch(/^Landelijk team \(toegangscode van \d{1,2} [a-z]{3} \d{4}, \d\d:\d\d, kenmerk [0-9A-F]{4}\)$/);
    await checkLaptopPage(page, 'logboek-landelijk', SHOTS);

    // The national team's own inbox: the report the coordinator passed on (first test), and the national entries
    // not checked for six months.
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Kaart-inbox' }).click();
    await page.getByRole('heading', { name: "Meldingen 'Klopt niet' over landelijke gegevens", level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Lang niet gecontroleerd', level: 2 }).waitFor();
    await expect.poll(() => page.getByText(/Diensten worden geladen/).count()).toBe(0);
    const passedOn = page.locator('section[aria-labelledby="inbox-feedback-heading"] .ido-list__item', { hasText: 'Op woensdag <b>dicht</b>.' });
    await passedOn.waitFor();
    expect(await passedOn.innerText()).toMatch(/Doorgegeven door Voorbeeldbibliotheek[^\n]* op \d+ [a-z]+ \d{4} om \d{2}:\d{2}\./);
    expect(await passedOn.getByRole('button').allInnerTexts()).toEqual(['Aangepast', 'Klopt wel']);
    await checkLaptopPage(page, 'kaart-inbox-landelijk', SHOTS);
    await passedOn.getByRole('button', { name: 'Aangepast' }).click();
    await page.getByText(/afgehandeld: aangepast\./).waitFor();
    await expect.poll(() => passedOn.count()).toBe(0);
    await page.getByText('Er zijn geen meldingen over landelijke gegevens. Alles is afgehandeld.').waitFor();
    // The organisation's own inbox (the national team may open it) now says what the national team did with it.
    await page.goto(`${server.url}/#/beheer/${DEMO_ORGANISATION}/inbox`);
    const answered = page.locator('section[aria-labelledby="inbox-passed-on-heading"] .ido-list__item', { hasText: 'Op woensdag <b>dicht</b>.' });
    // The day the server kept, in Amsterdam (not the test's own clock: a run around midnight would see two days).
    const reports = await (await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/kaart-inbox/passed-on`, { headers: { authorization: `Bearer ${nationalToken}` } })).json() as { reports: Array<{ note: string; national: { at: string } | null }> };
    const closedAt = reports.reports.find((r) => r.note === 'Op woensdag <b>dicht</b>.')?.national?.at;
    expect(closedAt).toEqual(expect.any(String));
    const day = new Date(closedAt!).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
    await answered.getByText(`Stand: aangepast door het landelijk team op ${day}.`).waitFor();
    expect(await answered.getByRole('heading', { level: 3 }).innerText()).toBe('Dienst Toeslagen: hulp bij toeslagen');
    await expect.poll(() => page.getByText(/worden geladen/).count()).toBe(0);
    await checkLaptopPage(page, 'kaart-inbox-doorgegeven', SHOTS);

    // National opens an organisation's own pages from the list.
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Organisaties' }).click();
    await page.locator('#organisations-table a', { hasText: '(demo)' }).first().click();
    await page.locator('#locations-table tbody tr', { hasText: 'Bibliotheek Centrum' }).waitFor();
    await page.getByRole('link', { name: 'Alle organisaties' }).waitFor();
    await context.close();
  });

  it('empties the new organisation form once one is added, so a second tap adds no second organisation', async () => {
    const context = await newContext(1280, 800);
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer`, nationalToken);
    await page.locator('#organisations-table').waitFor();
    await page.getByLabel('Naam van de organisatie').fill('Bibliotheek Eemland');
    await page.getByLabel('Gemeentecode (mag leeg)').fill('GM0307');
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText('Organisatie Bibliotheek Eemland toegevoegd.').waitFor();
    await page.locator('#organisations-table tbody tr', { hasText: 'Bibliotheek Eemland' }).waitFor();
    // The form kept the name and the code: a second tap added the same organisation again, and the next one got GM0307.
    expect(await page.getByLabel('Naam van de organisatie').inputValue()).toBe('');
    expect(await page.getByLabel('Gemeentecode (mag leeg)').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText('Vul de naam van de organisatie in.').waitFor();
    const organisations = await (await fetch(`${server.url}/api/v1/admin/organisations`, { headers: { authorization: `Bearer ${nationalToken}` } })).json() as { organisations: Array<{ name: string }> };
    expect(organisations.organisations.filter((o) => o.name === 'Bibliotheek Eemland')).toHaveLength(1);
    await context.close();
  });

  it('counts an emoji in an organisation\'s name as one character, as the server does: 201 are named too long, 200 are added whole', async () => {
    const context = await newContext(1280, 800);
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer`, nationalToken);
    await page.locator('#organisations-table').waitFor();
    const name = page.getByLabel('Naam van de organisatie');
    // the box's maxlength counts UTF-16 units (an emoji 2): it holds 400, so it never cuts a name the check takes, and
    // the check counts characters: 199 emoji and 2 letters are 201
    await name.fill(`${'🌷'.repeat(199)}ab`);
    expect([...await name.inputValue()]).toHaveLength(201);
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.getByText('De naam is te lang: hoogstens 200 tekens. Nu zijn het er 201.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('🌷'.repeat(200));
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click();
    await page.locator('#organisations-table tbody tr', { hasText: '🌷'.repeat(200) }).waitFor();
    const organisations = await (await fetch(`${server.url}/api/v1/admin/organisations`, { headers: { authorization: `Bearer ${nationalToken}` } })).json() as { organisations: Array<{ name: string }> };
    expect(organisations.organisations.filter((o) => o.name === '🌷'.repeat(200))).toHaveLength(1);
    await context.close();
  });

  it('opens on a laptop\'s first visit without asking for a koppelcode, and says so in Dutch when the server cannot be reached', async () => {
    const context = await newContext(1280, 800);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/beheer`);
    await page.getByLabel('Toegangscode').fill(coordinatorToken);
    await context.route('**/api/v1/admin/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').getByText('Geen verbinding met de server. Probeer het opnieuw.').waitFor();
    await context.unroute('**/api/v1/admin/**');
    await page.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await page.locator('#locations-table').waitFor();
    await context.close();
  });

  it('does not ask a laptop in Beheer to link a tablet: no status bar there, nothing in its place', async () => {
    // A probe's laptop, signed in with a coordinator token, read "0 alleen op deze tablet · tablet nog niet gekoppeld" beside
    // "Tablet koppelen"; then an empty box stood there (session 44). A laptop's status bar would say nothing: it is not there.
    const context = await newContext(1280, 800);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/beheer`);
    await page.locator('#sync-status-line').waitFor({ state: 'attached' });
    const mainTop = await page.locator('#main').evaluate((main) => main.getBoundingClientRect().top);
    expect(mainTop).toBe(await page.locator('header.ido-header').evaluate((header) => header.getBoundingClientRect().bottom));
    await page.getByLabel('Toegangscode').fill(coordinatorToken);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.locator('#locations-table').waitFor();
    expect(await page.locator('.ido-statusbar').isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: 'Versturen' }).count()).toBe(0);
    expect(await page.locator('#main').evaluate((main) => main.getBoundingClientRect().top)).toBe(mainTop);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/laptop-statusbalk-1280x800.png` });

    // Registrations tried out in this browser ("Nu niet") and not sent are still said on a laptop page, without the push to link.
    const tablet = await openControlled(context, server.url);
    await registerContacts(tablet, 1);
    await expect.poll(() => statusLine(tablet)).toBe('1 alleen op deze tablet · tablet nog niet gekoppeld');
    expect(await tablet.locator('.ido-statusbar').getByRole('link', { name: 'Tablet koppelen' }).count()).toBe(1);
    await tablet.goto(`${server.url}/#/dashboard`);
    await expect.poll(() => statusLine(tablet)).toBe('1 registratie nog niet verstuurd, alleen op dit apparaat');
    expect(await tablet.locator('.ido-statusbar a, .ido-statusbar button').count()).toBe(0);
    await tablet.screenshot({ path: `${SHOTS}/laptop-statusbalk-niet-verstuurd-1280x800.png` });
    await context.close();
  });
});
