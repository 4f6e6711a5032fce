import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
let axeScript: string | undefined;
const axeSource = () => (axeScript ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** The demo organisation's id (src/db/demo-organisation.json), which the server makes on its first start. */
export const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

/** A browser context as a tablet at the desk: 1024 × 768, Dutch, Amsterdam time. */
export function tabletContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', ...options });
}

/**
 * Asks until `check` answers true, or throws after `timeoutMs`. For a check of the page, not
 * `page.waitForFunction`: that takes the Promise an async check returns for a truthy answer and ends
 * when it settles, whatever it says (playwright-core 1.65).
 */
export async function waitUntilTrue(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the service worker controls the page (the app is then offline-ready). */
export async function waitForControl(page: Page, timeoutMs = 30_000): Promise<void> {
  // getRegistration, not `ready`: that never settles before the app registers its worker, and the check must answer.
  await waitUntilTrue(() => page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return registration?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  }), 'the service worker controls the page', timeoutMs);
}

/**
 * Opens the app controlled by its service worker. On a first start it skips enrollment ("eerst
 * proberen met voorbeelddata") and waits for the example kaart that choice writes (callers go offline
 * and reload at once), unless `skipEnrollment` is false and the caller handles it.
 */
export async function openControlled(context: BrowserContext, url: string, { skipEnrollment = true } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitForControl(page);
  if (!skipEnrollment) return page;
  const skip = page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' });
  const form = page.getByRole('heading', { name: 'Nieuw contact registreren' });
  await skip.or(form).first().waitFor();
  if (await skip.isVisible()) {
    await skip.click();
    await waitUntilTrue(async () => (await kaartSource(page)) === 'demo', 'the example kaart is stored');
  }
  await form.waitFor();
  return page;
}

/**
 * Opens the app and enrolls it with the code typed as given (and the tablet's name when `label` is
 * given); waits until the app says it is enrolled (with the demo organisation, unless `enrolled` says otherwise).
 */
export async function enrollInApp(context: BrowserContext, url: string, typedCode: string, { label, enrolled = 'De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).' }: { label?: string; enrolled?: string | RegExp } = {}): Promise<Page> {
  const page = await openControlled(context, url, { skipEnrollment: false });
  await page.getByLabel('Koppelcode').fill(typedCode);
  if (label !== undefined) await page.getByLabel('Naam van deze tablet (niet verplicht)').fill(label);
  await page.getByRole('button', { name: 'Tablet koppelen' }).click();
  await page.getByText(enrolled).waitFor();
  return page;
}

/** An enrollment code as staff may type it: lower case, a space for the hyphen (the form accepts it). */
export const loosely = (code: string) => code.toLowerCase().replace('-', ' ');

/**
 * Opens `address` (a page that asks for a toegangscode: the dashboard, the jaarverslag or beheer) and signs in
 * with `token`, as a coordinator on a laptop would. Waits for nothing after "Inloggen": the caller waits for what
 * it checks (a figure, a heading, or the page's refusal).
 */
