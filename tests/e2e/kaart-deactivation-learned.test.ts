import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, demoCoordinatorTablet, openKaartEdit, smallTapTargets, tabletSetting } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * A coordinator's tablet learns at each sync whether the national team deactivated its organisation (the kaart pull's
 * `organisationDeactivated`). It used to learn it only from a refused edit, and to forget it only when an edit went
 * through: the edit form said nothing before the first edit, and after a reactivation it kept warning.
 * Here the operator does both on the server's shell (the browser unusable during an incident), with the admin commands
 * deactivate-organisation and reactivate-organisation: the same service functions as Beheer's buttons. Before, the
 * test reactivated in the database with SQL: there was neither a route nor a command.
 */
const HELD = 'Het landelijk team heeft uw organisatie gedeactiveerd. Als u opslaat, blijft uw wijziging alleen op deze tablet: '
  + 'ze gaat niet naar de server en collega’s zien haar niet.';
const GOES = 'Uw wijziging staat meteen op deze tablet en gaat mee bij de volgende verbinding.';
const DESCRIPTION = 'Elke donderdag samen Nederlands oefenen, nu ook op vrijdag. (voorbeeld)';

let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
let coordinatorCode = '';

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));
beforeAll(() => {
  coordinatorCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
});


/** A sync now (the app's trigger for 'online'), until `done` holds. */
async function syncUntil(page: Page, done: () => Promise<boolean>): Promise<void> {
  await expect.poll(async () => {
    await page.evaluate(() => dispatchEvent(new Event('online')));
    return done();
  }, { timeout: 30_000, interval: 1_000 }).toBe(true);
}

/** `npm run admin -- deactivate-organisation|reactivate-organisation` on the server's shell: the organisation it printed. */
function operator(command: 'deactivate-organisation' | 'reactivate-organisation'): { id: string; deactivatedAt: string | null } {
  return JSON.parse(runAdmin(server.dataDir, [command, DEMO_ORGANISATION])) as { id: string; deactivatedAt: string | null };
}

const deactivatedAt = async (page: Page) => (await tabletSetting<{ organisationDeactivatedAt?: string }>(page, 'kaartSyncStatus'))?.organisationDeactivatedAt;

describe("a coordinator's tablet follows its organisation's deactivation at each sync", () => {
  it('warns on the edit form before any edit, and after a reactivation stops warning and sends the held edit at that sync', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode);
    expect(await deactivatedAt(tablet)).toBeUndefined();
    expect(operator('deactivate-organisation')).toMatchObject({ id: DEMO_ORGANISATION, deactivatedAt: expect.stringMatching(/^\d{4}-/) });

    // No edit made yet: a sync alone tells the tablet, and the form says so from its first render.
    await syncUntil(tablet, async () => (await deactivatedAt(tablet)) !== undefined);
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await tablet.locator('#svc-deactivated').waitFor();
    expect(await tablet.locator('#svc-deactivated').innerText()).toContain(HELD);
    expect(await tablet.getByText(GOES).count()).toBe(0);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);

    // The edit saved stays on the tablet, "niet verstuurd".
    await tablet.getByLabel('Omschrijving').fill(DESCRIPTION);
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    await syncUntil(tablet, async () => /1 kaartwijziging niet verstuurd/.test(await tablet.locator('#sync-status-line').innerText()));

    // Active again: the next sync sends the held edit and forgets the deactivation; no new edit is needed.
    expect(operator('reactivate-organisation')).toMatchObject({ id: DEMO_ORGANISATION, deactivatedAt: null });
    await syncUntil(tablet, async () => (await deactivatedAt(tablet)) === undefined);
    await expect.poll(() => tablet.locator('#sync-status-line').innerText(), { timeout: 30_000 }).not.toMatch(/kaartwijziging/);
    const pulled = await fetch(`${server.url}/api/v1/kaart/changes?limit=1000`, { headers: { authorization: `Bearer ${coordinatorToken}` } });
    expect(pulled.status).toBe(200);
    const items = (await pulled.json() as { items: Array<{ entity: string; data: { description?: string } }> }).items;
    expect(items.some((item) => item.entity === 'service' && item.data.description === DESCRIPTION)).toBe(true);

    // The kaart page and the form say nothing of a deactivation any more.
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await tablet.getByText(GOES).waitFor();
    expect(await tablet.locator('#svc-deactivated, #svc-deactivated-news').count()).toBe(0);
    expect(await axeViolations(tablet)).toEqual([]);
    await tablet.goto(`${server.url}/#/kaart`);
    await tablet.getByRole('heading', { name: 'Sociale kaart', level: 1 }).waitFor();
    expect(await tablet.getByText('gedeactiveerd').count()).toBe(0);
    expect(await axeViolations(tablet)).toEqual([]);
    await context.close();
  });
});
