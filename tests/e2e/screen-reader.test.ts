import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DEMO_ORGANISATION, demoCoordinatorTablet, openKaartEdit, recordRenders, registerContacts, renders, tabletContext } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * Every page as a screen reader meets it: what axe-core does not check. The accessibility tree as Chromium gives it to a
 * screen reader (CDP Accessibility.getFullAXTree): each page's one h1 and its levels, its landmarks, its live regions, the
 * names of its controls; and where the focus is after a move, a sign-in or a refusal.
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
let nationalToken = '';
chromiumServerAndCoordinator((started, app, coordinator, national) => ([browser, server, coordinatorToken, nationalToken] = [started, app, coordinator, national]), { national: true });

interface AxNode { nodeId: string; ignored: boolean; role?: { value: string }; name?: { value: string }; properties?: Array<{ name: string; value: { value: unknown } }>; parentId?: string; childIds?: string[] }

/** The page as a screen reader has it: the accessibility tree's nodes (the ignored ones too: they link the others to their parents). */
async function axTree(page: Page): Promise<AxNode[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return (await cdp.send('Accessibility.getFullAXTree') as { nodes: AxNode[] }).nodes;
  } finally {
    await cdp.detach();
  }
}

const property = (node: AxNode, name: string) => node.properties?.find((p) => p.name === name)?.value.value;

/** What a screen reader's lists of headings, landmarks and controls say of the page, in Dutch where it reads names. */
async function outline(page: Page) {
  const all = await axTree(page);
  const byId = new Map(all.map((node) => [node.nodeId, node]));
  const nodes = all.filter((node) => !node.ignored);
  const inMain = (node: AxNode) => {
    for (let up = node.parentId ? byId.get(node.parentId) : undefined; up; up = up.parentId ? byId.get(up.parentId) : undefined) if (up.role?.value === 'main') return true;
    return false;
  };
  const headings = nodes.filter((node) => node.role?.value === 'heading').map((node) => ({ level: Number(property(node, 'level')), name: node.name?.value ?? '' }));
  const landmarks = nodes.filter((node) => ['banner', 'navigation', 'main', 'contentinfo'].includes(node.role?.value ?? '')).map((node) => `${node.role!.value} "${node.name?.value ?? ''}"`);
  expect(nodes.filter(inMain).length, 'the main region has content').toBeGreaterThan(3);
  const names = new Map<string, number>();
  for (const node of nodes) {
    if (!['button', 'link'].includes(node.role?.value ?? '') || !inMain(node)) continue;
    if (node.name?.value.startsWith('Show date picker')) continue; // the browser's own button in a date field, in the browser's language
    const key = `${node.role!.value} "${node.name?.value ?? ''}"`;
    names.set(key, (names.get(key) ?? 0) + 1);
  }
  const twice = [...names].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
  const unnamed = nodes.filter((node) => ['button', 'link', 'textbox', 'combobox', 'checkbox', 'radio', 'spinbutton'].includes(node.role?.value ?? '') && !node.name?.value).map((node) => node.role!.value);
  return { headings, landmarks, twice, unnamed };
}

/** Live regions inside another live region (a screen reader reads the inner one's change twice, or not at all). */
const nestedLiveRegions = (page: Page) => page.evaluate(() => [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')]
  .filter((region) => region.parentElement?.closest('[aria-live], [role="status"], [role="alert"], [role="log"]'))
  .map((region) => `${region.tagName.toLowerCase()}.${region.className} "${region.textContent?.trim().slice(0, 40)}"`));

/**
 * Live regions that are read badly: one with a control in it (its words are read with each change), and one whose text is
 * in pieces without aria-atomic (only the piece that changed is read: a bare "3"). role="status" and "alert" are atomic.
 */
const badLiveRegions = (page: Page) => page.evaluate(() => [...document.querySelectorAll('main [aria-live], main [role="status"], main [role="alert"]')].flatMap((region) => {
  const name = `${region.tagName.toLowerCase()}.${region.className} "${region.textContent?.trim().slice(0, 40)}"`;
  const problems: string[] = [];
  if (region.querySelector('a[href], button, input, select, textarea')) problems.push(`${name}: a control inside`);
  const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
  let pieces = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent?.trim()) pieces++;
  const atomic = region.getAttribute('aria-atomic') === 'true' || ['status', 'alert'].includes(region.getAttribute('role') ?? '');
  if (pieces > 1 && !atomic) problems.push(`${name}: read in pieces`);
  return problems;
}));

