import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, openControlled, readTablet, recordLayoutShifts, shiftsOf, smallTapTargets } from './app';
import { launchChromium } from './chromium';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy';
import { runAdmin, startServer, type RunningServer } from './server';
import { storedRegistrations } from './stored';

/**
 * Two tablets at a busy desk: staff register contacts as fast as they can tap (quick tile, DigiD
 * follow-up, Opslaan) while each tablet's outbox drains through a network that fails in every way it
 * can, and the Wi-Fi comes and goes. Nothing a person tapped may be lost, and the page may not move.
 */
const CONTACTS_PER_TABLET = Number(process.env.BUSY_CONTACTS ?? 150);
const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
/** Go offline for a few contacts this often, then online with a moment without input while the outbox drains. */
const OFFLINE_EVERY = 40;
const OFFLINE_FOR = 6;

let browser: Browser | undefined;
let server: RunningServer | undefined;
const proxies: FaultProxy[] = [];

afterAll(async () => {
  await browser?.close();
  await Promise.all(proxies.map((p) => p.close()));
  await server?.stop();
});

/** The ids of the registrations on the tablet (tombstones left out), from IndexedDB. */
const tabletIds = async (page: Page) => ((await readTablet<Array<{ id: string; deleted: boolean }>>(page, { store: 'registrations', read: 'rows' })) ?? [])
  .filter((r) => !r.deleted).map((r) => r.id).sort();

/** A network that fails one batch in three: every way the contract knows, and slow answers. */
function chaos(seed: number): () => Fault | undefined {
  const faults: Fault[] = ['unavailable', 'drop', 'captive_portal', 'truncated', 'slow'];
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const draw = state / 2 ** 31;
    return draw < 1 / 3 ? faults[Math.floor(draw * 3 * faults.length)] : undefined;
  };
}

async function enroll(context: BrowserContext, url: string, code: string, label: string): Promise<Page> {
  const page = await openControlled(context, url, { skipEnrollment: false });
  await page.getByLabel('Koppelcode').fill(code.toLowerCase().replace('-', ' '));
  await page.getByLabel('Naam van deze tablet (niet verplicht)').fill(label);
  await page.getByRole('button', { name: 'Tablet koppelen' }).click();
  await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();
  await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
  return page;
}

/** What one tablet's run saw. */
interface TabletRun { ids: string[]; unexpectedShift: number; inputShifts: number; shiftSources: string[] }

/**
 * Registers `count` contacts on one tablet the way a hurried person does: the quick tile is tapped
 * where it was the first time (a finger does not look), the follow-up and Opslaan as fast as they
 * can be found. Checks after every tap that it did what it should, at the first try.
 */
async function registerAtSpeed(page: Page, context: BrowserContext, count: number, name: string, sending: { before(): void; during(): Promise<void> }): Promise<TabletRun> {
  await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
  await page.evaluate(() => window.scrollTo({ top: 0 }));
  const tile = page.getByRole('button', { name: 'DigiD – samen gedaan' });
  const box = (await tile.boundingBox())!;
  const tap = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const followUp = page.locator('#f-questions-0-digidFollowUp');
  const forgotten = page.getByRole('radio', { name: 'Wachtwoord vergeten' });
  const save = page.getByRole('button', { name: 'Opslaan', exact: true });
  // A question's own card (its "Hulp bij dit onderwerp" is a section inside it, with an id of the same prefix).
  const questions = page.locator('section.ido-card[aria-labelledby^="f-questions-"]');
  let known = new Set(await tabletIds(page));
  const start = known.size;
  let unexpectedShift = 0;
  let inputShifts = 0;
  const shiftSources = new Set<string>();
  const collect = async () => {
    for (const shift of await shiftsOf(page)) {
      if (shift.hadRecentInput) inputShifts++;
      else {
        unexpectedShift += shift.value;
        shift.sources.forEach((s) => shiftSources.add(s));
      }
    }
  };
  await shiftsOf(page); // loading and enrolling are not the busy desk

  for (let i = 0; i < count; i++) {
    if (i % OFFLINE_EVERY === OFFLINE_EVERY / 2) await context.setOffline(true);
    if (i % OFFLINE_EVERY === OFFLINE_EVERY / 2 + OFFLINE_FOR) {
      const first = i === OFFLINE_EVERY / 2 + OFFLINE_FOR;
      if (first) sending.before();
      await context.setOffline(false);
      if (first) await sending.during();
      // Hands off for a moment: the outbox drains and the status bar changes with no input at all.
      await page.waitForTimeout(1_500);
    }
    // 1. The tile, tapped where the finger remembers it: the question must be there at once.
    expect(await tile.boundingBox(), `${name}: the quick tile moved before contact ${i + 1}`).toEqual(box);
    await page.touchscreen.tap(tap.x, tap.y);
    await followUp.waitFor({ timeout: 5_000 }).catch(() => {
      throw new Error(`${name}: the tap on the quick tile for contact ${i + 1} did nothing`);
    });
    expect(await questions.count(), `${name}: contact ${i + 1} has one question`).toBe(1);
    // 2. The DigiD follow-up and Opslaan; every tenth contact the save is tapped twice (a double tap).
    await forgotten.check();
    if (i % 10 === 9) await save.dblclick();
    else await save.click();
    // 3. Exactly one new registration with an id never seen before; the form is fresh again.
    const expected = start + i + 1;
    await expect.poll(() => tabletIds(page), { timeout: 10_000, interval: 20 }).toHaveLength(expected);
    const ids = await tabletIds(page);
    expect(ids.filter((id) => !known.has(id)), `${name}: contact ${i + 1} is one new record`).toHaveLength(1);
    expect(known.size + 1).toBe(ids.length);
    known = new Set(ids);
    expect(await followUp.count(), `${name}: the form is fresh after contact ${i + 1}`).toBe(0);
    expect(await page.locator('#error-summary').count(), `${name}: no error after contact ${i + 1}`).toBe(0);
    if (i % 10 === 0) await collect();
  }
  await collect();
  return { ids: [...known].sort(), unexpectedShift, inputShifts, shiftSources: [...shiftSources] };
}

