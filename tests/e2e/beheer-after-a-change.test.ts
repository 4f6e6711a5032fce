import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, checkLaptopPage, signInWithToken } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

const SHOTS = '.tmp/screenshots/beheer';

let browser: Browser;
let server: RunningServer;
let nationalToken: string;

/** One admin API call as the test's own client (not the page). */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1/admin${path}`, {
    method, headers: { authorization: `Bearer ${nationalToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return await response.json() as T;
}

/** A new organisation of its own for each test, so none sees another's rows. */
const newOrganisation = (name: string) => api<{ id: string; name: string }>('POST', '/organisations', { name });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
  nationalToken = runAdmin(server.dataDir, ['create-token', '--role', 'national']);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openAsNational(address: string, ready: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  await signInWithToken(page, `${server.url}/${address}`, nationalToken);
  await page.locator(ready).first().waitFor();
  return { context, page };
}

/**
 * Holds every read of the list at `glob` (its GET; a change to the same path goes on) until `release`: the moment after
 * a change and before the list is read again, stretched, in which a row could be acted on as it was before the change.
 */
async function holdListReads(page: Page, glob: string): Promise<{ release: () => Promise<void> }> {
  let open!: () => void;
  const held = new Promise<void>((resolve) => { open = resolve; });
  await page.route(glob, async (route) => { if (route.request().method() === 'GET') await held; await route.continue(); });
  return {
    release: async () => {
      open();
      // the held requests go on first: an unroute beside them left one handler's continue on a route already handled
      await page.unrouteAll({ behavior: 'wait' });
    },
  };
}

const rowText = (page: Page, table: string, hasText: string | RegExp) => page.locator(`${table} tbody tr`, { hasText }).innerText();

/**
 * Renames a row with its form (`field` labels the form's name field, named after the row), and opens the form once
 * more, with the list's read held: it must start from the new name (it started from the old one). Closes it again.
 */
async function renameAndReopen(page: Page, rename: { button: (name: string) => string; field: (name: string) => string; from: string; to: string; done: string }) {
  await page.getByRole('button', { name: rename.button(rename.from) }).click();
  await page.getByLabel(rename.field(rename.from)).fill(rename.to);
  await page.getByRole('button', { name: 'Naam opslaan' }).click();
  await page.getByText(rename.done).waitFor();
  await page.getByRole('button', { name: rename.button(rename.to) }).click();
  expect(await page.getByLabel(rename.field(rename.to)).inputValue()).toBe(rename.to);
  await page.getByRole('button', { name: 'Annuleren' }).click();
}