export async function signInWithToken(page: Page, address: string, token: string): Promise<void> {
  await page.goto(address);
  await page.getByLabel('Toegangscode').fill(token);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** Fills the group session form (Vandaag → "Groepsbijeenkomst registreren"): Bibliotheek Centrum, Voorlichting, DigiD and `attendees`. */
export async function fillGroupSession(page: Page, attendees: string): Promise<void> {
  await page.locator('#g-locationId').getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
  await page.locator('#g-kind').getByRole('radio', { name: 'Voorlichting' }).check();
  await page.locator('#g-topics').getByRole('checkbox', { name: 'DigiD' }).check();
  await page.getByLabel('Aantal deelnemers (1 tot 500)').fill(attendees);
}

/** Registers `count` contacts at Bibliotheek Centrum the quick way (tile, DigiD follow-up, save); a save that fails leaves a screenshot in .tmp/screenshots/. */
export async function registerContacts(page: Page, count: number): Promise<void> {
  await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
  for (let i = 0; i < count; i++) {
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'Wachtwoord vergeten' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor({ timeout: 10_000 }).catch(async (error) => {
      await page.screenshot({ path: '.tmp/screenshots/register-contacts-failed.png', fullPage: true });
      const summary = await page.locator('#error-summary').innerText().catch(() => '(no error summary)');
      throw new Error(`contact ${i + 1} was not saved: ${summary}`, { cause: error });
    });
  }
}

/**
 * The organisation whose kaart the tablet holds (settings `kaartCursor`): after the first kaart sync
 * the organisation's own, before it undefined. With `pulled`, only once that sync has a cursor
 * (the national cards came too).
 */
export async function kaartSource(page: Page, { pulled = false } = {}): Promise<string | undefined> {
  const cursor = await tabletSetting<{ source?: string; cursor?: string }>(page, 'kaartCursor');
  return pulled && !cursor?.cursor ? undefined : cursor?.source;
}

/** One read of the tablet's own database: a store's rows, its keys or its count, or one row by its key. */
export type TabletRead = { store: string; read: 'rows' | 'keys' | 'count' } | { store: string; key: string };

/**
 * Reads the tablet's own database (IndexedDB `ido-onderweg`) without the app. The connection is closed after
 * the read: one left open would hold up another tab's version upgrade (storage.test.ts). Reading never makes
 * the database: where there is none yet, or the store is not in it, the answer is undefined.
 */
export function readTablet<T>(page: Page, read: TabletRead): Promise<T | undefined> {
  return page.evaluate((what) => new Promise<T | undefined>((resolve, reject) => {
    const open = indexedDB.open('ido-onderweg');
    open.onupgradeneeded = () => open.transaction?.abort(); // no database yet: leave it to the app to make
    open.onerror = () => (open.error?.name === 'AbortError' ? resolve(undefined) : reject(open.error));
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(what.store)) {
        db.close();
        return resolve(undefined);
      }
      const store = db.transaction(what.store).objectStore(what.store);
      const request: IDBRequest = 'key' in what ? store.get(what.key) : what.read === 'rows' ? store.getAll() : what.read === 'keys' ? store.getAllKeys() : store.count();
      request.onsuccess = () => { db.close(); resolve(request.result as T); };
      request.onerror = () => { db.close(); reject(request.error); };
    };
  }), read);
}

/** A setting's value in the tablet's own database (the `settings` store), or undefined. */
export async function tabletSetting<T>(page: Page, key: string): Promise<T | undefined> {
  return (await readTablet<{ value: T }>(page, { store: 'settings', key }))?.value;
}

/** The ids of the registrations in the tablet's own database, sorted. */
export const tabletIds = async (page: Page) => ((await readTablet<string[]>(page, { store: 'registrations', read: 'keys' })) ?? []).sort();

/** The sync status line as staff read it. */
export const statusLine = (page: Page) => page.locator('#sync-status-line').innerText();

/** Fills a contact with two questions through quick picks, as staff would at the desk (not saved yet). */
export async function fillTwoQuestions(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
  await page.getByRole('radio', { name: 'DigiD activeren' }).check();
  await page.getByRole('button', { name: 'Toeslagen – doorverwezen' }).click();
  await page.getByRole('radio', { name: /^Extern/ }).check();
  await page.locator('#f-questions-1-resolved').getByRole('radio', { name: 'Deels' }).check();
  await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
}

/** Fills a contact with two questions through quick picks and saves it, as staff would at the desk. */
export async function registerTwoQuestions(page: Page): Promise<void> {
  await fillTwoQuestions(page);
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await page.getByText('Opgeslagen: 1 contact met 2 vragen.').waitFor();
}

/** Runs axe-core in the page; returns the violations (id, impact, nodes) for a readable failure. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact?: string | null; help: string; targets: string[] }>> {
  // Evaluated through DevTools, not as a <script> tag: the app's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Interactive elements smaller than 44 × 44 CSS pixels (a radio or checkbox counts by its tile). */