/** Taps "Nu versturen" until the status bar says everything went. */
async function sendEverything(page: Page): Promise<void> {
  const line = page.locator('#sync-status-line');
  await expect.poll(async () => {
    const text = await line.innerText();
    if (text.startsWith('alles verstuurd')) return text;
    const button = page.getByRole('button', { name: 'Nu versturen' });
    if (await button.isVisible()) await button.click().catch(() => undefined);
    return text;
  }, { timeout: 120_000, interval: 1_000 }).toMatch(/^alles verstuurd/);
}

describe('a busy desk with two tablets on a bad network', () => {
  it(`keeps every tap and every contact: ${2 * CONTACTS_PER_TABLET} contacts at tapping speed, through faults and offline spells`, async () => {
    const seeding = await startServer(inject('e2eDist'));
    await seeding.stop({ keepData: true });
    const codes = [0, 1].map(() => runAdmin(seeding.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'), {}, seeding.dataDir)]);
    proxies.push(await startFaultProxy(server.url), await startFaultProxy(server.url));
    const viewports = [{ width: 1024, height: 768 }, { width: 768, height: 1024 }];

    const runs = await Promise.all(viewports.map(async (viewport, t) => {
      const name = `tablet ${t + 1} (${viewport.width}×${viewport.height})`;
      const context = await browser!.newContext({ viewport, hasTouch: true, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
      await context.addInitScript(recordLayoutShifts);
      const page = await enroll(context, proxies[t].url, codes[t], `Balie ${t + 1}`);
      proxies[t].slowMs = 1_500;
      proxies[t].chaos = chaos(7 + t);
      const shot = `.tmp/screenshots/busy-tablet-sending-${viewport.width}x${viewport.height}.png`;
      // The first time back online: a picture of the form while the outbox sends (its first answer held back a moment).
      const run = await registerAtSpeed(page, context, CONTACTS_PER_TABLET, name, {
        before: () => proxies[t].faults.push('slow'),
        during: async () => {
          await page.locator('#sync-progress').waitFor({ timeout: 3_000 }).catch(() => undefined);
          await page.screenshot({ path: shot });
        },
      });

      // The form while the outbox drains: screenshot, axe-core, tap targets; the page still does not move.
      proxies[t].chaos = undefined;
      await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
      await sendEverything(page);
      // The page's own shifts are read before axe-core runs: the checker may scroll and measure inside the
      // page (tooling, not the app), and what counts here is the page moving by itself.
      await page.waitForTimeout(500);
      for (const shift of await shiftsOf(page)) {
        if (shift.hadRecentInput) continue;
        run.unexpectedShift += shift.value;
        run.shiftSources.push(...shift.sources.map((source) => `while draining: ${source}`));
      }
      expect(await axeViolations(page), name).toEqual([]);
      expect(await smallTapTargets(page), name).toEqual([]);
      return run;
    }));

    for (const [t, run] of runs.entries()) {
      console.log(`tablet ${t + 1}: ${run.ids.length} contacts, ${run.inputShifts} shifts right after a tap, unexpected shift ${run.unexpectedShift}`, run.shiftSources);
      expect(run.ids).toHaveLength(CONTACTS_PER_TABLET);
      expect(run.unexpectedShift, `layout shift without input on tablet ${t + 1}: ${run.shiftSources.join(', ')}`).toBe(0);
    }
    const faults = proxies.flatMap((p) => p.log.map((l) => l.outcome)).filter((o) => o !== 'forwarded');
    console.log(`faults injected: ${faults.length}`, Object.fromEntries(['unavailable', 'drop', 'captive_portal', 'truncated', 'slow'].map((f) => [f, faults.filter((o) => o === f).length])));
    const stored = await storedRegistrations(server);
    server = undefined;
    const saved = runs.flatMap((r) => r.ids).sort();
    expect(new Set(saved).size).toBe(2 * CONTACTS_PER_TABLET);
    expect(stored.ids).toEqual(saved);
    expect(stored.copies).toBe(2 * CONTACTS_PER_TABLET);
  }, 600_000);
});
