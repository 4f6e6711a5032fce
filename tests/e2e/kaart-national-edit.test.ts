import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, demoCoordinatorTablet, readTablet, searchKaart, smallTapTargets } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * A national kaart entry on a coordinator's linked tablet: ServicePage offers no "Bewerken" (the server refuses the
 * edit), but the edit form was still there by its address (`#/kaart/bewerken/<id>`: a bookmark, the browser's history),
 * and a save became "1 kaartwijziging geweigerd". Now that address says why, as the service page does, with the way
 * back and no form; "Nieuwe dienst" offers only the organisation's own organizations (under a national one the server
 * refuses the service); a national Snelwijzer card's edit address says why and the way back too.
 */
let browser: Browser;
let server: RunningServer;
chromiumAndServer((started, app) => ([browser, server] = [started, app]));

const NATIONAL = 'Dit is een landelijk gegeven: alleen het landelijk team kan het wijzigen. Klopt er iets niet? Kies ‘Klopt niet’.';

async function checkPage(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);
}

describe('an edit address of a record the tablet may not change', () => {
  it('shows why and the way back, no form; the new service\'s organisations are the tablet\'s own', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    const name = 'Dienst Toeslagen: hulp bij toeslagen';
    await searchKaart(tablet, server.url, 'dienst toeslagen', name);
    await tablet.getByRole('link', { name, exact: true }).click();
    await tablet.getByRole('heading', { name, level: 1 }).waitFor();
    expect(await tablet.locator('#service-national').innerText()).toBe(NATIONAL);
    const serviceAddress = new URL(tablet.url()).hash;
    const id = decodeURIComponent(serviceAddress.split('/').at(-1)!);

    await tablet.goto(`${server.url}/#/kaart/bewerken/${encodeURIComponent(id)}`);
    await tablet.getByRole('heading', { name: 'Dienst bewerken', level: 1 }).waitFor();
    await tablet.getByText(NATIONAL).waitFor();
    expect(await tablet.locator('main form, main input, main textarea, main select').count()).toBe(0);
    expect(await tablet.getByRole('button', { name: 'Opslaan', exact: true }).count()).toBe(0);
    await checkPage(tablet);
    await tablet.screenshot({ path: '.tmp/screenshots/h100-national-edit-address.png' });
    await tablet.getByRole('link', { name: 'Terug naar de dienst' }).click();
    await tablet.getByRole('heading', { name, level: 1 }).waitFor();
    expect(new URL(tablet.url()).hash).toBe(serviceAddress);

    // "Nieuwe dienst": the organisation's own organizations only, none of the national ones.
    await tablet.goto(`${server.url}/#/kaart/nieuw`);
    await tablet.getByRole('heading', { name: 'Nieuwe dienst', level: 1 }).waitFor();
    const organisations = await tablet.locator('#svc-organization_id option').allInnerTexts();
    expect(organisations).toContain('Voorbeeldbibliotheek Rivierenland (voorbeeld)');
    expect(organisations.filter((o) => /^(UWV|Belastingdienst|SVB|DUO|CJIB|CAK|CBR|Huurcommissie|DigiD Helpdesk)/.test(o))).toEqual([]);

    // A national Snelwijzer card by its edit address: why not, and the way back to the card.
    const cards = (await readTablet<Array<{ id: string; title: string; owner_organisation_id: string | null }>>(tablet, { store: 'snelwijzerCards', read: 'rows' })) ?? [];
    const card = cards.find((c) => c.owner_organisation_id === null)!;
    expect(card).toBeDefined();
    await tablet.goto(`${server.url}/#/snelwijzer/${encodeURIComponent(card.id)}/bewerken`);
    await tablet.getByRole('heading', { name: 'Kaart bewerken', level: 1 }).waitFor();
    await tablet.getByText('Deze kaart kunt u hier niet bewerken: alleen de eigen kaarten van uw organisatie.').waitFor();
    expect(await tablet.locator('main form').count()).toBe(0);
    await checkPage(tablet);
    await tablet.getByRole('link', { name: 'Terug naar de kaart' }).click();
    await tablet.getByRole('heading', { name: card.title, level: 1 }).waitFor();

    // Nothing was written that the server would refuse.
    expect(await readTablet(tablet, { store: 'kaartOutbox', read: 'count' })).toBe(0);
    await context.close();
  });
});
