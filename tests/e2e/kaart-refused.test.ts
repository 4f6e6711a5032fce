import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations, cardPlaces, DEMO_ORGANISATION, demoCoordinatorTablet, latestKaartOnServer, openKaartEdit, readTablet, recordLayoutShifts, registerContacts, shiftsOf,
  smallTapTargets, statusLine, textPastPadding, writeKaartOnServer,
} from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * A kaart change the server refused stood on the conflicts page as a warning with the server's message and no way out:
 * staff could never clear it, the kaart page counted it among the changes "die om uw keuze vragen", and the status
 * line said "alles verstuurd" while it waited. Now the page says it in words with what to do, "Wijziging weggooien"
 * (asked first) puts the server's version back, "Opnieuw bewerken" opens the form and its save is sent as usual, and
 * the status line counts it. The refusal is a real one: a colleague removed the service on the server while the
 * coordinator changed its hours and added a phone number offline (the server answers `unknown_reference`).
 */
let browser: Browser;
let server: RunningServer;
/** The colleague's token: coordinator of the demo organisation, writing through the API. */
let coordinatorToken = '';
chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));

const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i;
const day = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const VIEWPORTS = [{ width: 768, height: 1024 }, { width: 1024, height: 768 }, { width: 1280, height: 800 }, { width: 800, height: 1280 }];

/** The status bar's height, and each of its texts that does not show whole (cut off, or past the bar's edge). */
const barState = (page: Page) => page.locator('#sync-status').evaluate((bar) => {
  const outer = bar.getBoundingClientRect();
  const cut = [...bar.querySelectorAll<HTMLElement>('.ido-statusbar__line, .ido-statusbar__line *')].filter((element) => element.getClientRects().length > 0)
    .filter((element) => element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1
      || element.getBoundingClientRect().bottom > outer.bottom || element.getBoundingClientRect().right > outer.right)
    .map((element) => `${element.tagName.toLowerCase()} "${element.innerText.trim()}"`);
  return { height: outer.height, cut };
});

/** The latest server copy of each record, by id. */
const onServer = () => latestKaartOnServer(server.url, coordinatorToken);
/** A colleague writes the record `id` on the server, through the API: removes it, or changes its fields. */
const colleagueWrites = (id: string, change: { deleted: true } | { data: Record<string, unknown> }) => writeKaartOnServer(server.url, coordinatorToken, id, change);
/** A colleague removes the service on the server. */
const colleagueRemoves = (serviceId: string) => colleagueWrites(serviceId, { deleted: true });

/** Nudges a sync until `check` holds. */
async function syncUntil<T>(page: Page, check: () => Promise<T>, expected: T): Promise<void> {
  await expect.poll(async () => {
    await page.evaluate(() => dispatchEvent(new Event('online')));
    return check();
  }, { timeout: 30_000, interval: 1_000 }).toEqual(expected);
}

const outboxStates = async (page: Page) => ((await readTablet<Array<{ entity: string; state: string }>>(page, { store: 'kaartOutbox', read: 'rows' })) ?? [])
  .map((row) => `${row.entity} ${row.state}`).sort();

async function checkPage(page: Page, shot: string): Promise<void> {
  expect(await page.locator('main').innerText()).not.toMatch(UUID);
  expect(await axeViolations(page)).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);
  expect(await textPastPadding(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/${shot}-768.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await axeViolations(page)).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/${shot}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 768, height: 1024 });
}

