import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, checkLaptopPage, DEMO_ORGANISATION, recordRenders, renders, signInWithToken } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import type { RunningServer } from './server';
import { addDays } from '../../src/shared/calendar';
import { dayText } from '../../src/shared/date-text';
import { amsterdamDay } from '../../src/shared/time';

const SHOTS = '.tmp/screenshots/beheer';
const UNKNOWN_ORGANISATION = '00000000-0000-4000-8000-000000000000';

let browser: Browser;
let server: RunningServer;
let coordinatorToken: string;
let nationalToken: string;
/** an organisation the national team deactivated, and a coordinator token of it made while it was active */
let closed: { id: string; name: string; token: string };

/** One admin API call as the test's own client (not the page). */
async function api(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/v1/admin${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

chromiumServerAndCoordinator((started, app, coordinator, national) => ([browser, server, coordinatorToken, nationalToken] = [started, app, coordinator, national]), { national: true });
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const made = await (await api(nationalToken, 'POST', '/organisations', { name: 'Bibliotheek Oude Haven', municipalityCode: 'GM0855' })).json() as { id: string; name: string };
  const token = await (await api(nationalToken, 'POST', `/organisations/${made.id}/tokens`, {})).json() as { token: string };
  expect((await api(nationalToken, 'POST', `/organisations/${made.id}/deactivate`)).status).toBe(200);
  closed = { id: made.id, name: made.name, token: token.token };
});

/** The admin API answers the page got, as `GET /organisations 200`. */
function recordAdminAnswers(page: Page): string[] {
  const answers: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/v1/admin/')) answers.push(`${response.request().method()} ${path.slice('/api/v1/admin'.length)} ${response.status()}`);
  });
  return answers;
}

/** Every alert's text on the page, and every button and link inside Beheer's own part. */
async function whatTheBeheerPageShows(page: Page) {
  const beheer = page.locator('section.ido-beheer');
  return {
    alerts: await beheer.locator('.utrecht-alert').allInnerTexts(),
    tabs: await page.getByRole('navigation', { name: 'Beheer' }).count(),
    buttons: await beheer.getByRole('button').allInnerTexts(),
    links: await beheer.getByRole('link').allInnerTexts(),
  };
}

