import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import {
  axeViolations, DEMO_ORGANISATION, demoCoordinatorTablet, enrollInApp, kaartSource, readTablet, serverKaartItems, smallTapTargets, tabletContext,
} from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * The conflicts page for the two kaart entities helper-92's e2e left to unit tests: a Snelwijzer card and a "Klopt niet"
 * mark, made for real (two tablets, Beheer's API, a lost answer) against the real server in Chromium.
 * - A card is edited on two coordinator tablets offline, or on one tablet while Beheer changes it: a conflict, titled by
 *   the card's title, the differing fields in words; a choice per field and "Alles van de server" both reach the server
 *   and the other tablet, and the notice in the card's place says which version each field came from.
 * - A mark is only ever made on a tablet (a new id, baseVersion 0; the tablet never changes it afterwards). The one way
 *   it met a newer server version: its push reached the server, the answer was lost, and the coordinator closed the
 *   report in Beheer before the tablet sent it again. The server then refused a staff tablet's resend ("Alleen een
 *   coördinator kan een melding afhandelen.", on the conflicts page, with no way to clear it) and put a coordinator
 *   tablet's on the conflicts page, where "Alles van mij" reopened the closed report. It is the same mark: the server
 *   now answers it as the resend it is.
 */
const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i;
const CARD_TITLE = 'Toeslagen aanvragen bij ons';
/** Screenshots the notes keep (s48: a card's text in a conflict as the card page draws it). */
const NOTES = process.env.IDO_NOTES_SHOTS ?? '.tmp/screenshots';

let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));

/** Beheer's own API (docs/admin-api.md), as the Beheer pages call it with the coordinator's token. */
async function admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const answer = await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}${path}`, {
    method, headers: { authorization: `Bearer ${coordinatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(answer.status, await answer.clone().text()).toBeLessThan(300);
  return answer.json() as Promise<Record<string, unknown>>;
}

/** A record (a card, a mark) as the server has it now. */
async function latestOnServer(id: string) {
  return (await serverKaartItems(server.url, coordinatorToken)).filter((item) => item.id === id).at(-1)!;
}

/** Syncs the tablet (an 'online' event) until `done` says yes. */
async function syncUntil(page: Page, done: () => Promise<boolean>): Promise<void> {
  await expect.poll(async () => {
    await page.evaluate(() => dispatchEvent(new Event('online')));
    return done();
  }, { timeout: 30_000, interval: 1_000 }).toBe(true);
}

const outboxStates = async (page: Page) => ((await readTablet<Array<{ state: string }>>(page, { store: 'kaartOutbox', read: 'rows' })) ?? []).map((row) => row.state);
const storedCard = (page: Page, id: string) => readTablet<Record<string, unknown>>(page, { store: 'snelwijzerCards', key: id });

