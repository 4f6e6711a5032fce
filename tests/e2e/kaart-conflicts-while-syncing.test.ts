import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations, cardPlaces, DEMO_ORGANISATION, demoCoordinatorTablet, holdKaartPushes, kaartOutbox, kaartOutboxStates, LONG_KAART_TEXT as LONG, readTablet,
  smallTapTargets, syncUntil, textPastPadding, twoKaartConflicts, writeKaartOnServer,
} from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * The conflicts page while the kaart syncs by itself (helper-110). A pull or a push while the page was open redrew it
 * from the tablet's outbox as it stood: a colleague's newer version changed a card's text and height and moved every
 * card below it; a new conflict stood above the refusals and moved them down; a version kept with "Alles van mij" that
 * came back as a conflict took its notice away (the list closed up under the finger); and a refusal's card was titled
 * anew once the pull had removed its service ("… van een dienst die niet op deze tablet staat"), its notice by the old
 * title. Now every card keeps its place and what it showed until the coordinator acts on it, what arrives comes below
 * all else (said to a screen reader), a choice made on a version the server has since changed is not saved but shows
 * the new one, and a change keeps the title the coordinator first saw.
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));

const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i;
/** A colleague writes the record `id` on the server, through the API: removes it, or changes its fields. */
const colleagueWrites = (id: string, change: { deleted: true } | { data: Record<string, unknown> }) => writeKaartOnServer(server.url, coordinatorToken, id, change);

/** Where a card's button stands in the document (its name says the card too). */
const placeOf = (page: Page, region: string, button: string) => page.getByRole('region', { name: region, exact: true })
  .getByRole('button', { name: `${button}: ${region}`, exact: true }).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return { top: Math.round(box.top + scrollY), left: Math.round(box.left + scrollX) };
  });