export async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('a[href], button, select, input, textarea, [role="button"]')) {
      const target = element.matches('input[type="radio"], input[type="checkbox"]') ? element.closest('label') ?? element : element;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      if (target.classList.contains('ido-skip-link')) continue; // off screen until focused
      if (box.width < 44 || box.height < 44) small.push(`${target.tagName.toLowerCase()} "${(target.textContent || target.getAttribute('aria-label') || target.id).trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return small;
  });
}

/**
 * Labels, buttons and link-buttons whose text runs past their padding (a long word in a narrow tile): each as
 * `label "Studiefinanciering" 8px`. Text hidden for the eye only (`.ido-visually-hidden`) does not count.
 */
export async function textPastPadding(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const past: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('label, button, a.utrecht-button')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      const style = getComputedStyle(element);
      const innerRight = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('.ido-visually-hidden')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const right = Math.max(...[...range.getClientRects()].map((rect) => rect.right));
        if (right > innerRight + 0.5) {
          past.push(`${element.tagName.toLowerCase()} "${node.textContent.trim().slice(0, 40)}" ${Math.round(right - innerRight)}px`);
          break;
        }
      }
    }
    return past;
  });
}

/**
 * A laptop page (Beheer and its like) checked as a whole: axe-core clean, no tap target under 44 px, no sideways scroll
 * at 1280×800 nor at 768×1024 (naming what sticks out), a full-page screenshot of each in `shots`; the viewport as it was.
 */
export async function checkLaptopPage(page: Page, name: string, shots: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  expect(await smallTapTargets(page), name).toEqual([]);
  const before = page.viewportSize()!;
  for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
    await page.setViewportSize(viewport);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.ido-table-scroll')).slice(0, 5).map((e) => `${e.tagName}.${e.className}`));
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} at ${viewport.width}: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${shots}/${name}-${viewport.width}x${viewport.height}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
}

/**
 * Shows `address` with the browser's text at 200 % (a large system font does the same: 32 px where 16 px is the default)
 * and waits for its heading. Chromium forgets the text size at each navigation, so it is set again after it.
 */
export async function showAtLargeText(page: Page, address: string, heading: string | RegExp): Promise<void> {
  await page.goto(address);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  await cdp.detach();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.documentElement).fontSize === '32px');
}

/**
 * What large text breaks on the page shown: a page that scrolls sideways, and text cut off by a box that hides its
 * overflow (a box that scrolls, such as a wide table's, does not count; nor text hidden for the eye only, clipped to one
 * pixel). Each as `dd "Voorbeeldbibliotheek…": cut off` or `page scrolls sideways 44px`.
 */
export async function largeTextProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const sideways = document.documentElement.scrollWidth - window.innerWidth;
    if (sideways > 0) found.push(`page scrolls sideways ${sideways}px`);
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.closest('.ido-visually-hidden') || element.getClientRects().length === 0) continue;
      if (element.clientWidth <= 1 || element.clientHeight <= 1) continue;
      const style = getComputedStyle(element);
      if (![style.overflowX, style.overflowY].some((o) => o === 'hidden' || o === 'clip')) continue;
      if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
        // a field named by its id and type (its text is its value, often none)
        const field = element instanceof HTMLInputElement ? `#${element.id}[type=${element.type}]` : '';
        found.push(`${element.tagName.toLowerCase()}.${element.classList[0] ?? ''}${field} "${(element.innerText ?? '').trim().slice(0, 40)}": cut off`);
      }
    }
    return found;
  });
}

/** One layout shift: its score, whether input came just before it, when (ms from the navigation), and what moved where. */
export interface LayoutShift { value: number; hadRecentInput: boolean; at: number; sources: string[] }

/**
 * Records every layout shift of the page in `window.__shifts`, with the elements that moved and their rects before
 * and after (install it before the app loads: `context.addInitScript(recordLayoutShifts)`).
 */