describe('a kaart change the server refused', () => {
  it('is said in words with what to do; "Wijziging weggooien" asks first and puts the server\'s version back; "Opnieuw bewerken" opens the form and its save reaches the server', async () => {
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, code);
    const before = await onServer();
    const [taalcafe] = [...before].find(([, item]) => item.entity === 'service' && item.data.name === 'Taalcafé')!;
    const [thursday, thursdayOnServer] = [...before].find(([, item]) => item.entity === 'schedule' && item.data.service_id === taalcafe && item.data.byday === 'TH')!;
    expect(thursdayOnServer.data).toMatchObject({ opens_at: '14:00', closes_at: '16:00' });

    // Offline the coordinator changes Taalcafé's text and Thursday's hours and adds a number; meanwhile a colleague removes Taalcafé.
    await context.setOffline(true);
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await tablet.getByLabel('Omschrijving').fill('Samen Nederlands oefenen, nu ook met koffie. (voorbeeld)');
    await day(tablet, 'Donderdag').getByLabel('Tot').fill('17:00');
    await tablet.getByRole('button', { name: 'Telefoonnummer toevoegen' }).click();
    await tablet.getByLabel('Telefoonnummer 1').fill('030-123 45 67');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    await colleagueRemoves(taalcafe);
    await context.setOffline(false);
    await syncUntil(tablet, () => outboxStates(tablet), ['phone rejected', 'schedule rejected', 'service conflict']);

    // The status line counts the refusals: it said "alles verstuurd" while they waited.
    await expect.poll(() => statusLine(tablet)).toMatch(/^1 kaartwijziging wacht op uw keuze · 2 kaartwijzigingen geweigerd · alle registraties verstuurd/);
    // With a registration waiting too and "Nu versturen" beside it, the line is read in full from 768 to 1280 px in both
    // orientations: it ended in "…" at 768 px. So it is while a send is on its way (its progress on the bar's second
    // line), and the band keeps its height; as the send ends by itself, nothing in the bar moves.
    await tablet.goto(`${server.url}/#/`);
    await registerContacts(tablet, 1); // it goes: the line ends in "laatst verstuurd 16:15"
    await expect.poll(() => statusLine(tablet), { timeout: 30_000 }).toMatch(/^1 kaartwijziging wacht op uw keuze · 2 kaartwijzigingen geweigerd · alle registraties verstuurd · laatst verstuurd/);
    let hold = false;
    const held: Array<() => void> = [];
    await context.route('**/api/v1/batches', async (route) => {
      if (!hold) return route.abort('failed');
      await new Promise<void>((resolve) => { held.push(resolve); });
      return route.continue().catch(() => undefined); // a send the app gave up on meanwhile is no longer there
    });
    await registerContacts(tablet, 1);
    const sendNow = tablet.locator('#sync-status').getByRole('button', { name: 'Nu versturen' });
    await sendNow.waitFor();
    await expect.poll(() => statusLine(tablet)).toMatch(/^1 kaartwijziging wacht op uw keuze · 2 kaartwijzigingen geweigerd · 1 nog te versturen · laatst verstuurd/);
    // The band's height per width (two lines' place below 1280 px, one line from there: layout.css), the same in both states.
    const bands = new Map<number, number>();
    const wholeEverywhere = async (state: string) => {
      for (const viewport of VIEWPORTS) {
        await tablet.setViewportSize(viewport);
        const seen = await barState(tablet);
        if (!bands.has(viewport.width)) bands.set(viewport.width, seen.height);
        if (viewport.width < 1280) expect(seen.height, `two lines' place at ${viewport.width}`).toBe(88);
        expect(seen, `${state} at ${viewport.width}×${viewport.height}`).toEqual({ height: bands.get(viewport.width), cut: [] });
        await tablet.screenshot({ path: `${SHOTS}/status-line-${state}-${viewport.width}x${viewport.height}.png`, clip: { x: 0, y: 0, width: viewport.width, height: 240 } });
      }
      await tablet.setViewportSize({ width: 768, height: 1024 });
    };
    await wholeEverywhere('wacht');
    hold = true;
    await sendNow.click();
    await tablet.locator('#sync-progress').waitFor();
    await wholeEverywhere('versturen');
    // and pictures of it at 200 % text (its own test: status-bar-large-text)
    const cdp = await context.newCDPSession(tablet);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    for (const viewport of [VIEWPORTS[0], VIEWPORTS[2]]) {
      await tablet.setViewportSize(viewport);
      await tablet.screenshot({ path: `${SHOTS}/status-line-versturen-${viewport.width}x${viewport.height}-200.png`, clip: { x: 0, y: 0, width: viewport.width, height: 400 } });
    }
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
    await cdp.detach();
    await tablet.setViewportSize(VIEWPORTS[0]);
    await tablet.evaluate(recordLayoutShifts);
    await shiftsOf(tablet);
    hold = false;
    for (const go of held.splice(0)) go();
    await expect.poll(() => statusLine(tablet), { timeout: 30_000 }).toMatch(/^1 kaartwijziging wacht op uw keuze · 2 kaartwijzigingen geweigerd · alle registraties verstuurd/);
    expect(await tablet.locator('#sync-progress').count()).toBe(0);
    expect(await shiftsOf(tablet)).toEqual([]);
    await context.unroute('**/api/v1/batches');

    // The kaart page's note says them apart from the choice between two versions.
    await tablet.goto(`${server.url}/#/kaart`);
    await tablet.getByRole('link', { name: '1 wijziging in de kaart vraagt om uw keuze en 2 zijn geweigerd' }).click();
    await tablet.getByRole('heading', { name: 'Wijzigingen in de sociale kaart kiezen', level: 1 }).waitFor();

    const hours = tablet.getByRole('region', { name: 'Openingstijden van Taalcafé' });
    const phone = tablet.getByRole('region', { name: 'Telefoonnummer van Taalcafé' });
    await phone.waitFor();
    const reason = 'De server heeft deze wijziging geweigerd. De dienst waar dit bij hoort, staat niet (meer) op de sociale kaart. '
      + 'Staat het weer op de kaart? Kies dan ‘Opnieuw bewerken’ en sla opnieuw op. Zo niet, gooi de wijziging dan weg.';
    expect(await hours.getByRole('status').innerText()).toBe(reason);
    expect(await hours.locator('dl').innerText()).toBe('Uw wijziging\nDonderdag 14:00–17:00');
    expect(await phone.locator('dl').innerText()).toBe('Uw wijziging\n030-123 45 67');
    expect(await hours.getByRole('link').allInnerTexts()).toEqual(['Opnieuw bewerken']);
    await hours.getByRole('link', { name: 'Opnieuw bewerken: Openingstijden van Taalcafé', exact: true }).waitFor();
    expect(await hours.getByRole('button').allInnerTexts()).toEqual(['Wijziging weggooien']);
    await checkPage(tablet, 'h98-refused');

    // "Wijziging weggooien" asks first, with the focus on the way back: a second Enter throws nothing away.
    await hours.getByRole('button', { name: 'Wijziging weggooien: Openingstijden van Taalcafé' }).click();
    const question = hours.getByRole('group', { name: 'Weggooien van de wijziging aan Openingstijden van Taalcafé bevestigen' });
    expect(await question.innerText()).toContain('Uw wijziging gaat weg. De versie van de server komt terug. Weet u het zeker?');
    expect(await tablet.evaluate(() => document.activeElement?.textContent)).toBe('Nee, bewaren');
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.keyboard.press('Enter');
    expect(await tablet.evaluate(() => document.activeElement?.textContent)).toBe('Wijziging weggooien');
    expect(await readTablet(tablet, { store: 'kaartOutbox', key: `schedule:${thursday}` })).toMatchObject({ state: 'rejected' });
    await hours.getByRole('button', { name: 'Wijziging weggooien: Openingstijden van Taalcafé' }).click();
    // The notice takes the card's place, as high as it was: it stood above the cards and moved them all down, and the
    // next card jumped under the finger. Every other card stays where it was.
    const placesBefore = (await cardPlaces(tablet)).map((place) => place.replace(/^Openingstijden van Taalcafé /, 'notice '));
    await question.getByRole('button', { name: 'Ja, weggooien' }).click();
    const notice = tablet.locator(`[id="settled-refusal-schedule:${thursday}"]`);
    await notice.getByText('De wijziging aan Openingstijden van Taalcafé is weggegooid. De versie van de server staat weer op deze tablet.').waitFor();
    expect(await tablet.evaluate(() => document.activeElement?.id)).toBe(`settled-refusal-schedule:${thursday}`);
    expect(await hours.count()).toBe(0);
    expect(await cardPlaces(tablet)).toEqual(placesBefore);
    await tablet.screenshot({ path: `${SHOTS}/h100-refused-discarded-768.png`, fullPage: true });
    expect(await readTablet(tablet, { store: 'kaartOutbox', key: `schedule:${thursday}` })).toBeUndefined();
    expect(await readTablet(tablet, { store: 'kaartSchedules', key: thursday })).toMatchObject({ opens_at: '14:00', closes_at: '16:00' });
    await expect.poll(() => statusLine(tablet)).toMatch(/^1 kaartwijziging wacht op uw keuze · 1 kaartwijziging geweigerd · alle registraties verstuurd/);
    expect(await axeViolations(tablet)).toEqual([]);

    // The coordinator puts Taalcafé back on the server; the refused number then goes once saved again from the form.
    await tablet.getByRole('region', { name: 'Taalcafé' }).getByRole('button', { name: 'Mijn versie terugzetten' }).click();
    await syncUntil(tablet, async () => (await onServer()).get(taalcafe)?.deleted, false);
    await phone.getByRole('link', { name: 'Opnieuw bewerken' }).click();
    await tablet.getByRole('heading', { name: 'Dienst bewerken', level: 1 }).waitFor();
    expect(await tablet.getByLabel('Telefoonnummer 1').inputValue()).toBe('030-123 45 67');
    await tablet.getByLabel('Telefoonnummer 1').fill('030-765 43 21');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    const phones = async () => [...(await onServer()).values()].filter((item) => item.entity === 'phone' && item.data.service_id === taalcafe && !item.deleted).map((item) => item.data.number);
    await syncUntil(tablet, phones, ['030-765 43 21']);
    await syncUntil(tablet, () => outboxStates(tablet), []);
    await expect.poll(() => statusLine(tablet)).toMatch(/^alles verstuurd/);
    // The server's Thursday was never touched by the change thrown away.
    expect((await onServer()).get(thursday)).toEqual(thursdayOnServer);
    await tablet.goto(`${server.url}/#/kaart/conflicten`);
    await tablet.getByText('Er is niets te kiezen. Wat nog verstuurd moet worden, gaat vanzelf naar de server.').waitFor();
    await context.close();
  });

  it('a version kept for a conflict that the server then refuses: the notice in its place says so (no longer "gaat naar de server"), nothing moves, and it leads to the refusal', async () => {
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, code);
    const before = await onServer();
    const [taalcafe] = [...before].find(([, item]) => item.entity === 'service' && item.data.name === 'Taalcafé')!;
    const [thursday] = [...before].find(([, item]) => item.entity === 'schedule' && item.data.service_id === taalcafe && item.data.byday === 'TH')!;
    const [taalmaatje] = [...before].find(([, item]) => item.entity === 'service' && item.data.name === 'Taalmaatje')!;

    // Offline the coordinator changes Taalcafé's Thursday and then Taalmaatje's text; meanwhile a colleague changes both.
    await context.setOffline(true);
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await day(tablet, 'Donderdag').getByLabel('Tot').fill('17:00');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    await openKaartEdit(tablet, server.url, 'taalmaatje', 'Taalmaatje');
    await tablet.getByLabel('Omschrijving').fill('Versie van deze tablet. (voorbeeld)');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalmaatje', level: 1 }).waitFor();
    await colleagueWrites(thursday, { data: { closes_at: '16:30' } });
    await colleagueWrites(taalmaatje, { data: { description: 'Versie van een collega. (voorbeeld)' } });
    await context.setOffline(false);
    await syncUntil(tablet, () => outboxStates(tablet), ['schedule conflict', 'service conflict']);
    await tablet.goto(`${server.url}/#/kaart/conflicten`);
    const hours = tablet.locator(`[aria-labelledby="conflict-schedule:${thursday}"]`);
    const other = tablet.getByRole('region', { name: 'Taalmaatje', exact: true });
    await other.waitFor();
    expect(await tablet.locator('main .ido-card h2').allInnerTexts()).toEqual(['Openingstijden van Taalcafé', 'Taalmaatje']);

    // "Alles van mij" on the hours, while the push cannot go yet; then a colleague removes Taalcafé on the server.
    await context.route('**/api/v1/kaart/changes', (route) => (route.request().method() === 'POST' ? route.abort('failed') : route.fallback()));
    const nextButton = other.getByRole('button', { name: 'Alles van mij' });
    const placeOfNext = () => nextButton.evaluate((button) => {
      const box = button.getBoundingClientRect();
      return { top: Math.round(box.top + scrollY), left: Math.round(box.left + scrollX) };
    });
    const buttonBefore = await placeOfNext();
    const placesBefore = (await cardPlaces(tablet)).map((place) => place.replace(/^Openingstijden van Taalcafé /, 'notice '));
    await hours.getByRole('button', { name: 'Alles van mij' }).click();
    const notice = tablet.locator(`[id="settled-conflict-schedule:${thursday}"]`);
    await notice.getByText('Opgelost: Openingstijden van Taalcafé. Uw versie is bewaard en gaat naar de server.').waitFor();
    expect(await tablet.evaluate(() => document.activeElement?.id)).toBe(`settled-conflict-schedule:${thursday}`);
    await colleagueRemoves(taalcafe);
    await context.unroute('**/api/v1/kaart/changes');

    // The server refuses the hours kept. The notice said "… gaat naar de server" beside the refusal card: now its own
    // place says what is true, read out from its live region; the refusal card stands with the refusals, below all
    // else; nothing above it moved and the focus stayed where it was.
    await syncUntil(tablet, () => outboxStates(tablet), ['schedule rejected', 'service conflict']);
    const refusal = tablet.locator(`[aria-labelledby="refusal-schedule:${thursday}"]`);
    await refusal.waitFor();
    const refused = 'Niet gelukt: Openingstijden van Taalcafé. De server heeft de versie die u koos geweigerd. Verderop op deze pagina staat waarom en wat u kunt doen.';
    await expect.poll(() => notice.getByRole('status').innerText()).toBe(refused);
    expect(await tablet.locator('main').innerText()).not.toContain('gaat naar de server');
    const placesAfter = await cardPlaces(tablet);
    expect(placesAfter.slice(0, 2)).toEqual(placesBefore);
    expect(placesAfter).toHaveLength(3);
    expect(await placeOfNext()).toEqual(buttonBefore);
    expect(await tablet.evaluate(() => document.activeElement?.id)).toBe(`settled-conflict-schedule:${thursday}`);
    expect(await refusal.getByRole('status').innerText()).toMatch(/^De server heeft deze wijziging geweigerd\. De dienst waar dit bij hoort, staat niet \(meer\) op de sociale kaart\./);
    // Under the title of the card the coordinator chose on: the pull removed Taalcafé from the tablet, and the card was
    // "Openingstijden van een dienst die niet op deze tablet staat" beside the notice's "Openingstijden van Taalcafé".
    expect(await readTablet(tablet, { store: 'kaartServices', key: taalcafe })).toBeUndefined();
    expect(await refusal.locator('h2').innerText()).toBe('Openingstijden van Taalcafé');
    expect(await textPastPadding(tablet)).toEqual([]);
    await checkPage(tablet, 'h105-kept-then-refused');

    // Its button takes the focus to the refusal, with the reason and the ways out.
    await notice.getByRole('button', { name: 'Naar de geweigerde wijziging: Openingstijden van Taalcafé' }).click();
    expect(await tablet.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe(`refusal-schedule:${thursday}`);
    // Thrown away there: its own notice takes its place, and the first place says that too; nothing else moves.
    await refusal.getByRole('button', { name: /^Wijziging weggooien/ }).click();
    await refusal.getByRole('button', { name: 'Ja, weggooien' }).click();
    await tablet.locator(`[id="settled-refusal-schedule:${thursday}"]`).getByText('De wijziging aan Openingstijden van Taalcafé is weggegooid. De versie van de server staat weer op deze tablet.', { exact: true }).waitFor();
    await expect.poll(() => notice.getByRole('status').innerText()).toBe('Niet gelukt: Openingstijden van Taalcafé. De server heeft de versie die u koos geweigerd. '
      + 'U heeft die wijziging daarna weggegooid. De versie van de server staat weer op deze tablet.');
    expect(await notice.getByRole('button').count()).toBe(0);
    const tops = (places: string[]) => places.map((place) => place.split(' ').at(-2));
    expect((await cardPlaces(tablet)).slice(0, 2)).toEqual(placesBefore);
    expect(tops(await cardPlaces(tablet))).toEqual(tops(placesAfter));
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await readTablet(tablet, { store: 'kaartSchedules', key: thursday })).toMatchObject({ closes_at: '16:30' });
    await context.close();
  });
});
