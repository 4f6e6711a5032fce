import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, kaartSource, largeTextProblems, readTablet, showAtLargeText, smallTapTargets, tabletContext, textPastPadding, waitUntilTrue } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

// The coordinator's "Nieuwe dienst" / "Dienst bewerken" form on a coordinator tablet.
const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';

let browser: Browser;
let server: RunningServer;
let page: Page;

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(async () => {
  const context = await tabletContext(browser);
  page = await enrollInApp(context, server.url, runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']));
  // The first sync swaps the example kaart for the organisation's own.
  await waitUntilTrue(async () => (await kaartSource(page)) === DEMO_ORGANISATION, 'the organisation\'s kaart is on the tablet');
});

/** An empty "Nieuwe dienst" (the reload: the same address again keeps the form as it was). */
async function newService() {
  await page.goto(`${server.url}/#/kaart/nieuw`);
  await page.reload();
  await page.getByRole('heading', { name: 'Nieuwe dienst', level: 1 }).waitFor();
}

const checkedLanguages = () => page.locator('#svc-languages input:checked').evaluateAll((inputs) => inputs.map((i) => i.closest('label')!.innerText.trim()));
const summaryLinks = () => page.locator('#svc-error-summary a').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), (a as HTMLElement).innerText]));

async function addLanguage(typed: string) {
  await page.getByLabel('Andere taal toevoegen').fill(typed);
  await page.getByRole('button', { name: 'Taal toevoegen' }).click();
}

