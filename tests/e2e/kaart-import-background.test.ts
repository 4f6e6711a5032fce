import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, openControlled, readTablet, recordRenders, renders, smallTapTargets } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { hsdsDirectory } from './hsds-directory';
import type { RunningServer } from './server';

/**
 * A regional directory imported on the tablet: reading, checking and writing run in the import
 * worker, so the page's own thread stays free (no long task over 200 ms while it runs), progress
 * is shown, a stop writes nothing, and the coordinator's own taxonomy mapping is what the import uses.
 */
const SERVICES = Number(process.env.IMPORT_SERVICES ?? 10_000);
/** A task on the page's thread longer than this would make taps feel stuck. */
const LONG_TASK_MS = 200;

let browser: Browser;
let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'ido-directory-'));
const file = join(dir, 'regio-hsds.json');

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(async () => {
  mkdirSync('.tmp/screenshots', { recursive: true });
  // On disk, so Chromium reads it as a real file (a buffer would be rebuilt on the page's thread).
  writeFileSync(file, JSON.stringify(hsdsDirectory(SERVICES)));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

const newContext = () => browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });

/** The import page of a tablet with the example kaart, with no network. */
async function importPage(context: BrowserContext): Promise<Page> {
  const page = await openControlled(context, server.url);
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
  await page.getByRole('link', { name: 'Sociale kaart' }).click();
  await page.getByRole('link', { name: 'Importeren of exporteren' }).click();
  await page.getByRole('heading', { name: 'Kaart importeren of exporteren' }).waitFor();
  return page;
}

/** How many rows a store of the tablet's database holds (read without the app). */
const countRows = async (page: Page, store: string) => (await readTablet<number>(page, { store, read: 'count' })) ?? 0;