describe('beheer: a row shows its change at once, so the next action starts from it', () => {
  it('Koppelcodes: a revoked code says so at once and offers "Intrekken" no more', async () => {
    const organisation = await newOrganisation('Bibliotheek Kop en Munt');
    await api('POST', `/organisations/${organisation.id}/codes`, { role: 'medewerker' });
    const { context, page } = await openAsNational(`#/beheer/${organisation.id}/codes`, '#codes-table tbody tr');
    const list = await holdListReads(page, '**/api/v1/admin/organisations/*/codes');
    await page.getByRole('button', { name: /^Koppelcode [0-9A-F]{4} van .+ intrekken$/ }).click();
    await page.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.getByText(/^De koppelcode is ingetrokken/).waitFor();
    // The list is not read again yet: the row is the revoke's answer.
    await expect.poll(() => rowText(page, '#codes-table', /Medewerker/)).toMatch(/Ingetrokken \d+/);
    expect(await page.locator('#codes-table').getByRole('button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await list.release();
    await expect.poll(() => rowText(page, '#codes-table', /Medewerker/)).toMatch(/Ingetrokken \d+/);
    await context.close();
  });

  it('Toegang: a revoked token says so at once and offers "Intrekken" no more', async () => {
    const organisation = await newOrganisation('Bibliotheek Sleutelhof');
    await api('POST', `/organisations/${organisation.id}/tokens`, {});
    const { context, page } = await openAsNational(`#/beheer/${organisation.id}/toegang`, '#tokens-table-coordinator tbody tr');
    const list = await holdListReads(page, '**/api/v1/admin/organisations/*/tokens');
    await page.getByRole('button', { name: /^Toegangscode [0-9A-F]{4} van .+ intrekken$/ }).click();
    await page.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.getByText(/^De toegangscode is ingetrokken/).waitFor();
    await expect.poll(() => page.locator('#tokens-table-coordinator tbody').innerText()).toMatch(/Ingetrokken \d+/);
    expect(await page.locator('#tokens-table-coordinator').getByRole('button').count()).toBe(0);
    await list.release();
    await expect.poll(() => page.locator('#tokens-table-coordinator tbody').innerText()).toMatch(/Ingetrokken \d+/);
    await context.close();
  });

  it('Tablets: "Naam wijzigen" right after a rename starts from the new name, and a revoked tablet offers nothing more', async () => {
    const organisation = await newOrganisation('Bibliotheek Tabletstraat');
    const { code } = await api<{ code: string }>('POST', `/organisations/${organisation.id}/codes`, { role: 'medewerker' });
    const enrolled = await fetch(`${server.url}/api/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'Balie 1' }) });
    expect(enrolled.status).toBe(201);
    const { context, page } = await openAsNational(`#/beheer/${organisation.id}/tablets`, '#devices-table tbody tr');
    const list = await holdListReads(page, '**/api/v1/admin/organisations/*/devices');
    // Still no list read: the row has the name the rename answered, and the form opens with it (it opened "Balie 1").
    await renameAndReopen(page, { button: (name) => `Naam wijzigen van ${name}`, field: (name) => `Nieuwe naam voor ${name}`, from: 'Balie 1', to: 'Balie 2', done: 'De tablet heet nu Balie 2.' });
    await page.getByRole('button', { name: 'Balie 2 ontkoppelen' }).click();
    await page.getByRole('button', { name: 'Ja, ontkoppelen' }).click();
    await page.getByText(/^Balie 2 is ontkoppeld/).waitFor();
    await expect.poll(() => rowText(page, '#devices-table', 'Balie 2')).toMatch(/Ontkoppeld \d+/);
    expect(await page.locator('#devices-table').getByRole('button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await list.release();
    await expect.poll(() => rowText(page, '#devices-table', 'Balie 2')).toMatch(/Ontkoppeld \d+/);
    await context.close();
  });

  it('Organisaties: "Hernoemen" right after a rename starts from the new name, and a deactivated one offers only "Weer activeren"', async () => {
    await newOrganisation('Bibliotheek Oud Genoemd');
    const { context, page } = await openAsNational('#/beheer/organisaties', '#organisations-table tbody tr');
    const list = await holdListReads(page, '**/api/v1/admin/organisations');
    // Still no list read: the row has the new name, and "Hernoemen" starts from it (it started from the old name).
    await renameAndReopen(page, {
      button: (name) => `${name} hernoemen`, field: () => 'Naam van de organisatie',
      from: 'Bibliotheek Oud Genoemd', to: 'Bibliotheek Nieuw Genoemd', done: 'De organisatie heet nu Bibliotheek Nieuw Genoemd.',
    });
    await page.getByRole('button', { name: 'Bibliotheek Nieuw Genoemd deactiveren' }).click();
    await page.getByRole('button', { name: 'Ja, deactiveren' }).click();
    await page.getByText(/^Bibliotheek Nieuw Genoemd is gedeactiveerd/).waitFor();
    await expect.poll(() => rowText(page, '#organisations-table', 'Bibliotheek Nieuw Genoemd')).toMatch(/Gedeactiveerd \d+/);
    expect(await page.locator('#organisations-table tbody tr', { hasText: 'Bibliotheek Nieuw Genoemd' }).getByRole('button').allInnerTexts()).toEqual(['Weer activeren']);
    expect(await axeViolations(page)).toEqual([]);
    await list.release();
    await expect.poll(() => rowText(page, '#organisations-table', 'Bibliotheek Nieuw Genoemd')).toMatch(/Gedeactiveerd \d+/);
    await context.close();
  });
  it('Organisaties: "Weer activeren" asks first, then the row is active at once with its actions, the coordinator manages it again and the log says so', async () => {
    const organisation = await newOrganisation('Bibliotheek Terugkeer');
    const { token: coordinatorToken } = await api<{ token: string }>('POST', `/organisations/${organisation.id}/tokens`, {});
    const coordinatorReads = async () => (await fetch(`${server.url}/api/v1/admin/organisations/${organisation.id}/locations`, { headers: { authorization: `Bearer ${coordinatorToken}` } })).status;
    const { context, page } = await openAsNational('#/beheer/organisaties', '#organisations-table tbody tr');
    const row = page.locator('#organisations-table tbody tr', { hasText: organisation.name });
    const status = () => row.locator('[data-label="Status"]').innerText();

    // Deactivated by mistake: the question says what it does, and that it can be undone.
    await page.getByRole('button', { name: `${organisation.name} deactiveren` }).click();
    expect(await row.locator('.ido-confirm__question').innerText()).toBe('Deactiveren? Dan kunnen haar coördinatoren niets meer wijzigen, tot u haar weer activeert.');
    await page.getByRole('button', { name: 'Ja, deactiveren' }).click();
    await page.getByText(/^Bibliotheek Terugkeer is gedeactiveerd/).waitFor();
    await expect.poll(status).toMatch(/^Gedeactiveerd \d+/);
    expect(await coordinatorReads()).toBe(403);

    // "Weer activeren" asks first; "Nee, terug" changes nothing and gives the focus back.
    await row.getByRole('button', { name: `${organisation.name} weer activeren` }).click();
    const question = row.getByRole('group', { name: `${organisation.name} weer activeren` });
    expect(await question.locator('.ido-confirm__question').innerText()).toBe(
      'Weer activeren? Dan kunnen haar coördinatoren haar weer beheren. Kaartwijzigingen die op hun tablets wachten, gaan mee bij de volgende keer verbinden.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Nee, terug');
    await checkLaptopPage(page, 'organisatie-weer-activeren-vraag', SHOTS);
    await question.getByRole('button', { name: 'Nee, terug' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${organisation.name} weer activeren`);
    expect(await status()).toMatch(/^Gedeactiveerd \d+/);
    expect(await coordinatorReads()).toBe(403);

    // Yes: the row is the answer at once (the list's read is held), active with its actions again.
    const list = await holdListReads(page, '**/api/v1/admin/organisations');
    await row.getByRole('button', { name: `${organisation.name} weer activeren` }).click();
    await page.getByRole('button', { name: 'Ja, weer activeren' }).click();
    await page.getByText('Bibliotheek Terugkeer is weer actief: haar coördinatoren kunnen haar weer beheren. Kaartwijzigingen die op hun tablets wachten, gaan mee bij de volgende keer verbinden.').waitFor();
    await expect.poll(status).toBe('Actief');
    expect(await row.getByRole('button').allInnerTexts()).toEqual(['Hernoemen', 'Deactiveren']);
    await checkLaptopPage(page, 'organisatie-weer-actief', SHOTS);
    await list.release();
    await expect.poll(status).toBe('Actief');
    expect(await coordinatorReads()).toBe(200);

    // The national log names it, with what changed.
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Logboek' }).click();
    const logged = page.locator('#audit-table tbody tr', { hasText: 'Organisatie weer geactiveerd' });
    await logged.waitFor();
    expect(await logged.locator('[data-label="Onderwerp"]').innerText()).toBe(organisation.name);
    expect([await logged.locator('[data-label="Voor"]').innerText(), await logged.locator('[data-label="Na"]').innerText()]).toEqual(['active: false', 'active: true']);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