describe('the kaart edit form', () => {
  it('lets a coordinator tick a service\'s languages by their Dutch name, add another by name, and shows them again on reopening', async () => {
    // It asked for ISO codes ("Talen (codes, bijvoorbeeld nl, en, ar)"), typed by hand.
    await newService();
    expect(await page.getByText('codes, bijvoorbeeld').count()).toBe(0);
    await page.getByLabel('Naam').fill('Taalhulp <script>alert(1)</script> 🙂 (voorbeeld)');
    const organisation = (await page.locator('#svc-organization_id option').nth(1).getAttribute('value'))!;
    await page.locator('#svc-organization_id').selectOption(organisation);
    await page.getByRole('checkbox', { name: 'Arabisch' }).check();
    await page.getByRole('checkbox', { name: 'Oekraïens' }).check();
    // Every tile by its Dutch name: Chromium's Intl has none for Papiaments (it said "pap").
    expect(await page.locator('#svc-languages label').allInnerTexts()).toEqual(
      ['Nederlands', 'Engels', 'Arabisch', 'Turks', 'Pools', 'Oekraïens', 'Russisch', 'Perzisch', 'Tigrinya', 'Somalisch', 'Papiaments', 'Fries']);

    // Another language by its Dutch name: a tile of its own, ticked. Enter adds it and does not save the form.
    await page.getByLabel('Andere taal toevoegen').fill('dari');
    await page.getByLabel('Andere taal toevoegen').press('Enter');
    await expect.poll(checkedLanguages).toEqual(['Arabisch', 'Oekraïens', 'Dari']);
    expect(await page.getByRole('heading', { name: 'Nieuwe dienst', level: 1 }).count()).toBe(1);
    expect(await page.getByLabel('Andere taal toevoegen').inputValue()).toBe('');
    // One already ticked, typed without its accent: no second tile.
    await addLanguage('oekraiens');
    expect(await page.getByRole('checkbox', { name: 'Oekraïens' }).count()).toBe(1);

    // Unknown words, hostile input and an empty box: a Dutch message at the box, and nothing added.
    for (const [typed, said] of [
      ['Klingon', 'De taal "Klingon" kennen we niet. Typ de Nederlandse naam van de taal, bijvoorbeeld Dari of Swahili.'],
      ['<script>alert(1)</script>', 'De taal "<script>alert(1)</script>" kennen we niet.'],
      ['🙂'.repeat(5_000), `De taal "${'🙂'.repeat(40)}…" kennen we niet.`],
      ['   ', 'Typ eerst de naam van een taal, bijvoorbeeld Dari of Swahili.'],
    ] as const) {
      await addLanguage(typed);
      await expect.poll(() => page.locator('#svc-language-other-error').innerText()).toContain(said);
      expect(await page.getByLabel('Andere taal toevoegen').getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.locator('#svc-languages input').count()).toBe(13);
    await addLanguage('Swahili');
    expect(await page.locator('#svc-language-other-error').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Swahili' }).uncheck();

    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByRole('heading', { name: 'Taalhulp <script>alert(1)</script> 🙂 (voorbeeld)', level: 1 }).waitFor();
    expect(await page.locator('article').innerText()).toContain('Arabisch, Oekraïens, Dari');
    const id = decodeURIComponent(page.url().split('/kaart/dienst/')[1]);
    // Stored as the HSDS list of codes, as before.
    expect((await readTablet<{ languages: string[] }>(page, { store: 'kaartServices', key: id }))?.languages).toEqual(['ar', 'uk', 'prs']);

    await page.goto(`${server.url}/#/kaart/bewerken/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { name: 'Dienst bewerken', level: 1 }).waitFor();
    expect(await checkedLanguages()).toEqual(['Arabisch', 'Oekraïens', 'Dari']);
    // A stored language outside the list is removable, and its tile stays to tick it again.
    await page.getByRole('checkbox', { name: 'Dari' }).uncheck();
    expect(await page.getByRole('checkbox', { name: 'Dari' }).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByRole('heading', { name: /^Taalhulp/, level: 1 }).waitFor();
    expect((await readTablet<{ languages: string[] }>(page, { store: 'kaartServices', key: id }))?.languages).toEqual(['ar', 'uk']);
    await page.goto(`${server.url}/#/kaart/bewerken/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { name: 'Dienst bewerken', level: 1 }).waitFor();
    expect(await checkedLanguages()).toEqual(['Arabisch', 'Oekraïens']);
    expect(await page.getByRole('checkbox', { name: 'Dari' }).count()).toBe(0);
  });

  it('lists a refused save\'s problems in the order of the form, and takes a field of only spaces as empty', async () => {
    // The summary said "Vul organisatie in." before "Vul naam in.", the field catalogue's order, not the form's.
    await newService();
    await page.getByLabel('Naam').fill('    ');
    // Only spaces in a field that may stay empty: left out (it said "Laat omschrijving weg of vul het in.").
    await page.getByLabel('Omschrijving').fill(' \n  ');
    await page.getByLabel('Website').fill('  javascript:alert(1)  ');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#svc-error-summary').waitFor();
    expect(await summaryLinks()).toEqual([
      ['#svc-name', 'Vul naam in.'],
      ['#svc-organization_id', 'Vul organisatie in.'],
      ['#svc-url', 'Vul een webadres in dat begint met https://, bijvoorbeeld https://www.example.nl.'],
    ]);
    // Each message is read with its field.
    expect(await page.getByLabel('Naam').getAttribute('aria-describedby')).toBe('svc-name-error');
    expect(await page.getByLabel('Website').getAttribute('aria-invalid')).toBe('true');

    // An emoji is one character, as the server counts it (it said 401 here, and refused 200 emoji)
    await page.getByLabel('Naam').fill(`${'🙂'.repeat(200)}!`);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await expect.poll(summaryLinks).toContainEqual(['#svc-name', 'Gebruik voor naam hoogstens 200 tekens. Nu zijn het er 201.']);
    expect((await summaryLinks())[0][0]).toBe('#svc-name');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Naam').fill('🙂'.repeat(200));
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await expect.poll(summaryLinks).toEqual([['#svc-organization_id', 'Vul organisatie in.'], ['#svc-url', 'Vul een webadres in dat begint met https://, bijvoorbeeld https://www.example.nl.']]);
  });

  it('is axe-clean with no tap target under 44 px, on a portrait tablet and at 200 % text', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await newService();
    await page.getByRole('checkbox', { name: 'Tigrinya' }).check();
    await addLanguage('Somalisch');
    await addLanguage('Klingon');
    await page.locator('#svc-language-other-error').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await textPastPadding(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.locator('#svc-languages').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/s44-h78-languages-768.png` });
    await page.screenshot({ path: `${SHOTS}/s44-h78-form-768.png`, fullPage: true });

    await showAtLargeText(page, `${server.url}/#/kaart/nieuw`, 'Nieuwe dienst');
    await addLanguage('Klingon');
    await page.locator('#svc-language-other-error').waitFor();
    expect(await largeTextProblems(page)).toEqual([]);
    expect(await textPastPadding(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.locator('#svc-languages').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/s44-h78-languages-768-200pct.png` });
    await page.locator('#svc-language-other').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/s44-h78-other-language-768-200pct.png` });
  });

  it('saves a name and a description of one endless word, and their entry does not scroll sideways on a portrait tablet', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await newService();
    const name = `Schuldhulp${'W'.repeat(175)}(voorbeeld)`;
    await page.getByLabel('Naam').fill(name);
    await page.locator('#svc-organization_id').selectOption((await page.locator('#svc-organization_id option').nth(1).getAttribute('value'))!);
    await page.getByLabel('Omschrijving').fill('🙂'.repeat(1_000));
    // Spaces around an address (pasted) are dropped, not refused.
    await page.getByLabel('E-mailadres').fill(' info@example.nl ');
    await page.getByLabel('Website').fill(` https://www.example.nl/${'a'.repeat(400)} `);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const id = decodeURIComponent(page.url().split('/kaart/dienst/')[1]);
    expect(await readTablet(page, { store: 'kaartServices', key: id })).toMatchObject({ email: 'info@example.nl', url: `https://www.example.nl/${'a'.repeat(400)}` });
    const wide = await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => `${e.tagName}.${e.className}`));
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/s44-h78-long-words-entry-768.png` });
  });
});