/** Starts recording the page thread's long tasks. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
  });
}
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);

const dutch = (n: number) => n.toLocaleString('nl-NL');

describe('importing a regional directory on the tablet', () => {
  it('reads, checks and writes it in the background with progress, never blocking the page, with the coordinator\'s own mapping', async () => {
    const context = await newContext();
    const page = await importPage(context);

    // The coordinator maps a term of the directory that is no theme ("Buurtkamer") and tries wrong input first.
    await page.locator('#taxonomy-mapping > summary').click();
    const term = page.getByLabel('Term uit het andere systeem', { exact: true });
    const add = page.getByRole('button', { name: 'Term toevoegen' });
    await add.click();
    await page.locator('#mapping-term-error').getByText('Vul een term in.').waitFor();
    await term.fill('x'.repeat(101));
    await page.getByLabel('Krijgt thema', { exact: true }).selectOption('zorg_welzijn');
    await add.click();
    await page.locator('#mapping-term-error').getByText('hoogstens 100 tekens', { exact: false }).waitFor();
    await term.fill('Food');
    await add.click();
    await page.locator('#mapping-term-error').getByText('staat al in de lijst', { exact: false }).waitFor();
    await term.fill('Buurtkamer');
    await page.getByLabel('Krijgt thema', { exact: true }).selectOption('');
    await add.click();
    await page.locator('#mapping-theme-error').getByText('Kies een van de thema', { exact: false }).waitFor();
    await page.getByLabel('Krijgt thema', { exact: true }).selectOption('zorg_welzijn');
    await add.click();
    await page.getByText('"Buurtkamer" is toegevoegd.').waitFor();
    // …and gives a shipped term another theme: "Housing" → Juridisch
    await page.getByLabel('Thema voor housing').selectOption('juridisch');
    await page.getByText('"housing" krijgt nu het thema').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.locator('#taxonomy-mapping > summary').click();

    const servicesBefore = await countRows(page, 'kaartServices');
    await watchLongTasks(page);
    await page.setInputFiles('#import-file', file);
    await page.getByRole('heading', { name: 'Wat er in het bestand staat' }).waitFor({ timeout: 90_000 });
    const button = page.getByRole('button', { name: `${dutch(SERVICES)} diensten importeren` });
    await button.click();
    const progress = page.locator('#import-progress-text');
    await expect.poll(() => progress.innerText(), { timeout: 90_000 }).toMatch(new RegExp(`^[1-9][\\d.]* van ${dutch(SERVICES).replace('.', '\\.')} diensten verwerkt$`));
    expect(await page.locator('progress#import-progress').getAttribute('max')).not.toBeNull();
    await page.screenshot({ path: '.tmp/screenshots/kaart-import-progress-1024x768.png' });
    await page.getByText(`Geïmporteerd: ${dutch(SERVICES)} diensten`).waitFor({ timeout: 110_000 });

    // The page's thread was never busy for long while the worker read, checked and wrote.
    const tasks = await longTasks(page);
    expect(tasks.filter((ms) => ms > LONG_TASK_MS)).toEqual([]);
    expect(await countRows(page, 'kaartServices')).toBe(servicesBefore + SERVICES);

    // The next import used the edited mapping: a "Buurtkamer" service has Zorg & welzijn, a "Housing" one Juridisch.
    const themesOf = (name: string) => page.evaluate((serviceName) => new Promise<string[]>((resolve, reject) => {
      const open = indexedDB.open('ido-onderweg');
      open.onsuccess = () => {
        const tx = open.result.transaction(['kaartServices', 'kaartAttributes', 'kaartTaxonomyTerms']);
        tx.objectStore('kaartServices').getAll().onsuccess = (e) => {
          const service = ((e.target as IDBRequest).result as { id: string; name: string }[]).find((s) => s.name === serviceName);
          if (!service) {
            open.result.close();
            return reject(new Error(`no service named ${serviceName}`));
          }
          tx.objectStore('kaartAttributes').index('link_id').getAll(service.id).onsuccess = (a) => {
            const ids = ((a.target as IDBRequest).result as { taxonomy_term_id: string }[]).map((x) => x.taxonomy_term_id);
            tx.objectStore('kaartTaxonomyTerms').getAll().onsuccess = (t) => {
              open.result.close(); // an open connection would hold up a version upgrade (readTablet, app.ts)
              resolve(((t.target as IDBRequest).result as { id: string; code: string }[]).filter((term) => ids.includes(term.id)).map((term) => term.code));
            };
          };
        };
      };
    }), name);
    // hsds-directory.ts: service i has term TERMS[i % 8]: 1 → Housing, 5 → Buurtkamer
    expect(await themesOf('Taalcafé Rivierstad 2 (voorbeeld)')).toEqual(['juridisch']);
    expect(await themesOf('Budgetcoach Rivierstad 6 (voorbeeld)')).toEqual(['zorg_welzijn']);
    await context.close();
  });

  it('stops a write when asked: nothing of it is stored, and the mapping can be reset to the defaults', async () => {
    const context = await newContext();
    const page = await importPage(context);
    const [services, outbox] = [await countRows(page, 'kaartServices'), await countRows(page, 'kaartOutbox')];
    // Stopped while reading: the worker is ended, nothing is shown or stored, and a new choice works.
    await page.setInputFiles('#import-file', file);
    await page.getByRole('button', { name: 'Stoppen' }).click();
    await page.getByText('Het lezen is gestopt. Er is niets opgeslagen.').waitFor();
    expect(await page.getByRole('heading', { name: 'Wat er in het bestand staat' }).count()).toBe(0);
    await page.setInputFiles('#import-file', file);
    await page.getByRole('heading', { name: 'Wat er in het bestand staat' }).waitFor({ timeout: 90_000 });
    // the button that started it made way for the progress: the keyboard is on "Stoppen" in the render that shows it,
    // before the next key (it was on the page's body until the next frame)
    await recordRenders(page, () => {
      const focused = document.activeElement;
      return document.getElementById('import-progress') ? `progress, focus on ${focused?.tagName === 'BUTTON' ? focused.textContent : focused?.tagName}` : 'none';
    });
    await page.getByRole('button', { name: `${dutch(SERVICES)} diensten importeren` }).click();
    await expect.poll(() => page.locator('#import-progress-text').innerText(), { timeout: 60_000 }).toContain('diensten verwerkt');
    expect((await renders(page)).find((state) => state !== 'none')).toBe('progress, focus on Stoppen');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stoppen');
    // no other file can be chosen in the middle of a write
    expect(await page.locator('#import-file').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Stoppen' }).click();
    await page.getByText('Het importeren is gestopt. Er is niets opgeslagen.').waitFor({ timeout: 60_000 });
    expect(await page.locator('#import-file').isDisabled()).toBe(false);
    expect(await countRows(page, 'kaartServices')).toBe(services);
    expect(await countRows(page, 'kaartOutbox')).toBe(outbox);
    // The plan is still there: importing after all works without choosing the file again.
    expect(await page.getByRole('button', { name: `${dutch(SERVICES)} diensten importeren` }).isDisabled()).toBe(false);

    await page.locator('#taxonomy-mapping > summary').click();
    await page.getByRole('button', { name: 'voedselbank verwijderen' }).click();
    await page.getByText('"voedselbank" is verwijderd.').waitFor();
    expect(await page.getByRole('row', { name: /voedselbank/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Standaardlijst terugzetten' }).click();
    await page.getByText('De standaardlijst staat weer terug.').waitFor();
    await page.getByRole('row', { name: /voedselbank/ }).waitFor();
    // kept on the tablet: after a reload the defaults are still what it shows
    await page.reload();
    await page.locator('#taxonomy-mapping > summary').click();
    expect(await page.locator('#mapping-caption').innerText()).toContain('(standaardlijst)');
    await context.close();
  });
});