describe('the conflicts page while the kaart syncs by itself', () => {
  it('moves nothing: a newer server version waits until the coordinator acts, arrivals come below all else, a version kept that comes back keeps its notice, one title per change', async () => {
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, code);
    // Offline the coordinator changes Taalmaatje's text and then Taalcafé's Thursday; meanwhile a colleague changes both.
    const { taalcafe, thursday, taalmaatje } = await twoKaartConflicts(tablet, server.url, coordinatorToken,
      { mine: 'Versie van deze tablet. (voorbeeld)', theirs: 'Versie van een collega. (voorbeeld)' });
    await tablet.goto(`${server.url}/#/kaart/conflicten`);
    const maatje = tablet.getByRole('region', { name: 'Taalmaatje', exact: true });
    const hours = tablet.getByRole('region', { name: 'Openingstijden van Taalcafé', exact: true });
    await hours.waitFor();
    expect(await tablet.locator('main .ido-card h2').allInnerTexts()).toEqual(['Taalmaatje', 'Openingstijden van Taalcafé']);
    const placesAtFirst = await cardPlaces(tablet);
    const hoursButton = await placeOf(tablet, 'Openingstijden van Taalcafé', 'Alles van mij');

    // 1. A colleague writes a much longer text for Taalmaatje; the next pull brings it. The card above kept its height
    // and its text: it grew and moved the hours' buttons down under the finger.
    await colleagueWrites(taalmaatje, { data: { description: LONG } });
    const serviceEntry = async () => (await kaartOutbox(tablet)).find((row) => row.entity === 'service')!;
    await syncUntil(tablet, async () => (await serviceEntry()).current?.data.description, LONG);
    expect(await cardPlaces(tablet)).toEqual(placesAtFirst);
    expect(await placeOf(tablet, 'Openingstijden van Taalcafé', 'Alles van mij')).toEqual(hoursButton);
    expect(await maatje.innerText()).toContain('Versie van een collega. (voorbeeld)');
    expect(await maatje.innerText()).not.toContain('langer');

    // A choice on the version shown is not saved: the server has a newer one. The card says so and shows it.
    await maatje.getByRole('button', { name: 'Alles van de server' }).click();
    await maatje.getByText('De versie op de server is intussen veranderd. Hieronder staat de nieuwe versie. Kijk opnieuw en kies dan.').waitFor();
    expect(await maatje.innerText()).toContain('langer');
    expect((await serviceEntry()).state).toBe('conflict');
    expect(await readTablet(tablet, { store: 'kaartServices', key: taalmaatje })).toMatchObject({ description: 'Versie van deze tablet. (voorbeeld)' });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
      await tablet.setViewportSize(viewport);
      expect(await axeViolations(tablet)).toEqual([]);
      expect(await textPastPadding(tablet)).toEqual([]);
      await tablet.screenshot({ path: `${SHOTS}/h110-server-changed-${viewport.width}x${viewport.height}.png`, fullPage: true });
    }
    const placesNow = await cardPlaces(tablet);

    // 2. "Alles van mij" on the hours while no push can go; a colleague removes Taalcafé; the server refuses the hours.
    // Their refusal comes below all else, under the same title as the card the coordinator chose on (the pull removed
    // Taalcafé from the tablet: it was "Openingstijden van een dienst die niet op deze tablet staat").
    let letPushes = await holdKaartPushes(tablet);
    await hours.getByRole('button', { name: 'Alles van mij' }).click();
    const hoursNotice = tablet.locator(`[id="settled-conflict-schedule:${thursday}"]`);
    await hoursNotice.getByText('Opgelost: Openingstijden van Taalcafé. Uw versie is bewaard en gaat naar de server.').waitFor();
    await colleagueWrites(taalcafe, { deleted: true });
    await letPushes();
    await syncUntil(tablet, () => kaartOutboxStates(tablet), ['schedule rejected', 'service conflict']);
    const refusal = tablet.locator(`[aria-labelledby="refusal-schedule:${thursday}"]`);
    await refusal.waitFor();
    expect(await readTablet(tablet, { store: 'kaartServices', key: taalcafe })).toBeUndefined();
    expect(await refusal.locator('h2').innerText()).toBe('Openingstijden van Taalcafé');
    await expect.poll(() => hoursNotice.getByRole('status').innerText()).toMatch(/^Niet gelukt: Openingstijden van Taalcafé\. /);
    const withRefusal = await cardPlaces(tablet);
    expect(withRefusal.slice(0, 2)).toEqual([placesNow[0], `notice ${placesNow[1].split(' ').slice(-2).join(' ')}`]);
    expect(withRefusal).toHaveLength(3);

    // 3. "Alles van mij" on Taalmaatje while no push can go; the colleague changes it once more: it comes back as a
    // conflict. Its notice keeps its place and says so, the new card comes below the refusal: nothing moves.
    letPushes = await holdKaartPushes(tablet);
    await maatje.getByRole('button', { name: 'Alles van mij' }).click();
    const maatjeNotice = tablet.locator(`[id="settled-conflict-service:${taalmaatje}"]`);
    await maatjeNotice.getByText('Opgelost: Taalmaatje. Uw versie is bewaard en gaat naar de server.').waitFor();
    const keptAt = (await serviceEntry()).savedAt;
    const placesKept = await cardPlaces(tablet);
    await colleagueWrites(taalmaatje, { data: { description: 'Derde versie, van een collega. (voorbeeld)' } });
    await letPushes();
    await syncUntil(tablet, async () => {
      const entry = await serviceEntry();
      return entry.state === 'conflict' && entry.savedAt === keptAt;
    }, true);
    const again = tablet.locator(`[aria-labelledby="conflict-service:${taalmaatje}-2"]`);
    await again.waitFor();
    const cameBack = 'Niet gelukt: Taalmaatje. Iemand anders heeft het op de server intussen weer gewijzigd. Kies opnieuw: dat staat verderop op deze pagina.';
    await expect.poll(() => maatjeNotice.getByRole('status').innerText()).toBe(cameBack);
    const placesAgain = await cardPlaces(tablet);
    expect(placesAgain.slice(0, 3)).toEqual(placesKept);
    expect(placesAgain.at(-1)).toMatch(/^Taalmaatje /);
    expect(await again.innerText()).toContain('Derde versie, van een collega.');
    // said to a screen reader, out of sight
    await expect.poll(() => tablet.locator('#conflicts-arrived').innerText()).toBe('Nieuw onderaan deze pagina: Taalmaatje.');
    expect(await tablet.locator('main').innerText()).not.toMatch(UUID);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    expect(await textPastPadding(tablet)).toEqual([]);
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await tablet.screenshot({ path: `${SHOTS}/h110-conflicts-while-syncing-768x1024.png`, fullPage: true });
    await tablet.setViewportSize({ width: 1280, height: 800 });
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: `${SHOTS}/h110-conflicts-while-syncing-1280x800.png`, fullPage: true });
    await tablet.setViewportSize({ width: 768, height: 1024 });

    // The notice's button takes the focus to the new card.
    await maatjeNotice.getByRole('button', { name: 'Naar de nieuwe keuze: Taalmaatje' }).click();
    expect(await tablet.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe(`conflict-service:${taalmaatje}-2`);

    // The refusal thrown away: its notice has the same title as its card and the first notice.
    await refusal.getByRole('button', { name: 'Wijziging weggooien: Openingstijden van Taalcafé' }).click();
    const tops = async () => (await cardPlaces(tablet)).map((place) => place.split(' ').at(-2));
    const asked = await tops(); // the question, open, made the card higher: the tap did, and the notice keeps that height
    await refusal.getByRole('button', { name: 'Ja, weggooien' }).click();
    await tablet.locator(`[id="settled-refusal-schedule:${thursday}"]`)
      .getByText('De wijziging aan Openingstijden van Taalcafé is weggegooid. De versie van de server staat weer op deze tablet.', { exact: true }).waitFor();
    expect(await tops()).toEqual(asked);

    // Settled elsewhere: a colleague writes on the server exactly what this tablet kept, and the next pull drops the
    // conflict (nothing left to choose). Its card gives way to a notice as high as it was, and the first notice says so.
    const kept = await readTablet<{ data: Record<string, unknown> }>(tablet, { store: 'kaartOutbox', key: `service:${taalmaatje}` });
    const beforeElsewhere = await tops();
    await colleagueWrites(taalmaatje, { data: kept!.data });
    await syncUntil(tablet, () => kaartOutboxStates(tablet), []);
    await tablet.locator(`[id="settled-conflict-service:${taalmaatje}-2"]`)
      .getByText('Intussen geregeld: Taalmaatje. Hier hoeft u niets meer te kiezen.', { exact: true }).waitFor();
    await expect.poll(() => maatjeNotice.getByRole('status').innerText())
      .toBe('Niet gelukt: Taalmaatje. Iemand anders heeft het op de server intussen weer gewijzigd. Dat is intussen geregeld.');
    expect(await maatjeNotice.getByRole('button').count()).toBe(0);
    expect(await tops()).toEqual(beforeElsewhere);
    // as high as the card was (its top is lower by the question above it, which the coordinator opened)
    expect((await cardPlaces(tablet)).at(-1)).toMatch(new RegExp(`^notice \\d+ ${placesAgain.at(-1)!.split(' ').at(-1)}$`));
    await tablet.getByText('Er is niets te kiezen. Wat nog verstuurd moet worden, gaat vanzelf naar de server.').waitFor();
    expect(await readTablet(tablet, { store: 'kaartServices', key: taalmaatje })).toMatchObject({ description: 'Versie van deze tablet. (voorbeeld)' });
    expect(await axeViolations(tablet)).toEqual([]);
    await context.close();
  });
});