/** Error messages shown at a field that no invalid control names in its aria-describedby (a screen reader never hears them there). */
const untiedErrors = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('main .utrecht-form-field-error-message, main .utrecht-form-field__error-message')]
  .filter((message) => message.getClientRects().length > 0)
  .filter((message) => !document.querySelector(`[aria-invalid="true"][aria-describedby~="${message.id}"]`) || !message.id)
  .map((message) => `${message.id || '(no id)'} "${message.textContent?.trim().slice(0, 50)}"`));

/** "Opslaan" on a form left empty: some errors come, and each is tied to its field. */
async function expectErrorsTied(page: Page, what: string, save = 'Opslaan') {
  await page.getByRole('button', { name: save, exact: true }).click();
  await page.locator('main .utrecht-form-field-error-message, main .utrecht-form-field__error-message').first().waitFor();
  expect(await untiedErrors(page), what).toEqual([]);
}

/** One page as a screen reader meets it: one h1 (`heading`) with the focus on it, no level skipped, its landmarks once, a Dutch title, no control named twice. */
async function expectReadable(page: Page, heading: string | RegExp, title: RegExp, { focus = true } = {}) {
  const name = typeof heading === 'string' ? new RegExp(`^${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : heading;
  const what = String(heading);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  if (focus) await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), { message: `focus on ${what}` }).toBe('H1');
  if (focus) expect(await page.evaluate(() => document.activeElement?.id)).toBe(await page.getByRole('heading', { name, level: 1 }).getAttribute('id'));
  expect(await page.title(), what).toMatch(title);
  const { headings, landmarks, twice, unnamed } = await outline(page);
  const h1s = headings.filter((h) => h.level === 1).map((h) => h.name);
  expect(h1s, what).toHaveLength(1);
  expect(h1s[0], what).toMatch(name);
  const skipped = headings.filter((h, i) => i > 0 && h.level > headings[i - 1].level + 1).map((h) => `h${h.level} "${h.name}"`);
  expect(skipped, `${what}: heading levels skipped`).toEqual([]);
  expect(landmarks.filter((l) => l.startsWith('banner')), what).toHaveLength(1);
  expect(landmarks.filter((l) => l.startsWith('main')), what).toHaveLength(1);
  expect(landmarks.filter((l) => l.startsWith('navigation "Hoofdmenu"')), what).toHaveLength(1);
  expect(landmarks.filter((l) => l === 'navigation ""'), `${what}: a navigation without a name`).toEqual([]);
  expect(twice, `${what}: controls with the same name`).toEqual([]);
  expect(unnamed, `${what}: controls without a name`).toEqual([]);
  expect(await nestedLiveRegions(page), what).toEqual([]);
  expect(await badLiveRegions(page), what).toEqual([]);
  // "Naar de inhoud" by keyboard: the focus on the main region, and the page stays (its "#main" led to the form).
  const address = page.url();
  await page.locator('.ido-skip-link').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id), { message: `${what}: skip link` }).toBe('main');
  expect(page.url(), `${what}: skip link`).toBe(address);
  expect(await page.getByRole('heading', { name, level: 1 }).count(), `${what}: skip link`).toBe(1);
}

describe('every page as a screen reader meets it', () => {
  it('walks the tablet\'s pages through its menu: the focus on each page\'s h1, one h1, landmarks once, a Dutch title, no control named twice', async () => {
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, code);
    await registerContacts(tablet, 1);
    const menu = tablet.getByRole('navigation', { name: 'Hoofdmenu' });
    for (const [link, heading, title] of [
      ['Vandaag', 'Vandaag', /^Vandaag – IDO Onderweg$/],
      ['Sociale kaart', 'Sociale kaart', /^Sociale kaart – IDO Onderweg$/],
      ['Snelwijzer', 'Snelwijzer', /^Snelwijzer – IDO Onderweg$/],
      ['Overzicht', 'Overzicht van deze tablet', /^Overzicht – IDO Onderweg$/],
      ['Instellingen', 'Instellingen', /^Instellingen – IDO Onderweg$/],
      ['Registreren', 'Nieuw contact registreren', /^Registreren – IDO Onderweg$/],
    ] as const) {
      await menu.getByRole('link', { name: link, exact: true }).click();
      if (link === 'Overzicht') {
        // Its figures are said as one sentence when they change, not as bare numbers (the card was the live region).
        await tablet.locator('#overview-questions').waitFor();
        expect((await tablet.locator('main [role="status"]').allTextContents()).join(' ')).toMatch(/1 contact, 1 vraag, [\d,]+ uur hulp\./);
        // and what the eye reads says it in Dutch too: "1 contact", not "1 contacten"
        expect(await tablet.locator('#overview-contacts').locator('xpath=..').textContent()).toBe('1 contact');
        expect(await tablet.locator('#overview-questions').locator('xpath=..').textContent()).toBe('1 vraag');
      }
      await expectReadable(tablet, heading, title);
    }
    // The form with a question half filled in: its messages tied to their fields too.
    await tablet.getByRole('button', { name: 'Toeslagen – doorverwezen' }).click();
    await expectErrorsTied(tablet, 'Registreren');
    await tablet.getByRole('button', { name: 'Formulier leegmaken' }).click();
    // Pages further in: a group session, a kaart service, its edit form, the conflicts and reports pages, Koppelen.
    await menu.getByRole('link', { name: 'Vandaag', exact: true }).click();
    await tablet.getByRole('link', { name: /Groepsbijeenkomst registreren/ }).first().click();
    await expectReadable(tablet, 'Groepsbijeenkomst registreren', /^Groepsbijeenkomst – IDO Onderweg$/);
    await expectErrorsTied(tablet, 'Groepsbijeenkomst');
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await expectReadable(tablet, 'Dienst bewerken', /^Dienst bewerken – IDO Onderweg$/);
    await tablet.goto(`${server.url}/#/kaart/nieuw`);
    await expectErrorsTied(tablet, 'Nieuwe dienst');
    await tablet.goto(`${server.url}/#/snelwijzer/nieuw`);
    await expectErrorsTied(tablet, 'Nieuwe kaart', 'Kaart opslaan');
    await tablet.goBack();
    await tablet.goBack();
    await tablet.getByRole('button', { name: 'Annuleren' }).click().catch(() => tablet.goBack());
    await expectReadable(tablet, 'Taalcafé', / – IDO Onderweg$/);
    await menu.getByRole('link', { name: 'Snelwijzer', exact: true }).click();
    const card = tablet.locator('main a[href^="#/snelwijzer/"]:not([href$="/nieuw"])').first();
    const cardName = (await card.innerText()).trim();
    await card.click();
    await expectReadable(tablet, cardName, /^Snelwijzer – IDO Onderweg$/);
    for (const [hash, heading] of [['#/kaart/conflicten', 'Wijzigingen in de sociale kaart kiezen'], ['#/kaart/import', 'Kaart importeren of exporteren'], ['#/koppelen', 'Tablet koppelen']] as const) {
      await tablet.goto(`${server.url}/${hash}`);
      await expectReadable(tablet, heading, / – IDO Onderweg$/, { focus: false });
    }
    await context.close();
  });

  it('signs in on a laptop: a refusal is read at its field, the page that opens gets the focus, not the body', async () => {
    const context = await tabletContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const field = page.getByLabel('Toegangscode');
    const fieldState = () => field.evaluate((input) => ({
      focused: input === document.activeElement,
      invalid: input.getAttribute('aria-invalid'),
      description: (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim(),
    }));
    for (const [hash, heading] of [['#/dashboard', 'Dashboard'], ['#/jaarverslag', 'Jaarverslag'], ['#/beheer', 'Beheer']] as const) {
      await page.goto(`${server.url}/${hash}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // "Inloggen" with no code: the message is tied to the field, and the focus goes there (it stayed on the button).
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await expect.poll(fieldState, { message: heading }).toEqual({ focused: true, invalid: 'true', description: 'Vul de toegangscode in.' });
      expect(await axeViolations(page), heading).toEqual([]);
    }
    // A good code: the sign-in form goes, and the focus with it. It lands on the page's heading (it fell to the body).
    await page.goto(`${server.url}/#/dashboard`);
    await field.fill(coordinatorToken);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.locator('#overview-questions, .ido-figures').first().waitFor();
    await expectReadable(page, 'Dashboard', /^Dashboard – IDO Onderweg$/);

    for (const [hash, heading, title] of [['#/dashboard/uren', 'Uren en drukte', /^Uren en drukte – IDO Onderweg$/], ['#/jaarverslag', /^Jaarverslag IDO \d{4}$/, /^Jaarverslag – IDO Onderweg$/]] as const) {
      await page.goto(`${server.url}/${hash}`);
      await expectReadable(page, heading, title, { focus: false });
    }

    // The jaarverslag's own text: its count of characters is read with the field, not at every letter typed (each key
    // was read out as "13 van 2000 tekens", over the letters); only a text grown too long is said by itself, once.
    await page.goto(`${server.url}/#/jaarverslag`);
    await page.getByRole('button', { name: 'Toelichting schrijven' }).click();
    const text = page.getByLabel('Toelichting bij het jaarverslag');
    await text.focus();
    await recordRenders(page, () => [...document.querySelectorAll('main [aria-live], main [role="status"], main [role="alert"]')].map((region) => region.textContent).join(' | '));
    await page.keyboard.type('Veel vragen');
    expect(await renders(page)).toHaveLength(1);
    expect(await text.evaluate((input) => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' '))).toContain('11 van 2000 tekens');
    await text.fill('a'.repeat(2001));
    await page.keyboard.type('bc');
    const said = await renders(page);
    expect(said).toHaveLength(2);
    expect(said[1]).toContain('De tekst is te lang: hoogstens 2000 tekens.');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('walks Beheer\'s tabs: each tab\'s heading and title say which tab opened, one h1, landmarks once, no control named twice', async () => {
    for (const [token, tabs] of [
      [coordinatorToken, ['Koppelcodes', 'Tablets', 'Toegang', 'Logboek', 'Locaties']],
      [nationalToken, ['Toegangscodes en inwonertallen', 'Logboek', 'Organisaties']],
    ] as const) {
      const context = await tabletContext(browser, { viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/#/beheer`);
      await page.getByLabel('Toegangscode').fill(token);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      const beheer = page.getByRole('navigation', { name: 'Beheer' });
      await beheer.waitFor();
      for (const tab of tabs) {
        await beheer.getByRole('link', { name: tab, exact: true }).click();
        await page.locator('main table').first().waitFor(); // the tab's list is read: its buttons are there
        // the browser's title names the tab too (it said "Beheer – IDO Onderweg" on each)
        await expectReadable(page, new RegExp(`^Beheer: .+, ${tab}$`), new RegExp(`^${tab} – Beheer – IDO Onderweg$`));
      }
      // A form sent empty or wrong: each message tied to its field.
      if (token === coordinatorToken) {
        await page.getByRole('button', { name: 'Nieuwe locatie' }).click();
        await expectErrorsTied(page, 'Nieuwe locatie', 'Locatie toevoegen');
        await beheer.getByRole('link', { name: 'Koppelcodes', exact: true }).click();
        await page.getByLabel('Dagen geldig').fill('0');
        await expectErrorsTied(page, 'Koppelcodes', 'Koppelcode maken');
      } else {
        await expectErrorsTied(page, 'Nieuwe organisatie', 'Organisatie toevoegen');
        await beheer.getByRole('link', { name: 'Toegangscodes en inwonertallen', exact: true }).click();
        await expectErrorsTied(page, 'Toegangscode voor een gemeente', 'Toegangscode voor gemeente maken');
      }
      await context.close();
    }
  });
});