/** Offline, the coordinator edits the card on the tablet's own edit page. */
async function editCardOffline(page: Page, id: string, fields: Record<string, string>, title: string): Promise<void> {
  await page.context().setOffline(true);
  await page.goto(`${server.url}/#/snelwijzer/${id}/bewerken`);
  await page.getByRole('heading', { name: 'Kaart bewerken', level: 1 }).waitFor();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Kaart opslaan' }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

/** Online again: syncs until the tablet holds the conflict, then opens the conflicts page. */
async function conflictOnline(page: Page): Promise<void> {
  await page.context().setOffline(false);
  await syncUntil(page, async () => (await outboxStates(page)).join() === 'conflict');
  await page.goto(`${server.url}/#/kaart/conflicten`);
  await page.getByRole('heading', { name: 'Wijzigingen in de sociale kaart kiezen', level: 1 }).waitFor();
}

/** No id, axe clean, 44 px targets, no sideways scroll; a screenshot at 768×1024 for the notes. */
async function checkPage(page: Page, shot: string): Promise<void> {
  expect(await page.locator('main').innerText()).not.toMatch(UUID);
  expect(await axeViolations(page)).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
}

/** The notice a choice left in its card's place says `text`. */
const notice = (page: Page, text: string) => page.locator('main .ido-settled').getByText(text, { exact: true }).waitFor();

/** What each row of the table offers, as a screen reader hears the radios. */
const radioTexts = (page: Page, table: string) => page.getByRole('table', { name: table }).getByRole('radio')
  .evaluateAll((radios) => radios.map((r) => (r.closest('label') as HTMLElement).textContent));

describe('a conflict on a Snelwijzer card, in words', () => {
  it('two tablets and Beheer edit the same card: titled by the card, fields in words, and a choice per field and "Alles van de server" reach the server and the other tablet', async () => {
    const taalcafe = (await serverKaartItems(server.url, coordinatorToken)).find((item) => item.entity === 'service' && item.data.name === 'Taalcafé')!;
    const created = await admin('POST', '/snelwijzer', {
      title: CARD_TITLE, topics: ['toeslagen'], body: 'Zoek samen de toeslag op.', bring: '- DigiD', links: [{ label: 'Toeslagen', url: 'https://www.toeslagen.nl' }],
      service_id: taalcafe.id, checked_on: new Date().toISOString().slice(0, 10),
    });
    const id = created.id as string;
    const a = await demoCoordinatorTablet(browser, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    const b = await demoCoordinatorTablet(browser, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    for (const { tablet } of [a, b]) await syncUntil(tablet, async () => (await storedCard(tablet, id))?.title === CARD_TITLE);

    // Both coordinators change the card offline; tablet B comes online first.
    const body = 'Zo helpt u (stappen en uitleg)';
    await editCardOffline(a.tablet, id, { [body]: 'Bel eerst de Belastingtelefoon.' }, CARD_TITLE);
    await editCardOffline(b.tablet, id, { [body]: '**Let op:** log samen in met DigiD.', 'Wat neemt de bezoeker mee': '- DigiD-app\n- Loonstrook' }, CARD_TITLE);
    await b.context.setOffline(false);
    await syncUntil(b.tablet, async () => (await outboxStates(b.tablet)).length === 0);
    expect((await latestOnServer(id)).data.body).toBe('**Let op:** log samen in met DigiD.');
    await conflictOnline(a.tablet);

    const conflict = a.tablet.getByRole('region', { name: CARD_TITLE });
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('Iemand anders heeft dit ook gewijzigd. Kies per veld welke versie blijft.');
    const table = `Verschillen voor ${CARD_TITLE}`;
    expect(await conflict.getByRole('table', { name: table }).locator('tbody th').allInnerTexts()).toEqual(['Zo helpt u', 'Wat neemt de bezoeker mee']);
    // Each version's text as the card page draws it (ui/CardText): bold, a list; never the marks themselves.
    expect(await radioTexts(a.tablet, table)).toEqual([
      'Zo helpt u, uw versie: Bel eerst de Belastingtelefoon.', 'Zo helpt u, versie op de server: Let op: log samen in met DigiD.',
      'Wat neemt de bezoeker mee, uw versie: DigiD', 'Wat neemt de bezoeker mee, versie op de server: DigiD-appLoonstrook',
    ]);
    const cell = (row: number, column: number) => conflict.getByRole('table').locator('tbody tr').nth(row).locator('td').nth(column);
    expect(await cell(0, 1).locator('strong').allInnerTexts()).toEqual(['Let op:']);
    expect(await cell(1, 0).locator('ul > li').allInnerTexts()).toEqual(['DigiD']);
    expect(await cell(1, 1).locator('ul > li').allInnerTexts()).toEqual(['DigiD-app', 'Loonstrook']);
    expect(await conflict.getByRole('table').innerText()).not.toMatch(/\*\*|^- /m);
    await a.tablet.screenshot({ path: `${NOTES}/s48-h100-card-conflict-768.png`, fullPage: true });
    expect(await conflict.getByRole('button').allInnerTexts()).toEqual(['Keuze per veld opslaan', 'Alles van mij', 'Alles van de server']);
    await checkPage(a.tablet, 's47-h95-card-two-tablets');

    // A choice per field: A's "Zo helpt u", B's "Wat neemt de bezoeker mee". The notice says which came from where; the
    // server gets that card on top of B's version, and tablet B gets it at its next sync.
    const before = await latestOnServer(id);
    await cell(1, 1).getByRole('radio').check();
    await conflict.getByRole('button', { name: 'Keuze per veld opslaan' }).click();
    await notice(a.tablet, `Opgelost: ${CARD_TITLE}. Uw keuze is bewaard: ‘Zo helpt u’ uit uw versie, `
      + '‘Wat neemt de bezoeker mee’ uit de versie van de server. Dit gaat naar de server.');
    await a.tablet.getByText('Er is niets te kiezen').waitFor();
    await syncUntil(a.tablet, async () => (await latestOnServer(id)).version === before.version + 1);
    const bring = '- DigiD-app\n- Loonstrook';
    expect((await latestOnServer(id)).data).toMatchObject({ body: 'Bel eerst de Belastingtelefoon.', bring, title: CARD_TITLE });
    await syncUntil(b.tablet, async () => (await storedCard(b.tablet, id))?.body === 'Bel eerst de Belastingtelefoon.');
    expect(await storedCard(b.tablet, id)).toMatchObject({ bring, version: before.version + 1 });
    await expect.poll(() => outboxStates(a.tablet), { timeout: 30_000 }).toEqual([]);

    // Tablet A renames the card offline; meanwhile the card is renamed in Beheer.
    await editCardOffline(a.tablet, id, { Titel: 'Toeslagen: elke dinsdag' }, 'Toeslagen: elke dinsdag');
    const latest = await latestOnServer(id);
    await admin('PUT', `/snelwijzer/${id}`, { ...latest.data, title: 'Toeslagen en huurtoeslag', baseVersion: latest.version, id: undefined, owner_organisation_id: undefined, copied_from: undefined });
    await conflictOnline(a.tablet);

    const renamed = a.tablet.getByRole('region', { name: 'Toeslagen: elke dinsdag' });
    await renamed.waitFor();
    expect(await radioTexts(a.tablet, 'Verschillen voor Toeslagen: elke dinsdag')).toEqual(['Titel, uw versie: Toeslagen: elke dinsdag', 'Titel, versie op de server: Toeslagen en huurtoeslag']);
    await checkPage(a.tablet, 's47-h95-card-beheer');

    // "Alles van de server": the tablet takes Beheer's card and sends nothing; tablet B has Beheer's too.
    const beheer = await latestOnServer(id);
    await renamed.getByRole('button', { name: 'Alles van de server' }).click();
    await a.tablet.getByText('Er is niets te kiezen').waitFor();
    expect(await outboxStates(a.tablet)).toEqual([]);
    expect(await storedCard(a.tablet, id)).toMatchObject({ title: 'Toeslagen en huurtoeslag', version: beheer.version });
    await a.tablet.goto(`${server.url}/#/snelwijzer/${id}`);
    await a.tablet.getByRole('heading', { name: 'Toeslagen en huurtoeslag', level: 1 }).waitFor();
    await syncUntil(a.tablet, async () => (await kaartSource(a.tablet, { pulled: true })) === DEMO_ORGANISATION);
    expect(await latestOnServer(id)).toEqual(beheer);
    await syncUntil(b.tablet, async () => (await storedCard(b.tablet, id))?.title === 'Toeslagen en huurtoeslag');
    await a.context.close();
    await b.context.close();
  });
});

describe('a Snelwijzer card removed on one side', () => {
  it('says in words where it was removed and shows the other version in full; putting it back and removing it anyway reach the server and the other tablet', async () => {
    const title = 'Huurtoeslag bij ons';
    const created = await admin('POST', '/snelwijzer', { title, topics: ['toeslagen'], body: 'Reken het samen uit.', checked_on: new Date().toISOString().slice(0, 10) });
    const id = created.id as string;
    const a = await demoCoordinatorTablet(browser, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    const b = await demoCoordinatorTablet(browser, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
    for (const { tablet } of [a, b]) await syncUntil(tablet, async () => (await storedCard(tablet, id))?.title === title);

    // Tablet A changes the card offline; meanwhile it is removed in Beheer.
    const steps = '**Eerst:** gebruik de proefberekening.\n- inkomen\n- huur';
    await editCardOffline(a.tablet, id, { 'Zo helpt u (stappen en uitleg)': steps }, title);
    await admin('POST', `/snelwijzer/${id}/delete`, { baseVersion: (await latestOnServer(id)).version });
    await syncUntil(b.tablet, async () => (await storedCard(b.tablet, id)) === undefined);
    await conflictOnline(a.tablet);
    const removed = a.tablet.getByRole('region', { name: title });
    await removed.waitFor();
    expect(await removed.innerText()).toContain('Iemand anders heeft dit op de server weggehaald. U heeft het intussen gewijzigd. Kies wat blijft.');
    // The card removed on the server in words; this tablet's version in full, its text as the card page draws it.
    expect(await removed.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Uw versie', 'Versie op de server']);
    const mine = removed.locator('dl');
    expect(await mine.locator('dt').allInnerTexts()).toEqual(['Titel', 'Onderwerpen', 'Zo helpt u', 'Laatst gecontroleerd']);
    expect(await mine.locator('dd').first().innerText()).toBe(title);
    expect(await mine.locator('dd strong').allInnerTexts()).toEqual(['Eerst:']);
    expect(await mine.locator('dd ul > li').allInnerTexts()).toEqual(['inkomen', 'huur']);
    expect(await mine.innerText()).not.toMatch(/\*\*|^- /m);
    expect(await removed.locator('.ido-two-columns > div').nth(1).innerText()).toMatch(/^Versie op de server\s+Deze kaart is op de server weggehaald\.$/);
    await a.tablet.screenshot({ path: `${NOTES}/s48-h100-card-removed-768.png`, fullPage: true });
    expect(await removed.getByRole('button').allInnerTexts()).toEqual(['Mijn versie terugzetten', 'Weghalen zoals op de server']);
    await checkPage(a.tablet, 's47-h95-card-removed-in-beheer');

    // "Mijn versie terugzetten": the card is back on the server with tablet A's text, and on tablet B.
    await removed.getByRole('button', { name: 'Mijn versie terugzetten' }).click();
    await notice(a.tablet, `Opgelost: ${title}. Uw versie blijft op deze tablet en gaat naar de server. Daar staat het dan weer.`);
    await a.tablet.getByText('Er is niets te kiezen').waitFor();
    await syncUntil(a.tablet, async () => !(await latestOnServer(id)).deleted);
    expect((await latestOnServer(id)).data).toMatchObject({ title, body: steps });
    expect(((await admin('GET', '/snelwijzer')).own as Array<{ id: string }>).map((card) => card.id)).toContain(id);
    await syncUntil(b.tablet, async () => (await storedCard(b.tablet, id))?.body === steps);
    await expect.poll(() => outboxStates(a.tablet), { timeout: 30_000 }).toEqual([]);

    // Tablet A removes the card offline; meanwhile Beheer changes it.
    await a.context.setOffline(true);
    await a.tablet.goto(`${server.url}/#/snelwijzer/${id}`);
    await a.tablet.getByRole('button', { name: `Kaart ${title} verwijderen` }).click();
    await a.tablet.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await a.tablet.getByRole('heading', { name: 'Snelwijzer', level: 1 }).waitFor();
    const latest = await latestOnServer(id);
    await admin('PUT', `/snelwijzer/${id}`, { ...latest.data, bring: '- Jaaropgave', baseVersion: latest.version, id: undefined, owner_organisation_id: undefined, copied_from: undefined });
    await conflictOnline(a.tablet);
    const changed = a.tablet.getByRole('region', { name: title });
    await changed.waitFor();
    expect(await changed.locator('.ido-two-columns > div').nth(0).innerText()).toMatch(/^Uw versie\s+U heeft deze kaart op deze tablet weggehaald\.$/);
    expect(await changed.locator('dl dt').allInnerTexts()).toEqual(['Titel', 'Onderwerpen', 'Zo helpt u', 'Wat neemt de bezoeker mee', 'Laatst gecontroleerd']);
    expect(await changed.locator('dl dd ul > li').allInnerTexts()).toEqual(['inkomen', 'huur', 'Jaaropgave']);
    expect(await changed.getByRole('button').allInnerTexts()).toEqual(['Toch weghalen', 'Laten staan zoals op de server']);
    expect(await axeViolations(a.tablet)).toEqual([]);
    expect(await smallTapTargets(a.tablet)).toEqual([]);

    // "Toch weghalen": the server removes it, and tablet B drops it.
    await changed.getByRole('button', { name: 'Toch weghalen' }).click();
    await notice(a.tablet, `Opgelost: ${title}. Het is van deze tablet weggehaald en wordt ook van de server weggehaald.`);
    await a.tablet.getByText('Er is niets te kiezen').waitFor();
    await syncUntil(a.tablet, async () => (await latestOnServer(id)).deleted);
    await syncUntil(b.tablet, async () => (await storedCard(b.tablet, id)) === undefined);
    expect(await storedCard(a.tablet, id)).toBeUndefined();
    await a.context.close();
    await b.context.close();
  });
});

describe('a "Klopt niet" mark whose answer was lost while the coordinator closed it', () => {
  it('is taken as the mark the server has: nothing to choose or refused on the tablet, the report stays closed', async () => {
    const context = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const tablet = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await expect.poll(() => kaartSource(tablet, { pulled: true }), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);

    // The first push of the mark reaches the server; its answer is lost, and so is every try after, until released.
    let reached = false;
    let released = false;
    await context.route('**/api/v1/kaart/changes', async (route) => {
      if (released || route.request().method() !== 'POST') return route.fallback();
      if (!reached) reached = (await route.fetch()).ok();
      await route.abort('connectionreset');
    });
    await tablet.goto(`${server.url}/#/kaart`);
    await tablet.getByLabel('Zoek hulp').fill('taalcafe');
    await tablet.getByRole('link', { name: 'Taalcafé', exact: true }).click();
    await tablet.getByRole('button', { name: 'Klopt niet' }).click();
    await tablet.getByLabel('Wat klopt er niet?').fill('Op woensdag dicht.');
    await tablet.getByRole('button', { name: 'Melden aan de coördinator' }).click();
    await tablet.getByText('De coördinator krijgt uw melding').waitFor();
    await expect.poll(() => reached, { timeout: 30_000 }).toBe(true);

    // The coordinator closes the report in Beheer ("aangepast").
    const open = await admin('GET', '/kaart-inbox/feedback') as { feedback: Array<{ id: string; note: string }> };
    const report = open.feedback.find((item) => item.note === 'Op woensdag dicht.')!;
    await admin('POST', `/kaart-inbox/feedback/${report.id}/resolve`, { resolution: 'aangepast' });
    const closed = await latestOnServer(report.id);
    expect(closed.data.resolved).toBe(true);

    // The tablet sends the mark again: the server has it, closed. Nothing waits, nothing to choose, the report stays closed.
    released = true;
    await syncUntil(tablet, async () => (await readTablet<{ resolved: boolean }>(tablet, { store: 'kaartFeedback', key: report.id }))?.resolved === true);
    expect(await outboxStates(tablet)).toEqual([]);
    expect(await latestOnServer(report.id)).toEqual(closed);
    expect((await admin('GET', '/kaart-inbox/feedback') as { feedback: unknown[] }).feedback).toEqual([]);
    await tablet.goto(`${server.url}/#/kaart/conflicten`);
    await tablet.getByText('Er is niets te kiezen. Wat nog verstuurd moet worden, gaat vanzelf naar de server.').waitFor();
    await tablet.goto(`${server.url}/#/kaart`);
    await tablet.getByLabel('Zoek hulp').fill('taalcafe');
    await tablet.getByRole('link', { name: 'Taalcafé', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    expect(await tablet.locator('#service-open-reports').count()).toBe(0);
    expect(await tablet.locator('#sync-status-line').innerText()).not.toContain('aandacht');
    await context.close();
  });
});