describe('beheer: a page that cannot work says so once, with the way on', () => {
  it('shows a coordinator of a deactivated organisation one message, what to do, and no action that the server refuses', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const answers = recordAdminAnswers(page);
    await signInWithToken(page, `${server.url}/#/beheer`, closed.token);
    await page.getByRole('heading', { level: 1, name: `Beheer: ${closed.name}` }).waitFor();
    const message = page.getByRole('status').filter({ hasText: /Neem contact op met het landelijk team/ });
    await message.waitFor();
    expect(await message.innerText()).toMatch(new RegExp(`^${closed.name} is gedeactiveerd door het landelijk team`));
    // One message; no tabs, no "Nieuwe locatie": every one of them was answered 403. Only the sign-out is left.
    expect(await whatTheBeheerPageShows(page)).toEqual({ alerts: [await message.innerText()], tabs: 0, buttons: ['Uitloggen'], links: [] });
    expect(await page.getByText(/gedeactiveerd/).count()).toBe(1);
    // It read only what the server still answers it (who it is, its organisation), and asked nothing that is refused.
    expect(answers.filter((answer) => !/ 200$/.test(answer))).toEqual([]);
    expect(answers.map((answer) => answer.replace(/ 200$/, '')).sort()).toEqual(['GET /me', 'GET /organisations']);
    await checkLaptopPage(page, 'gedeactiveerd', SHOTS);

    // Another tab by address: the same one message, no tab's own page.
    await page.goto(`${server.url}/#/beheer/${closed.id}/codes`);
    await message.waitFor();
    expect(await whatTheBeheerPageShows(page)).toEqual({ alerts: [await message.innerText()], tabs: 0, buttons: ['Uitloggen'], links: [] });
    expect(answers.filter((answer) => !/ 200$/.test(answer))).toEqual([]);
    await context.close();
  });

  it('turns a coordinator\'s open page into that one message at the first action after the national team deactivated the organisation', async () => {
    const made = await (await api(nationalToken, 'POST', '/organisations', { name: 'Bibliotheek Late Avond', municipalityCode: 'GM0855' })).json() as { id: string; name: string };
    const { token } = await (await api(nationalToken, 'POST', `/organisations/${made.id}/tokens`, {})).json() as { token: string };
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const answers = recordAdminAnswers(page);
    await signInWithToken(page, `${server.url}/#/beheer/${made.id}/codes`, token);
    await page.locator('#codes-table').waitFor();
    expect(await page.getByRole('navigation', { name: 'Beheer' }).count()).toBe(1);

    // Meanwhile, elsewhere: the national team deactivates it. The page is as it was, and offers its actions.
    expect((await api(nationalToken, 'POST', `/organisations/${made.id}/deactivate`)).status).toBe(200);
    answers.length = 0;
    // The focus is on the heading in the render that says it (the button tapped is gone), before the next key.
    await recordRenders(page, () => (document.querySelector('.ido-beheer-message') ? `said, focus on ${document.activeElement?.id || document.activeElement?.tagName}` : 'not said'));
    await page.getByRole('button', { name: 'Koppelcode maken' }).click();
    const message = page.getByRole('status').filter({ hasText: /Neem contact op met het landelijk team/ });
    await message.waitFor();
    // The same one message as on a fresh load, with the day; no refusal beside it, no tab, no action left.
    expect(await message.innerText()).toMatch(new RegExp(`^${made.name} is gedeactiveerd door het landelijk team op \\d+ [a-z]+ \\d{4}\\. Daarom`));
    expect(await whatTheBeheerPageShows(page)).toEqual({ alerts: [await message.innerText()], tabs: 0, buttons: ['Uitloggen'], links: [] });
    expect(await page.getByText(/gedeactiveerd/).count()).toBe(1);
    expect(await page.getByText('Met deze toegang mag dit niet.').count()).toBe(0);
    // One refused call was enough; the organisation read once more for the day. The button tapped is gone: the focus is on the heading.
    expect(answers).toEqual(['POST /organisations/' + made.id + '/codes 403', 'GET /organisations 200']);
    expect((await renders(page)).find((state) => state !== 'not said')).toBe('said, focus on beheer-heading');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('beheer-heading');
    expect((await (await api(nationalToken, 'GET', `/organisations/${made.id}/codes`)).json() as { codes: unknown[] }).codes).toEqual([]);
    await checkLaptopPage(page, 'gedeactiveerd-terwijl-open', SHOTS);
    await context.close();
  });

  it('keeps every tab of a deactivated organisation for the national team, with one note', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer/${closed.id}/locaties`, nationalToken);
    await page.locator('#locations-table').waitFor();
    expect(await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link').count()).toBe(9); // "Alle organisaties" and the 8 tabs
    expect(await page.locator('section.ido-beheer .utrecht-alert').allInnerTexts()).toEqual([expect.stringMatching(/^Deze organisatie is gedeactiveerd/)]);
    await page.getByRole('button', { name: 'Nieuwe locatie' }).waitFor();
    await context.close();
  });

  it('sends a coordinator who types another organisation\'s address back to its own beheer, and the server keeps refusing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer`, coordinatorToken);
    await page.locator('#locations-table').waitFor();
    const back = page.getByRole('link', { name: 'Naar Beheer van Voorbeeldbibliotheek Rivierenland (demo)' });
    // An organisation that exists and one that does not: the same page, so an address tells nothing.
    const shown: unknown[] = [];
    for (const other of [closed.id, UNKNOWN_ORGANISATION]) {
      await page.goto(`${server.url}/#/beheer/${other}/tablets`);
      await back.waitFor();
      shown.push({ heading: await page.getByRole('heading', { level: 1 }).innerText(), ...await whatTheBeheerPageShows(page) });
    }
    expect(shown[0]).toEqual({
      heading: 'Beheer', alerts: ['Deze organisatie kunt u niet beheren. U beheert alleen uw eigen organisatie.'], tabs: 0,
      buttons: ['Uitloggen'], links: ['Naar Beheer van Voorbeeldbibliotheek Rivierenland (demo)'],
    });
    expect(shown[1]).toEqual(shown[0]);
    await checkLaptopPage(page, 'andere-organisatie', SHOTS);
    // An id is no proof: the server answers another organisation exactly like one that does not exist.
    const answers = await Promise.all([closed.id, UNKNOWN_ORGANISATION].map(async (id) => {
      const response = await api(coordinatorToken, 'GET', `/organisations/${id}/devices`);
      return [response.status, await response.text()];
    }));
    expect(answers[0]).toEqual([404, expect.stringContaining('"not_found"')]);
    expect(answers[1]).toEqual(answers[0]);

    await back.click();
    await page.locator('#locations-table').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/beheer/${DEMO_ORGANISATION}/locaties`);
    await context.close();
  });

  it('says at once, when "Sluiten" meets a location that opens later, both days and what to do: no question, nothing sent', async () => {
    const organisation = await (await api(nationalToken, 'POST', '/organisations', { name: 'Bibliotheek Nieuwbouw' })).json() as { id: string };
    const opens = addDays(amsterdamDay(new Date()), 30);
    const location = { name: 'Nieuwbouw Centrum', municipalityCode: 'GM0855', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4, openedOn: opens };
    expect((await api(nationalToken, 'POST', `/organisations/${organisation.id}/locations`, location)).status).toBe(201);
    const token = await (await api(nationalToken, 'POST', `/organisations/${organisation.id}/tokens`, {})).json() as { token: string };
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (request) => { if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/v1/admin/')) sent.push(request.url()); });
    await signInWithToken(page, `${server.url}/#/beheer/${organisation.id}/locaties`, token.token);
    const row = page.locator('#locations-table tbody tr', { hasText: 'Nieuwbouw Centrum' });
    await row.waitFor();
    const today = amsterdamDay(new Date());
    await row.getByRole('button', { name: 'Nieuwbouw Centrum sluiten' }).click();
    // The page knows the opening day: it says so in the button's place (it asked "Vanaf vandaag sluiten?" and then sent it,
    // to be refused), with the two days as the page writes days, and the keyboard on "Terug" with the reason tied to it.
    const refusal = row.getByRole('group', { name: 'Nieuwbouw Centrum sluiten' });
    const text = `Nieuwbouw Centrum gaat pas open op ${dayText(opens)}. Vandaag is het ${dayText(today)}: `
      + `een locatie kan niet sluiten voordat hij opengaat. Sluit de locatie op ${dayText(opens)} of later.`;
    await expect.poll(() => refusal.innerText().catch(() => '')).toContain(text);
    expect(await page.getByText('Vanaf vandaag sluiten?').count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Ja, sluiten' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Terug');
    const describedBy = await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby') ?? '');
    expect(await page.evaluate((id) => document.getElementById(id)?.textContent, describedBy)).toBe(text);
    await checkLaptopPage(page, 'sluiten-voor-de-opening', SHOTS);
    // "Terug" gives the button back, with the keyboard on it; nothing was sent, nothing changed.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Nieuwbouw Centrum sluiten');
    expect(sent).toEqual([]);
    // The Status column says when it opens (it said "Open" for a location that is not open yet).
    expect(await row.locator('td[data-label="Status"]').innerText()).toBe(`Opent op ${dayText(opens)}`);
    const stored = await (await api(token.token, 'GET', `/organisations/${organisation.id}/locations`)).json() as { locations: Array<{ id: string; closedOn: string | null }> };
    expect(stored.locations.map((l) => l.closedOn)).toEqual([null]);
    // A closing planned on a later day (the API's closedOn) is said beside the opening, not as closed already.
    const closes = addDays(opens, 10);
    expect((await api(token.token, 'POST', `/organisations/${organisation.id}/locations/${stored.locations[0].id}/close`, { closedOn: closes })).status).toBe(200);
    await page.reload();
    await expect.poll(() => row.locator('td[data-label="Status"]').innerText().catch(() => ''))
      .toBe(`Opent op ${dayText(opens)}, gesloten vanaf ${dayText(closes)}`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('tells the national team once that an organisation does not exist, with the way to all organisations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    await signInWithToken(page, `${server.url}/#/beheer/${UNKNOWN_ORGANISATION}/codes`, nationalToken);
    const back = page.getByRole('link', { name: 'Naar alle organisaties' });
    await back.waitFor();
    expect(await whatTheBeheerPageShows(page)).toEqual({
      alerts: ['Deze organisatie bestaat niet. Kijk of het adres klopt.'], tabs: 0, buttons: ['Uitloggen'], links: ['Naar alle organisaties'],
    });
    await checkLaptopPage(page, 'organisatie-bestaat-niet', SHOTS);
    await back.click();
    await page.locator('#organisations-table').waitFor();
    await context.close();
  });
});
