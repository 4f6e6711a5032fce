import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, kaartSource, openControlled, readTablet, recordRenders, renders, smallTapTargets, tabletContext } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

/** A Tuesday morning in November: the clock the "nu open" checks run at. */
const TUESDAY = '2026-11-24T10:30';

let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const results = (page: Page) => page.locator('#kaart-results li');

async function searchKaart(page: Page, query: string) {
  await page.getByLabel('Zoek hulp').fill(query);
  await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toMatch(/resultaten?$/);
}

describe('the sociale kaart offline', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    server = await startServer(inject('e2eDist'));
    context = await tabletContext(browser);
    page = await openControlled(context, server.url);
    await context.setOffline(true);
    await page.goto(`${server.url}/#/kaart?nu=${TUESDAY}`);
    await page.reload();
    await page.getByRole('heading', { name: 'Sociale kaart', level: 1 }).waitFor();
  });

  it('finds the toeslagen services first for "huurtoesl"', async () => {
    await searchKaart(page, 'huurtoesl');
    const first = await results(page).first().innerText();
    expect(first).toContain('Toeslagen & belasting');
    await page.screenshot({ path: '.tmp/screenshots/kaart-search-1024x768.png' });
  });

  it('hides a service that is closed now when "nu open" is on, at a fixed clock', async () => {
    await searchKaart(page, 'toeslag');
    expect(await results(page).allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Formulierenbrigade spreekuur')]));
    await page.getByRole('radio', { name: 'Nu open' }).check();
    await expect.poll(async () => (await results(page).allInnerTexts()).join('\n')).not.toContain('Formulierenbrigade spreekuur');
    expect((await results(page).allInnerTexts()).join('\n')).toContain('Dienst Toeslagen');
    await page.getByRole('radio', { name: 'Alles' }).check();
  });

  it('asks, on an empty search, only for what is on the screen, and says where the themes are', async () => {
    // It said "Kies een thema of zoek" while the themes were folded away under "Meer filters en thema’s".
    await page.goto(`${server.url}/#/kaart?nu=${TUESDAY}`);
    await page.reload();
    const heading = page.locator('#kaart-results-heading');
    await expect.poll(() => heading.innerText()).toBe('Typ wat u zoekt');
    const summary = page.locator('.ido-more-filters > summary');
    const themes = page.locator('#kaart-theme');
    expect(await themes.isVisible()).toBe(false);
    expect(await page.getByLabel('Zoek hulp').isVisible()).toBe(true);
    // The line under the heading names the fold the themes are in, by the words it shows.
    const hint = page.locator('#kaart-browse-hint');
    expect(await hint.innerText()).toBe('Of kies een thema bij ‘Meer filters en thema’s’ hierboven.');
    expect(await hint.innerText()).toContain(`‘${await summary.innerText()}’`);
    const [fold, line] = [(await summary.boundingBox())!, (await hint.boundingBox())!];
    expect(fold.y + fold.height).toBeLessThanOrEqual(line.y);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${process.env.IDO_SHOTS ?? '.tmp/screenshots'}/kaart-empty-search-1024x768.png` });

    // Following it: the themes, and a chosen one lists its services (the line goes with the empty search).
    await summary.click();
    await page.getByRole('radio', { name: 'Geld & schulden' }).check();
    await expect.poll(() => heading.innerText()).toMatch(/resultaten?$/);
    expect(await results(page).count()).toBeGreaterThan(0);
    expect(await hint.count()).toBe(0);
    await page.getByRole('radio', { name: 'Alle thema’s' }).check();
    await expect.poll(() => heading.innerText()).toBe('Typ wat u zoekt');
    if (await page.locator('.ido-more-filters').evaluate((details) => (details as HTMLDetailsElement).open)) await summary.click();
  });

  it('says the count to a screen reader once staff stop typing: not "Zoeken…" and a count at every pause, never "Typ wat u zoekt"', async () => {
    await page.goto(`${server.url}/#/kaart?nu=${TUESDAY}`);
    await page.reload();
    const heading = page.locator('#kaart-results-heading');
    await expect.poll(() => heading.innerText()).toBe('Typ wat u zoekt');
    // What a screen reader says by itself: the live regions' text, each time it changes.
    await recordRenders(page, () => [...document.querySelectorAll('main [aria-live], main [role="status"], main [role="alert"]')]
      .map((region) => region.textContent?.trim() ?? '').filter(Boolean).join(' | '));
    const said = async () => (await renders(page)).filter(Boolean);
    const box = page.getByLabel('Zoek hulp');
    const top = await heading.evaluate((element) => element.getBoundingClientRect().top);
    // Typed letter by letter with short pauses (each longer than the search's own wait): the heading follows, and the
    // count is said once, when the typing stopped and the answer to the whole word is in.
    await box.focus();
    await page.keyboard.type('huurtoeslag', { delay: 150 });
    await expect.poll(async () => (await said()).at(-1)).toMatch(/resultaten?$/);
    expect(await said()).toEqual([await heading.innerText()]);
    expect(await heading.evaluate((element) => element.getBoundingClientRect().top)).toBe(top);
    // Emptied: the page asks "Typ wat u zoekt", and that is not said, nor the count that went.
    await box.fill('');
    await expect.poll(() => heading.innerText()).toBe('Typ wat u zoekt');
    expect((await renders(page)).at(-1)).toBe('');
    expect((await said()).filter((text) => /Typ wat u zoekt|Zoeken/.test(text))).toEqual([]);
    // A filter tapped is said at its answer.
    await box.fill('toeslag');
    await expect.poll(async () => (await renders(page)).at(-1)).toMatch(/resultaten?$/);
    const before = (await renders(page)).length;
    await page.getByRole('radio', { name: 'Nu open' }).check();
    // emptied as the question changed, then said with its answer
    await expect.poll(async () => {
      const states = await renders(page);
      return states.length >= before + 2 && states.at(-1) === await heading.innerText();
    }).toBe(true);
    expect((await said()).filter((text) => /Typ wat u zoekt|Zoeken/.test(text))).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('radio', { name: 'Alles' }).check();
    await box.fill('');
  });

  it('lists the services near an IDO location, nearest first, within the chosen distance', async () => {
    await page.getByLabel('Zoek hulp').fill('');
    await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toBe('Typ wat u zoekt');
    await page.getByText('Meer filters en thema’s', { exact: true }).click();
    // The distance first: the list stays hidden until a place is chosen, so the first list shown is the 1 km one.
    await page.getByLabel('Afstand').selectOption('1');
    try {
      await page.getByLabel('In de buurt van').selectOption({ label: 'Bibliotheek Centrum' });
      // Wait for the answer to this filter: every result then carries its distance.
      const withDistance = async () => {
        const texts = await results(page).allInnerTexts();
        return texts.length > 0 && texts.every((text) => / km/.test(text)) ? texts : undefined;
      };
      await expect.poll(withDistance, { timeout: 15_000 }).toBeDefined();
      const distances = (await withDistance())!.map((text) => Number(text.match(/([\d,]+) km/)![1].replace(',', '.')));
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(Math.max(...distances)).toBeLessThanOrEqual(1);
    } finally {
      await page.getByLabel('In de buurt van').selectOption({ label: 'Overal' });
    }
  });

  it('shows an entry with a tap-to-call link and no accessibility problems', async () => {
    await searchKaart(page, 'dienst toeslagen');
    await page.getByRole('link', { name: 'Dienst Toeslagen: hulp bij toeslagen' }).click();
    await page.getByRole('heading', { name: 'Dienst Toeslagen: hulp bij toeslagen', level: 1 }).waitFor();
    expect(await page.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screenshots/kaart-entry-1024x768.png', fullPage: true });
  });

  it('shows an opening-hours note once, among the hours', async () => {
    const entry = page.url();
    await page.goto(`${server.url}/#/kaart?nu=${TUESDAY}`);
    await page.getByRole('heading', { name: 'Sociale kaart', level: 1 }).waitFor();
    await searchKaart(page, 'schuldhulpverlening');
    await page.getByRole('link', { name: 'Schuldhulpverlening' }).first().click();
    await page.getByRole('heading', { name: 'Schuldhulpverlening', level: 1 }).waitFor();
    const article = await page.locator('article').innerText();
    expect(article.split('Alleen op afspraak.').length - 1).toBe(1);
    // Back to the entry the next test registers a referral from.
    await page.goto(entry);
    await page.getByRole('heading', { name: 'Dienst Toeslagen: hulp bij toeslagen', level: 1 }).waitFor();
  });

  it('stores the kaart service id in a referral registered from an entry', async () => {
    const serviceId = decodeURIComponent(page.url().split('/kaart/dienst/')[1]);
    await page.getByRole('button', { name: 'Registreer verwijzing' }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
    await page.locator('#f-questions-0-topics').getByRole('checkbox', { name: 'Toeslagen' }).check();
    await page.locator('#f-questions-0-resolved').getByRole('radio', { name: 'Deels' }).check();
    expect(await page.locator('#f-questions-0-referral-serviceId').getByRole('radio', { name: 'Dienst Toeslagen: hulp bij toeslagen' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    const stored = await readTablet<unknown[]>(page, { store: 'registrations', read: 'rows' });
    expect(stored).toHaveLength(1);
    expect((stored![0] as { questions: Array<{ referral?: object }> }).questions[0].referral).toEqual({ kind: 'extern', serviceId });
  });

  it('counts an emoji in a "Klopt niet" note as one character, as the server does: 500 go, 501 are named too long', async () => {
    await page.goto(`${server.url}/#/kaart?nu=${TUESDAY}`);
    await searchKaart(page, 'dienst toeslagen');
    await page.getByRole('link', { name: 'Dienst Toeslagen: hulp bij toeslagen' }).click();
    await page.getByRole('heading', { name: 'Dienst Toeslagen: hulp bij toeslagen', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Klopt niet' }).click();
    const note = page.getByLabel('Wat klopt er niet?');
    // the box's maxlength counts UTF-16 units (an emoji 2): it holds 1,000, so it never cuts a note the check takes, and the
    // check counts characters: 499 emoji and 2 letters are 501
    await note.fill(`${'🙂'.repeat(499)}ab`);
    expect([...await note.inputValue()]).toHaveLength(501);
    await page.getByRole('button', { name: 'Melden aan de coördinator' }).click();
    await page.locator('#feedback-note-error').getByText('Gebruik hoogstens 500 tekens. Nu zijn het er 501.').waitFor();
    // the box names its error and help, as every field does (ui/Field.tsx describedBy); typing takes the error away
    expect(await note.getAttribute('aria-invalid')).toBe('true');
    expect(await note.getAttribute('aria-describedby')).toBe('feedback-note-description feedback-note-error');
    expect(await axeViolations(page)).toEqual([]);
    await note.fill('🙂'.repeat(500));
    expect(await note.getAttribute('aria-invalid')).toBeNull();
    expect(await note.getAttribute('aria-describedby')).toBe('feedback-note-description');
    await page.getByRole('button', { name: 'Melden aan de coördinator' }).click();
    await page.getByText('De coördinator krijgt uw melding').waitFor();
    const marks = await readTablet<Array<{ note: string }>>(page, { store: 'kaartFeedback', read: 'rows' });
    expect(marks!.map((mark) => [...mark.note].length)).toEqual([500]);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('an empty kaart', () => {
  // the server of the describe before, or (this describe alone) its own
  beforeAll(async () => {
    server ??= await startServer(inject('e2eDist'));
  });

  it('says why on a linked tablet whose kaart has not come yet, and what to do; the message goes once the kaart is there', async () => {
    // It said only "Kies een thema of zoek", and every search "0 resultaten", as if the kaart was broken.
    const own = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const kaartChanges = /\/api\/v1\/kaart\/changes/;
    await own.route(kaartChanges, (route) => route.abort());
    const tablet = await enrollInApp(own, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await tablet.getByRole('link', { name: 'Sociale kaart' }).click();
    await tablet.getByRole('heading', { name: 'Sociale kaart', level: 1 }).waitFor();
    const empty = tablet.locator('#kaart-empty');
    await expect.poll(() => empty.textContent()).toBe('Er staan nog geen diensten op de sociale kaart van deze tablet. Is de tablet net gekoppeld? Dan komen ze vanzelf zodra de tablet internet heeft. Blijft de kaart leeg? Vraag de coördinator om diensten toe te voegen.');
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: '.tmp/screenshots/kaart-empty-768x1024.png' });
    // Where the page's parts are in the window: the message going when the kaart comes moves none of them.
    const places = () => tablet.evaluate(() => Object.fromEntries(['#kaart-query', '#kaart-results-heading', '.ido-more-filters']
      .map((selector) => [selector, Math.round(document.querySelector(selector)!.getBoundingClientRect().top)])));
    const before = await places();
    // The network back (an 'online' event): the kaart comes, and the message goes.
    await own.unroute(kaartChanges);
    await own.setOffline(true);
    await own.setOffline(false);
    await expect.poll(() => kaartSource(tablet, { pulled: true }), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
    await expect.poll(() => empty.count()).toBe(0);
    expect(await places()).toEqual(before);
    await searchKaart(tablet, 'schulden');
    expect(await results(tablet).count()).toBeGreaterThan(0);
    await own.close();
  });
});

describe('kaart edits between two tablets', () => {
  let codes: string[];
  beforeAll(async () => {
    // A fresh server with the demo kaart, then two coordinator codes made with the admin CLI.
    await server?.stop();
    const seeding = await startServer(inject('e2eDist'));
    await seeding.stop({ keepData: true });
    codes = [0, 1, 2, 3].map(() => runAdmin(seeding.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    staffCode = runAdmin(seeding.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
    reportingStaffCode = runAdmin(seeding.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
    server = await startServer(inject('e2eDist'), {}, seeding.dataDir);
  });
  let staffCode: string;
  let reportingStaffCode: string;

  it('marks a result that a colleague reported as wrong with "Gemeld: klopt niet", in words a screen reader reads with the link', async () => {
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, reportingStaffCode);
    await expect.poll(() => kaartSource(page), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
    await page.goto(`${server.url}/#/kaart`);
    await searchKaart(page, 'taalcafe');
    const link = page.getByRole('link', { name: 'Taalcafé' });
    const item = results(page).filter({ has: link });
    expect(await item.innerText()).not.toContain('Gemeld');
    expect(await link.getAttribute('aria-describedby')).toBeNull();
    await link.click();
    await page.getByRole('button', { name: 'Klopt niet' }).click();
    await page.getByLabel('Wat klopt er niet?').fill('Op woensdag dicht.');
    await page.getByRole('button', { name: 'Melden aan de coördinator' }).click();
    await page.getByText('De coördinator krijgt uw melding').waitFor();
    await page.goto(`${server.url}/#/kaart`);
    await searchKaart(page, 'taalcafe');
    await item.getByText('Gemeld: klopt niet').waitFor();
    // Described by the mark: the link's accessible description carries it, the name stays the service's name.
    const describedBy = await link.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe('Gemeld: klopt niet');
    // Only the reported entry: a search with other services shows no mark on them.
    await searchKaart(page, 'huurtoesl');
    await expect.poll(() => page.locator('#kaart-results').innerText()).toContain('Toeslagen & belasting');
    expect(await page.locator('#kaart-results').innerText()).not.toContain('Gemeld');
    await searchKaart(page, 'taalcafe');
    await item.getByText('Gemeld: klopt niet').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await context.close();
  });

  it('shows a staff tablet that opens an edit or import address why not and the way back, not a form the server would refuse', async () => {
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, staffCode);
    await expect.poll(() => kaartSource(page), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
    await page.goto(`${server.url}/#/kaart`);
    await searchKaart(page, 'taalcafe');
    await page.getByRole('link', { name: 'Taalcafé' }).click();
    await page.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    const serviceUrl = page.url();
    expect(await page.getByRole('button', { name: 'Bewerken' }).count()).toBe(0);
    // "Klopt niet" needs a note: its label does not call it optional.
    await page.getByRole('button', { name: 'Klopt niet' }).click();
    expect(await page.locator('label[for="feedback-note"]').innerText()).toBe('Wat klopt er niet?');
    const pages = [
      [serviceUrl.replace('/kaart/dienst/', '/kaart/bewerken/'), 'Dienst bewerken', 'Alleen een coördinator kan de sociale kaart wijzigen.', 'Terug naar de dienst'],
      [`${server.url}/#/kaart/nieuw`, 'Dienst bewerken', 'Alleen een coördinator kan de sociale kaart wijzigen.', 'Naar de sociale kaart'],
      [`${server.url}/#/kaart/import`, 'Kaart importeren', 'Alleen een coördinator kan een sociale kaart importeren.', 'Naar de sociale kaart'],
      [`${server.url}/#/snelwijzer/nieuw`, 'Kaart bewerken', 'Alleen een coördinator kan kaarten van de Snelwijzer schrijven.', 'Naar de Snelwijzer'],
    ] as const;
    for (const [url, heading, why, back] of pages) {
      await page.goto(url);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      expect(await page.locator('main').innerText(), url).toContain(why);
      expect(await page.locator('main input, main textarea, main select').count(), url).toBe(0);
      expect(await page.getByRole('link', { name: back }).count(), url).toBe(1);
      // A link that looks like a button has a button's text size (not shrunk by the root's font-size-adjust).
      expect(await page.getByRole('link', { name: back }).evaluate((link) => getComputedStyle(link).fontSizeAdjust), url).toBe('none');
      expect(await axeViolations(page), url).toEqual([]);
      expect(await smallTapTargets(page), url).toEqual([]);
    }
    await page.getByRole('link', { name: 'Naar de Snelwijzer' }).click();
    await page.getByRole('heading', { name: 'Snelwijzer', level: 1 }).waitFor();
    await context.close();
  });

  async function coordinatorTablet(code: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, code);
    // The first sync swaps the example kaart for the organisation's own (example edits are not sent).
    await expect.poll(() => kaartSource(page), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
    await page.goto(`${server.url}/#/kaart`);
    await searchKaart(page, 'taalcafe');
    await expect.poll(() => results(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    return { context, page };
  }

  async function editDescription(page: Page, text: string) {
    await page.goto(`${server.url}/#/kaart`);
    await searchKaart(page, 'taalcafe');
    await page.getByRole('link', { name: 'Taalcafé' }).click();
    await page.getByRole('button', { name: 'Bewerken' }).click();
    await page.getByLabel('Omschrijving').fill(text);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
  }

  const sendNow = async (page: Page) => {
    const button = page.getByRole('button', { name: 'Nu versturen' });
    // The online event may already have sent it, and the button goes away: that is fine too.
    if (await button.count()) await button.click({ timeout: 3_000 }).catch(() => undefined);
    else await page.evaluate(() => dispatchEvent(new Event('online')));
  };

  it('brings an offline edit on one tablet to the second tablet once both are online', async () => {
    const a = await coordinatorTablet(codes[0]);
    const b = await coordinatorTablet(codes[1]);
    await a.context.setOffline(true);
    await editDescription(a.page, 'Elke donderdag samen Nederlands oefenen. Nieuw: ook op zaterdag. (voorbeeld)');
    await a.context.setOffline(false);
    await sendNow(a.page);
    await expect.poll(async () => {
      await b.page.evaluate(() => dispatchEvent(new Event('online')));
      await b.page.goto(`${server.url}/#/kaart`);
      await searchKaart(b.page, 'taalcafe');
      await b.page.getByRole('link', { name: 'Taalcafé' }).click();
      return b.page.locator('article').innerText();
    }, { timeout: 60_000, interval: 2_000 }).toContain('Nieuw: ook op zaterdag');
    await a.context.close();
    await b.context.close();
  });

  it('shows a conflicting edit side by side and lets the coordinator choose', async () => {
    const c = await coordinatorTablet(codes[2]);
    const d = await coordinatorTablet(codes[3]);
    await c.context.setOffline(true);
    await d.context.setOffline(true);
    await editDescription(c.page, 'Versie van tablet C. (voorbeeld)');
    await editDescription(d.page, 'Versie van tablet D. (voorbeeld)');
    await c.context.setOffline(false);
    await sendNow(c.page);
    // Its kaart change too: "alles verstuurd" said so while the kaart change still waited ("· 1 kaartwijziging nog te
    // versturen" after it), so D could push first, and the conflict came on C; D's link never came (a flaky wait).
    await expect.poll(() => c.page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    await d.context.setOffline(false);
    await sendNow(d.page);
    await d.page.goto(`${server.url}/#/kaart`);
    const choice = d.page.getByRole('link', { name: /vraagt om uw keuze/ });
    await expect.poll(async () => {
      await d.page.evaluate(() => dispatchEvent(new Event('online')));
      return choice.count();
    }, { timeout: 60_000, interval: 2_000 }).toBe(1);
    // The status bar says so on every page; it said "alles verstuurd" while the change waited for a choice.
    await expect.poll(() => d.page.locator('#sync-status-line').innerText()).toMatch(/^1 kaartwijziging wacht op uw keuze · alle registraties verstuurd/);
    // The link comes with the page from the menu: it came after the search box and moved it down under a finger.
    const menu = d.page.getByRole('navigation', { name: 'Hoofdmenu' });
    await menu.getByRole('link', { name: 'Registreren', exact: true }).click();
    await d.page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    await d.page.evaluate(() => {
      const tops: number[] = [];
      (window as unknown as { __searchTops: number[] }).__searchTops = tops;
      new MutationObserver(() => {
        const top = document.getElementById('kaart-query')?.getBoundingClientRect().top;
        if (top !== undefined && tops.at(-1) !== top) tops.push(top);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await menu.getByRole('link', { name: 'Sociale kaart', exact: true }).click();
    await choice.waitFor();
    await d.page.getByRole('heading', { name: 'Typ wat u zoekt' }).waitFor();
    expect(await d.page.evaluate(() => (window as unknown as { __searchTops: number[] }).__searchTops)).toHaveLength(1);
    // Until the tablet's database answers, the page says nothing: it said "Er is niets te kiezen: alle wijzigingen zijn
    // verwerkt." first, and then the conflict took its place.
    await d.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __conflictPage: string[] }).__conflictPage = seen;
      new MutationObserver(() => {
        const now = document.querySelector('table.ido-conflict') ? 'conflict' : document.body.innerText.includes('Er is niets te kiezen') ? 'niets te kiezen' : undefined;
        if (now && seen.at(-1) !== now) seen.push(now);
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await choice.click();
    await d.page.getByRole('heading', { name: 'Wijzigingen in de sociale kaart kiezen' }).waitFor();
    const table = d.page.locator('table.ido-conflict');
    await table.waitFor();
    expect(await d.page.evaluate(() => (window as unknown as { __conflictPage: string[] }).__conflictPage)).toEqual(['conflict']);
    expect(await table.innerText()).toContain('Versie van tablet C.');
    expect(await table.innerText()).toContain('Versie van tablet D.');
    expect(await axeViolations(d.page)).toEqual([]);
    await d.page.screenshot({ path: '.tmp/screenshots/kaart-conflict-1024x768.png', fullPage: true });
    await table.getByRole('radio', { name: 'Versie van tablet C. (voorbeeld)' }).check();
    await d.page.getByRole('button', { name: 'Keuze per veld opslaan' }).click();
    await d.page.getByText('Er is niets te kiezen').waitFor();
    await expect.poll(() => d.page.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    await c.context.close();
    await d.context.close();
  });
});
