import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, kaartSource, readTablet, recordRenders, renders, signInWithToken, smallTapTargets, tabletContext } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

/*
 * The Snelwijzer in Chromium against the built app and server: a staff tablet holds the national cards
 * after its first sync, finds the DigiD card from the registration form while offline, and a
 * coordinator's adapted copy reaches the staff tablet with the next sync, shown as text whatever was typed.
 */
const DIGID_CARD = 'DigiD aanvragen: wat heeft de bezoeker nodig';

let browser: Browser;
let server: RunningServer;
let staffCode = '';
let coordinatorCode = '';
let coordinatorToken = '';
let nationalToken = '';

beforeAll(async () => {
  browser = await launchChromium();
  // A fresh server with the demo kaart and its national cards, then codes made with the admin CLI.
  const seeding = await startServer(inject('e2eDist'));
  await seeding.stop({ keepData: true });
  staffCode = runAdmin(seeding.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
  coordinatorCode = runAdmin(seeding.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
  coordinatorToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
  nationalToken = runAdmin(seeding.dataDir, ['create-token', '--role', 'national']);
  server = await startServer(inject('e2eDist'), {}, seeding.dataDir);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The titles of the cards in the tablet's own database. */
const storedCardTitles = async (page: Page) => ((await readTablet<Array<{ title: string }>>(page, { store: 'snelwijzerCards', read: 'rows' })) ?? []).map((card) => card.title);

async function enrolledTablet(code: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await tabletContext(browser);
  const page = await enrollInApp(context, server.url, code);
  // The first sync swaps the example kaart and cards for the organisation's own, then pulls the national cards.
  await expect.poll(() => kaartSource(page, { pulled: true }), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
  await expect.poll(() => storedCardTitles(page), { timeout: 30_000 }).toContain(DIGID_CARD);
  return { context, page };
}

const syncNow = async (page: Page) => {
  const button = page.getByRole('button', { name: 'Nu versturen' });
  if (await button.count()) await button.click({ timeout: 3_000 }).catch(() => undefined);
  else await page.evaluate(() => dispatchEvent(new Event('online')));
};

/** Syncs the staff tablet until its database holds a card with this title. */
async function syncUntilCard(page: Page, title: string): Promise<void> {
  await expect.poll(async () => {
    await syncNow(page);
    return storedCardTitles(page);
  }, { timeout: 60_000, interval: 2_000 }).toContain(title);
}

describe('the Snelwijzer', () => {
  let staff: { context: BrowserContext; page: Page };
  let coordinator: { context: BrowserContext; page: Page };

  it('offline, a staff member picks DigiD in the form and opens the matching card in two taps, the form kept', async () => {
    staff = await enrolledTablet(staffCode);
    const { context, page } = staff;
    await context.setOffline(true);
    await page.goto(`${server.url}/#/`);
    await page.reload();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    const help = page.locator('#f-questions-0-topic-help');
    await help.getByText('Hulp bij dit onderwerp').waitFor();
    expect(await help.locator('summary').allInnerTexts()).toEqual([DIGID_CARD, 'Wat doen we niet']);
    await help.getByText(DIGID_CARD).click();
    const card = help.locator('details[open]');
    await card.getByText('Burgerservicenummer').first().waitFor();
    expect(await card.locator('ol > li').count()).toBe(5);
    // whom to call, in the same two taps: the partner's number and whether it is open now (offline, from the tablet's kaart)
    await card.locator('.ido-partner-contact').getByText('Bellen: 0000-000 006 (Voorbeeldnummer, werkt niet)').waitFor();
    expect(await card.innerText()).toContain('Verwijs naar: DigiD Helpdesk');
    // The helpdesk is open on weekdays 8:00–22:00, so the words depend on the clock this runs at (every shape is
    // in opening-hours.ts; the unit tests pin each one at a fixed clock): one of them, with a time where it names one.
    expect(await card.locator('.ido-partner-contact .ido-muted').innerText())
      .toMatch(/^\((Open nu tot \d{1,2}:\d{2}|Opent [a-z]+ om \d{1,2}:\d{2}|Gesloten|Tijdelijk gesloten)\)$/);
    // The form is untouched: DigiD is still chosen.
    expect(await page.locator('#f-questions-0-topics').getByRole('checkbox', { name: 'DigiD' }).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/snelwijzer-form-help-1024x768.png', fullPage: true });

    // The card's own page: steps, partner link, no edit button on a staff tablet.
    await page.goto(`${server.url}/#/snelwijzer`);
    await page.getByRole('link', { name: DIGID_CARD }).click();
    await page.getByRole('heading', { name: DIGID_CARD, level: 1 }).waitFor();
    const article = page.locator('article');
    expect(await article.getByRole('link', { name: 'DigiD Helpdesk' }).getAttribute('href')).toMatch(/^#\/kaart\/dienst\//);
    expect(await page.getByRole('link', { name: 'Bewerken' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/snelwijzer-card-1024x768.png', fullPage: true });
    // "Laatst gecontroleerd" grows a warning after six months (the demo cards were checked on 1 October 2026).
    expect(await page.getByText('langer dan zes maanden geleden').count()).toBe(0);
    await page.goto(`${page.url()}?nu=2027-04-02T10:00`);
    await page.getByText('Laatst gecontroleerd op 1 oktober 2026: langer dan zes maanden geleden.').waitFor();
    // Typing the edit address on a staff tablet gives no edit page.
    await page.goto(`${server.url}/#/snelwijzer/nieuw`);
    await page.getByText('Alleen een coördinator kan kaarten van de Snelwijzer schrijven.').waitFor();
    expect(await page.getByRole('button', { name: 'Kaart opslaan' }).count()).toBe(0);
  });

  it('offline, one search box finds kaart entries and cards, the cards marked "Snelwijzer"', async () => {
    const { page } = staff;
    await page.goto(`${server.url}/#/kaart`);
    await page.getByLabel('Zoek hulp').fill('digid aanvragen');
    await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toMatch(/resultaten?$/);
    const texts = await page.locator('#kaart-results li').allInnerTexts();
    expect(texts.some((text) => text.includes(DIGID_CARD) && text.includes('Snelwijzer'))).toBe(true);
    expect(texts.some((text) => text.includes('DigiD Helpdesk') && !text.includes('Snelwijzer'))).toBe(true);
    await page.getByRole('link', { name: DIGID_CARD }).click();
    await page.getByRole('heading', { name: DIGID_CARD, level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Snelwijzer', exact: true }).getAttribute('aria-current')).toBe('page');
    await page.goto(`${server.url}/#/snelwijzer`);
    await page.getByRole('heading', { name: 'Snelwijzer', level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a coordinator adapts a copy of a national card on one tablet; the staff tablet shows it after sync, as text', async () => {
    coordinator = await enrolledTablet(coordinatorCode);
    const page = coordinator.page;
    await coordinator.context.setOffline(true);
    await page.goto(`${server.url}/#/snelwijzer`);
    await page.getByRole('link', { name: DIGID_CARD }).click();
    await page.getByRole('button', { name: 'Kopiëren naar eigen kaarten' }).click();
    await page.getByRole('heading', { name: 'Kaart bewerken', level: 1 }).waitFor();
    // Bad input first: the Dutch messages, nothing saved.
    await page.getByLabel('Titel').fill('');
    await page.getByRole('button', { name: 'Link toevoegen' }).click();
    await page.getByLabel('Naam van link 2').fill('Klik hier');
    await page.getByLabel('Adres van link 2').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Kaart opslaan' }).click();
    // at the field, and in the summary as a link to it
    await page.locator('#card-title-error').getByText('De titel mag niet leeg zijn.').waitFor();
    await page.locator('#card-link-1-url-error').getByText('Een link moet een https-adres zijn, zoals https://www.digid.nl.').waitFor();
    expect(await page.locator('#card-error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#card-title', '#card-link-1-url']);
    // axe on the form at rest (not the pressed, hovered button under the pointer).
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Link 2 weghalen' }).click();
    await page.getByLabel('Titel').fill('DigiD aanvragen bij ons');
    const body = page.getByLabel('Zo helpt u (stappen en uitleg)');
    await body.fill(`${await body.inputValue()}\n\nBij ons: **elke dinsdag** <img src=x onerror="document.title='pwned'"> <script>document.title='pwned'</script>`);
    await page.getByRole('button', { name: 'Kaart opslaan' }).click();
    await page.getByRole('heading', { name: 'DigiD aanvragen bij ons', level: 1 }).waitFor();
    await coordinator.context.setOffline(false);
    await syncNow(page);
    await expect.poll(() => page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/alles verstuurd/);

    const staffPage = staff.page;
    await staff.context.setOffline(false);
    await expect.poll(async () => {
      await syncNow(staffPage);
      return storedCardTitles(staffPage);
    }, { timeout: 60_000, interval: 2_000 }).toContain('DigiD aanvragen bij ons');
    await staffPage.goto(`${server.url}/#/`);
    await staffPage.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    const help = staffPage.locator('#f-questions-0-topic-help');
    // The organisation's copy takes the national card's place.
    await expect.poll(() => help.locator('summary').allInnerTexts()).toEqual(['DigiD aanvragen bij ons', 'Wat doen we niet']);
    await help.getByText('DigiD aanvragen bij ons').click();
    const article = help.locator('details[open]');
    await article.getByText('elke dinsdag').waitFor();
    expect(await article.locator('strong', { hasText: 'elke dinsdag' }).count()).toBe(1);
    expect(await article.innerText()).toContain('<img src=x onerror=');
    expect(await article.innerText()).toContain('<script>');
    expect(await article.locator('img, script').count()).toBe(0);
    expect(await staffPage.title()).not.toContain('pwned');
    expect(await axeViolations(staffPage)).toEqual([]);
  });

  it('the coordinator edits the own card again on its tablet; the other tablet shows the edit after sync', async () => {
    const page = coordinator.page;
    await page.goto(`${server.url}/#/snelwijzer`);
    await page.getByRole('link', { name: 'DigiD aanvragen bij ons' }).click();
    await page.getByRole('link', { name: 'Bewerken' }).click();
    await page.getByRole('heading', { name: 'Kaart bewerken', level: 1 }).waitFor();
    // An emoji is one character, as the server counts it: the title box (maxlength twice the limit, in UTF-16 units) holds
    // 119 emoji and 2 letters whole, and saving names them too long with that count.
    await page.getByLabel('Titel').fill(`${'📮'.repeat(119)}ab`);
    expect([...await page.getByLabel('Titel').inputValue()]).toHaveLength(121);
    await page.getByRole('button', { name: 'Kaart opslaan' }).click();
    await page.locator('#card-title-error').getByText('De titel is te lang: hoogstens 120 tekens. Nu zijn het er 121.').waitFor();
    await page.getByLabel('Titel').fill('DigiD aanvragen bij ons: dinsdag en donderdag');
    await page.getByLabel('Wat neemt de bezoeker mee').fill('- Paspoort of ID-kaart\n- De brief met de activeringscode');
    await page.getByRole('button', { name: 'Kaart opslaan' }).click();
    await page.getByRole('heading', { name: 'DigiD aanvragen bij ons: dinsdag en donderdag', level: 1 }).waitFor();
    await syncNow(page);
    await expect.poll(() => page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/alles verstuurd/);

    const staffPage = staff.page;
    await syncUntilCard(staffPage, 'DigiD aanvragen bij ons: dinsdag en donderdag');
    expect(await storedCardTitles(staffPage)).not.toContain('DigiD aanvragen bij ons');
    await staff.context.setOffline(true);
    await staffPage.goto(`${server.url}/#/snelwijzer`);
    await staffPage.getByRole('link', { name: 'DigiD aanvragen bij ons: dinsdag en donderdag' }).click();
    await staffPage.getByText('De brief met de activeringscode').waitFor();
    await staff.context.setOffline(false);
  });

  it('in beheer in the browser, a coordinator writes a card with a partner and edits it; tablets show both after sync; a stale edit is refused', async () => {
    const { context, admin } = await beheerSnelwijzer(coordinatorToken);
    await expect.poll(() => new URL(admin.url()).hash).toBe(`#/beheer/${DEMO_ORGANISATION}/snelwijzer`);
    await admin.getByRole('heading', { name: 'Eigen kaarten van de Snelwijzer' }).waitFor();
    // The tablet's copy is among the own cards; the national cards can be copied.
    await admin.getByRole('rowheader', { name: 'DigiD aanvragen bij ons: dinsdag en donderdag' }).waitFor();
    await admin.getByRole('button', { name: `Kopiëren en aanpassen: ${DIGID_CARD}` }).waitFor();
    await checkPage(admin, 'lijst');

    // By keyboard: the editor's heading has the focus in the render that shows it, before the next key (it was on the
    // page's body until the next frame).
    await recordRenders(admin, () => (document.getElementById('card-edit-heading') ? `editor, focus on ${document.activeElement?.id || document.activeElement?.tagName}` : 'list'));
    await admin.getByRole('button', { name: 'Nieuwe kaart' }).focus();
    await admin.keyboard.press('Enter');
    await admin.getByRole('heading', { name: 'Nieuwe kaart' }).waitFor();
    expect((await renders(admin)).find((state) => state !== 'list')).toBe('editor, focus on card-edit-heading');
    // The tablet's rules in the browser: the Dutch messages at the fields, nothing sent; a summary above, focused, links to each field.
    await admin.getByRole('button', { name: 'Kaart opslaan' }).click();
    await admin.locator('#card-title-error').getByText('De titel mag niet leeg zijn.').waitFor();
    await admin.locator('#card-topics-error').getByText('Kies minstens één onderwerp.').waitFor();
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('card-error-summary');
    expect(await admin.locator('#card-error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#card-title', '#card-topics', '#card-body']); // in the form's order
    await admin.locator('#card-error-summary a').first().click();
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('card-title');
    await admin.getByLabel('Titel').fill('Zorgtoeslag bij ons <b>snel</b>');
    await admin.locator('#card-topics').getByText('Toeslagen').first().click();
    await admin.getByLabel('Zo helpt u (stappen en uitleg)').fill('1. Log in met DigiD\n2. Kies **Wijziging doorgeven**');
    await admin.getByLabel('Wat neemt de bezoeker mee').fill('- DigiD-app\n- Loonstrook van deze maand');
    await admin.getByLabel('Zoek de partner op naam').fill('helpdesk');
    await admin.getByRole('button', { name: 'Zoeken', exact: true }).click();
    const found = admin.getByRole('list', { name: 'Gevonden partners' });
    await found.getByRole('button').first().waitFor();
    const partnerName = (await found.getByRole('button').first().innerText()).replace(/ \(.*\)$/, '');
    await found.getByRole('button').first().click();
    await admin.getByText(`Gekozen: ${partnerName}`, { exact: false }).waitFor();
    await checkPage(admin, 'nieuwe-kaart');
    await admin.getByRole('button', { name: 'Kaart opslaan' }).click();
    await admin.getByText(/De kaart "Zorgtoeslag bij ons <b>snel<\/b>" is opgeslagen/).waitFor();
    const row = admin.getByRole('row', { name: /Zorgtoeslag bij ons/ });
    expect(await row.innerText()).toContain(partnerName);

    // Edit it; meanwhile someone else saves the same card: the browser's save is refused, the newer version can be loaded.
    await admin.getByRole('button', { name: 'Kaart Zorgtoeslag bij ons <b>snel</b> bewerken' }).click();
    await admin.getByLabel('Titel').fill('Zorgtoeslag bij ons');
    const list = await (await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/snelwijzer`, { headers: { authorization: `Bearer ${coordinatorToken}` } })).json() as { own: Array<{ id: string; title: string; version: number } & Record<string, unknown>> };
    const stored = list.own.find((c) => c.title.startsWith('Zorgtoeslag'))!;
    const { title, topics, body, bring, links, service_id, checked_on } = stored;
    const other = await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/snelwijzer/${stored.id}`, {
      method: 'PUT', headers: { authorization: `Bearer ${coordinatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, topics, body: `${body as string}\n3. Bewaar de bevestiging`, bring, links, service_id, checked_on, baseVersion: stored.version }),
    });
    expect(other.status).toBe(200);
    await admin.getByRole('button', { name: 'Kaart opslaan' }).click();
    await admin.getByText(/Iemand anders heeft deze kaart intussen gewijzigd/).waitFor();
    await admin.getByRole('button', { name: /Nieuwe versie laden/ }).click();
    expect(await admin.getByLabel('Zo helpt u (stappen en uitleg)').inputValue()).toContain('Bewaar de bevestiging');
    await admin.getByLabel('Titel').fill('Zorgtoeslag bij ons');
    await admin.getByRole('button', { name: 'Kaart opslaan' }).click();
    await admin.getByText(/De kaart "Zorgtoeslag bij ons" is opgeslagen/).waitFor();
    expect(await admin.locator('body').innerText()).not.toContain(coordinatorToken);

    // Edited twice in a row: the list is read again after a save, and "Bewerken" before that answer came opened the card
    // from before the save, whose old version the server refused as a conflict. Here the list's answer waits until the
    // second save is done: the second edit starts from what the first save's answer says.
    await admin.getByRole('rowheader', { name: 'Zorgtoeslag bij ons', exact: true }).waitFor();
    const listPath = `**/api/v1/admin/organisations/${DEMO_ORGANISATION}/snelwijzer`;
    let releaseList!: () => void;
    const listHeld = new Promise<void>((resolve) => { releaseList = resolve; });
    await admin.route(listPath, async (route) => { if (route.request().method() === 'GET') await listHeld; await route.continue(); });
    const saveCard = async (bring: string) => {
      await admin.getByRole('button', { name: 'Kaart Zorgtoeslag bij ons bewerken' }).click();
      await admin.getByLabel('Wat neemt de bezoeker mee').fill(bring);
      const [put] = await Promise.all([
        admin.waitForResponse((response) => response.request().method() === 'PUT'),
        admin.getByRole('button', { name: 'Kaart opslaan' }).click(),
      ]);
      return { status: put.status(), sent: (put.request().postDataJSON() as { baseVersion: number }).baseVersion, stored: (await put.json() as { version?: number }).version };
    };
    const first = await saveCard('- DigiD-app\n- Loonstrook van deze maand\n- Bankpas');
    expect(first.status).toBe(200);
    await admin.getByText(/De kaart "Zorgtoeslag bij ons" is opgeslagen/).waitFor();
    expect(await saveCard('- DigiD-app\n- Loonstrook van deze maand\n- Bankpas of pinpas')).toMatchObject({ status: 200, sent: first.stored });
    await admin.getByText(/De kaart "Zorgtoeslag bij ons" is opgeslagen/).waitFor();
    releaseList();
    // the held answers go on before the route is taken away (else the page's clean-up answers them first: "already handled")
    await admin.unrouteAll({ behavior: 'wait' });

    // Both tablets show the browser's card after their next sync: offline, as text, with the partner and what to bring.
    await syncUntilCard(staff.page, 'Zorgtoeslag bij ons');
    await syncUntilCard(coordinator.page, 'Zorgtoeslag bij ons');
    const staffPage = staff.page;
    await staff.context.setOffline(true);
    await staffPage.goto(`${server.url}/#/snelwijzer`);
    await staffPage.getByRole('link', { name: 'Zorgtoeslag bij ons' }).click();
    await staffPage.getByText('Loonstrook van deze maand').waitFor();
    await staffPage.getByText('Bewaar de bevestiging').waitFor();
    await staffPage.locator('article .ido-partner-contact').getByText(partnerName).waitFor();
    await staff.context.setOffline(false);

    // Removed in the browser: its row goes at once (with the list's answer held: "Bewerken" on the row left until it
    // came opened a card that was gone), and it is gone from the tablet after its next sync.
    let releaseAfterRemove!: () => void;
    const heldAfterRemove = new Promise<void>((resolve) => { releaseAfterRemove = resolve; });
    await admin.route(listPath, async (route) => { if (route.request().method() === 'GET') await heldAfterRemove; await route.continue(); });
    await admin.getByRole('button', { name: 'Kaart Zorgtoeslag bij ons verwijderen' }).click();
    await admin.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await admin.getByText(/is verwijderd/).waitFor();
    expect(await admin.getByRole('rowheader', { name: 'Zorgtoeslag bij ons', exact: true }).count()).toBe(0);
    releaseAfterRemove();
    await admin.unrouteAll({ behavior: 'wait' });
    await expect.poll(async () => {
      await syncNow(staffPage);
      return storedCardTitles(staffPage);
    }, { timeout: 60_000, interval: 2_000 }).not.toContain('Zorgtoeslag bij ons');
    await context.close();
  });

  it('the national team keeps the national cards in beheer; a staff tablet gets the change at its next sync', async () => {
    const { context, admin } = await beheerSnelwijzer(nationalToken);
    await admin.getByRole('heading', { name: 'Landelijke kaarten van de Snelwijzer' }).waitFor();
    expect(await admin.getByRole('button', { name: /^Kopiëren en aanpassen/ }).count()).toBe(0);
    await checkPage(admin, 'landelijk');
    await admin.getByRole('button', { name: 'Kaart Wat doen we niet bewerken' }).click();
    await admin.getByLabel('Titel').fill('Wat doen we niet (landelijk)');
    await admin.getByRole('button', { name: 'Gecontroleerd vandaag' }).click();
    await admin.getByRole('button', { name: 'Kaart opslaan' }).click();
    await admin.getByText(/De kaart "Wat doen we niet \(landelijk\)" is opgeslagen/).waitFor();
    await syncUntilCard(staff.page, 'Wat doen we niet (landelijk)');
    await context.close();
  });

  it('a coordinator removes an own card on its tablet after an in-page question; the other tablet drops it after sync', async () => {
    const page = coordinator.page;
    await page.goto(`${server.url}/#/snelwijzer/nieuw`);
    // Saved empty: the problems are links to their fields, and the summary has the focus (a screen reader reads it first).
    await page.getByRole('button', { name: 'Kaart opslaan' }).click();
    const summary = page.locator('#card-error-summary');
    await summary.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('card-error-summary');
    expect(await summary.getByRole('link').count()).toBeGreaterThan(0);
    for (const link of await summary.getByRole('link').all()) {
      await link.click();
      expect(await page.evaluate(() => document.activeElement?.id), await link.innerText()).toBe((await link.getAttribute('href'))!.slice(1));
    }
    await page.getByLabel('Titel').fill('Tijdelijke kaart');
    await page.locator('#card-topics').getByText('Rijbewijs').first().click();
    await page.getByLabel('Zo helpt u (stappen en uitleg)').fill('Verwijs naar het gemeentehuis.');
    await page.getByRole('button', { name: 'Kaart opslaan' }).click();
    await page.getByRole('heading', { name: 'Tijdelijke kaart', level: 1 }).waitFor();
    await syncNow(page);
    await syncUntilCard(staff.page, 'Tijdelijke kaart');

    await page.getByRole('button', { name: 'Kaart Tijdelijke kaart verwijderen' }).click();
    // the question is asked in the page, the focus on "Nee, terug": a second tap or Enter changes nothing
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Nee, terug');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tijdelijke kaart', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Kaart Tijdelijke kaart verwijderen' }).click();
    await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await page.getByRole('heading', { name: 'Snelwijzer', level: 1 }).waitFor();
    await syncNow(page);
    await expect.poll(async () => {
      await syncNow(staff.page);
      return storedCardTitles(staff.page);
    }, { timeout: 60_000, interval: 2_000 }).not.toContain('Tijdelijke kaart');
  });
});

/** A laptop signed in to beheer with a token, on the tab "Snelwijzer". */
async function beheerSnelwijzer(token: string): Promise<{ context: BrowserContext; admin: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const admin = await context.newPage();
  await signInWithToken(admin, `${server.url}/#/beheer`, token);
  await admin.getByRole('heading', { name: /^Beheer: /, level: 1 }).waitFor();
  await admin.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Snelwijzer' }).click();
  return { context, admin };
}

/** axe-core clean, no tap target under 44 px, no sideways scroll; screenshots at 1280×800 and 768×1024. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
    await page.setViewportSize(viewport);
    await page.mouse.move(0, 0);
    expect(await axeViolations(page), `${name} at ${viewport.width}`).toEqual([]);
    expect(await smallTapTargets(page), `${name} at ${viewport.width}`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} at ${viewport.width}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `.tmp/screenshots/beheer/snelwijzer-${name}-${viewport.width}x${viewport.height}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

afterAll(async () => {
  await browser?.contexts().reduce((p, c) => p.then(() => c.close()), Promise.resolve());
});