export function recordLayoutShifts() {
  const shifts: LayoutShift[] = [];
  (window as unknown as { __shifts: LayoutShift[] }).__shifts = shifts;
  const describe = (node: Node | null): string => {
    if (!(node instanceof Element)) {
      // a text node: name its parent and its text, so a shift can be traced to its place
      const parent = node?.parentElement;
      return `${node?.nodeName ?? '?'} "${(node?.textContent ?? '').trim().slice(0, 30)}" in ${parent ? describe(parent) : '?'}`;
    }
    return `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.classList.length ? `.${[...node.classList].join('.')}` : ''} "${(node.textContent ?? '').trim().slice(0, 30)}"`;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node: Node | null }> }>) {
      const where = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
      shifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput, at: Math.round(entry.startTime), sources: (entry.sources ?? []).map((s) => {
        const source = s as { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly };
        return `${describe(source.node)} ${where(source.previousRect)} → ${where(source.currentRect)}`;
      }) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * Keeps, in the page, every distinct text `state` gives as a MutationObserver sees each render, starting with the one
 * now; `renders(page)` reads them. `state` runs in the page (only the DOM; no names from this file).
 */
export async function recordRenders(page: Page, state: () => string): Promise<void> {
  await page.evaluate(`(() => {
    const state = ${state.toString()};
    const states = [state()];
    window.__states = states;
    new MutationObserver(() => {
      const now = state();
      if (now !== states.at(-1)) states.push(now);
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  })()`);
}

/** The texts recordRenders kept, in order. */
export const renders = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

/**
 * The layout shifts recorded since the last call (recordLayoutShifts), taken out of the page's list. Taken after the
 * next two frames: the browser reports a shift after the frame that draws it, so a read right after an action (a save,
 * a banner) missed what that action moved, and "nothing moved" held too soon.
 */
export const shiftsOf = (page: Page) => page.evaluate(() => new Promise<LayoutShift[]>((resolve) => requestAnimationFrame(() => requestAnimationFrame(
  () => setTimeout(() => resolve((window as unknown as { __shifts: LayoutShift[] }).__shifts.splice(0)))))));

/** Keeps, in the page, every distinct top of the first element this CSS selector finds, checked at every frame from now on (topsOf reads them). */
export async function watchTop(page: Page, selector: string): Promise<void> {
  await page.evaluate((watched) => {
    const tops: number[] = [];
    (window as unknown as { __tops: number[] }).__tops = tops;
    const look = () => {
      const top = document.querySelector(watched)?.getBoundingClientRect().top;
      if (top !== undefined && tops.at(-1) !== top) tops.push(top);
      requestAnimationFrame(look);
    };
    look();
  }, selector);
}

/** The tops watchTop kept, after two more frames for anything that would still move: one entry when nothing moved. */
export async function topsOf(page: Page): Promise<number[]> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(() => (window as unknown as { __tops: number[] }).__tops);
}

/**
 * Where each card of the page stands in the document, as "<its heading> <top> <height>" ("notice …" for one without a
 * heading, such as a notice in a settled change's place): a list that moves by itself changes these.
 */
export function cardPlaces(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('main .ido-card')].map((card) => {
    const box = card.getBoundingClientRect();
    return `${card.querySelector('h2')?.textContent ?? 'notice'} ${Math.round(box.top + scrollY)} ${Math.round(box.height)}`;
  }));
}

/** The edit form of the kaart entry `name`, from a search for `query` on the kaart page at `address`. */
export async function openKaartEdit(page: Page, address: string, query: string, name: string): Promise<void> {
  await page.goto(`${address}/#/kaart`);
  await page.getByLabel('Zoek hulp').fill(query);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Bewerken' }).click();
  await page.getByRole('heading', { name: 'Dienst bewerken', level: 1 }).waitFor();
}

/** A coordinator's tablet at 768×1024 (or as `options` say: another language), linked with `code` to the demo organisation, its kaart pulled. */
export async function demoCoordinatorTablet(
  browser: Browser, address: string, code: string, options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; tablet: Page }> {
  const context = await tabletContext(browser, { viewport: { width: 768, height: 1024 }, ...options });
  const tablet = await enrollInApp(context, address, code, { label: 'Coördinator' });
  await expect.poll(() => kaartSource(tablet, { pulled: true }), { timeout: 30_000 }).toBe(DEMO_ORGANISATION);
  return { context, tablet };
}

/** The national team deactivates the demo organisation (`POST …/deactivate`, docs/admin-api.md). */
export async function deactivateDemoOrganisation(address: string, nationalToken: string): Promise<void> {
  const answer = await fetch(`${address}/api/v1/admin/organisations/${DEMO_ORGANISATION}/deactivate`, { method: 'POST', headers: { authorization: `Bearer ${nationalToken}` } });
  if (answer.status !== 200) throw new Error(`deactivate: ${answer.status} ${await answer.text()}`);
}

/** A kaart record as `GET /api/v1/kaart/changes` gives it. */
export interface ServerKaartItem { entity: string; id: string; version: number; deleted: boolean; data: Record<string, unknown> }

/** Every kaart change the server gives this token, page by page (the latest of a record last). */
export async function serverKaartItems(address: string, token: string): Promise<ServerKaartItem[]> {
  const items: ServerKaartItem[] = [];
  for (let since = '0'; ;) {
    const answer = await fetch(`${address}/api/v1/kaart/changes?since=${since}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const page = await answer.json() as { items: ServerKaartItem[]; nextCursor: string; hasMore: boolean };
    items.push(...page.items);
    if (!page.hasMore) return items;
    since = page.nextCursor;
  }
}

/** The latest server copy of each kaart record, by id. */
export async function latestKaartOnServer(address: string, token: string): Promise<Map<string, ServerKaartItem>> {
  const latest = new Map<string, ServerKaartItem>();
  for (const item of await serverKaartItems(address, token)) latest.set(item.id, item);
  return latest;
}

/** A second writer: `token` writes the kaart record `id` on the server at `address`, through the API: removes it, or changes its fields. */
export async function writeKaartOnServer(address: string, token: string, id: string, change: { deleted: true } | { data: Record<string, unknown> }): Promise<void> {
  const record = (await latestKaartOnServer(address, token)).get(id)!;
  const answer = await fetch(`${address}/api/v1/kaart/changes`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes: [{ entity: record.entity, id, baseVersion: record.version, deleted: 'deleted' in change, data: { ...record.data, ...('data' in change ? change.data : {}) } }] }),
  });
  expect((await answer.json() as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(['applied']);
}

/** A second writer: the coordinator's `token` changes the description of the kaart service `name` on the server at `address`, through the API. */
export async function changeServiceOnServer(address: string, token: string, name: string, description: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const service = (await serverKaartItems(address, token)).filter((item) => item.entity === 'service' && item.data.name === name).at(-1)!;
  const answer = await fetch(`${address}/api/v1/kaart/changes`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ changes: [{ entity: 'service', id: service.id, baseVersion: service.version, deleted: false, data: { ...service.data, description } }] }),
  });
  expect((await answer.json() as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(['applied']);
}

/** The kaart page at `address` with a search for `query`, once `name` is among the results. */
export async function searchKaart(page: Page, address: string, query: string, name: string): Promise<void> {
  await page.goto(`${address}/#/kaart`);
  await page.getByLabel('Zoek hulp').fill(query);
  await expect.poll(() => page.locator('#kaart-results-heading').innerText()).toMatch(/ (resultaat|resultaten)$/);
  await page.getByRole('link', { name, exact: true }).waitFor();
}

/** Offline, the tablet edits the description of `name`; meanwhile a colleague (`token`) changes it on the server: a conflict once online. */
export async function editOfflineAndOnServer(page: Page, address: string, token: string, query: string, name: string): Promise<void> {
  await page.context().setOffline(true);
  await searchKaart(page, address, query, name);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Bewerken' }).click();
  await page.getByLabel('Omschrijving').fill('Versie van deze tablet. (voorbeeld)');
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await changeServiceOnServer(address, token, name, 'Versie van een collega. (voorbeeld)');
}

/** Online again (from `setOffline(true)`), the sync brings what changed on the server: until `until` is there once. */
export async function bringOnline(page: Page, until: Locator): Promise<void> {
  await page.context().setOffline(false);
  await expect.poll(async () => {
    await page.evaluate(() => dispatchEvent(new Event('online')));
    return until.count();
  }, { timeout: 30_000, interval: 1_000 }).toBe(1);
}

/** Nudges a sync (an 'online' event) each second until `check` gives `expected`. */
export async function syncUntil<T>(page: Page, check: () => Promise<T>, expected: T): Promise<void> {
  await expect.poll(async () => {
    await page.evaluate(() => dispatchEvent(new Event('online')));
    return check();
  }, { timeout: 30_000, interval: 1_000 }).toEqual(expected);
}

/** A row of the tablet's kaart outbox, as the kaart conflict tests read it. */
export interface KaartOutboxRow { entity: string; state: string; savedAt: string; current?: { version: number; data: Record<string, unknown> } }
export const kaartOutbox = async (page: Page) => (await readTablet<KaartOutboxRow[]>(page, { store: 'kaartOutbox', read: 'rows' })) ?? [];
/** "schedule conflict", "service rejected" …, sorted. */
export const kaartOutboxStates = async (page: Page) => (await kaartOutbox(page)).map((row) => `${row.entity} ${row.state}`).sort();

/** No kaart push reaches the server until the answer is called (the pull still runs: a kept version waits on the tablet). */
export async function holdKaartPushes(page: Page): Promise<() => Promise<void>> {
  const pattern = '**/api/v1/kaart/changes';
  await page.context().route(pattern, (route) => (route.request().method() === 'POST' ? route.abort('failed') : route.fallback()));
  return () => page.context().unroute(pattern);
}

/** A colleague's long text for Taalmaatje: its card grows by it. */
export const LONG_KAART_TEXT = 'Een collega schreef dit langer: elke week oefent een vrijwilliger een half jaar lang Nederlands met u, thuis, in de bibliotheek '
  + 'of in het buurthuis, en samen kiest u waar u over praat: de krant, een brief, de buren, het werk of de school van de kinderen. (voorbeeld)';

/**
 * Two conflicts on the demo kaart: offline the tablet changes Taalmaatje's text to `mine` and makes Taalcafé's Thursday
 * end at 17:00; meanwhile a colleague (`token`) writes `theirs` and 16:30 on the server; online, a sync makes both
 * conflicts. The ids of the two services and of that Thursday.
 */
export async function twoKaartConflicts(tablet: Page, address: string, token: string, { mine, theirs }: { mine: string; theirs: string }) {
  const before = await latestKaartOnServer(address, token);
  const [taalcafe] = [...before].find(([, item]) => item.entity === 'service' && item.data.name === 'Taalcafé')!;
  const [thursday] = [...before].find(([, item]) => item.entity === 'schedule' && item.data.service_id === taalcafe && item.data.byday === 'TH')!;
  const [taalmaatje] = [...before].find(([, item]) => item.entity === 'service' && item.data.name === 'Taalmaatje')!;
  await tablet.context().setOffline(true);
  await openKaartEdit(tablet, address, 'taalmaatje', 'Taalmaatje');
  await tablet.getByLabel('Omschrijving').fill(mine);
  await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await tablet.getByRole('heading', { name: 'Taalmaatje', level: 1 }).waitFor();
  await openKaartEdit(tablet, address, 'taalcafe', 'Taalcafé');
  await tablet.getByRole('group', { name: 'Donderdag', exact: true }).getByLabel('Tot').fill('17:00');
  await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
  await writeKaartOnServer(address, token, taalmaatje, { data: { description: theirs } });
  await writeKaartOnServer(address, token, thursday, { data: { closes_at: '16:30' } });
  await tablet.context().setOffline(false);
  await syncUntil(tablet, () => kaartOutboxStates(tablet), ['schedule conflict', 'service conflict']);
  return { taalcafe, thursday, taalmaatje };
}
