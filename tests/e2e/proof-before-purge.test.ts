import { rmSync } from 'node:fs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeDeliveryCheck } from '../../src/features/settings/delivery-check';
import type { Database } from '../../src/server/db/database';
import { openDatabase } from '../../src/server/db/open';
import { rollupsCurrent } from '../../src/server/reports/pending-rollups';
import { rebuildReportRollup } from '../../src/server/reports/rollup';
import { DELIVERY_CHECK_KEY } from '../../src/shared/delivery-check';
import { enrollInApp, loosely, registerContacts, tabletContext } from './app';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './server';

/*
 * Proof before purge, end to end: a tablet delivers 10 contacts; the server then loses 4 of them (their rows,
 * questions and counts gone, as after a restore from an older backup); the tablet's next daily check finds the
 * day differs, asks for its ids, and sends the 4 again. The server ends with each of the 10 once, and the
 * settings page says when the check passed.
 */
let browser: Browser | undefined;
let server: RunningServer | undefined;
let serverDb: Database | undefined;

afterEach(async () => {
  await browser?.close();
  await serverDb?.close();
  await server?.stop({ keepData: true });
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
  browser = server = serverDb = undefined;
});

interface TabletRecord {
  id: string;
  syncState: string;
  revision: number;
  heldRevision?: number;
}

/** The tablet's registrations and its last-check setting, read straight from IndexedDB. */
const tabletState = (page: Page, key: string) => page.evaluate((settingKey) => new Promise<{ records: TabletRecord[]; lastCheck?: string }>((resolve, reject) => {
  const open = indexedDB.open('ido-onderweg');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['registrations', 'settings']);
    const records = tx.objectStore('registrations').getAll();
    const setting = tx.objectStore('settings').get(settingKey);
    tx.oncomplete = () => {
      open.result.close();
      resolve({ records: records.result as TabletRecord[], lastCheck: (setting.result as { value?: string } | undefined)?.value });
    };
  };
}), key);

/** Puts the tablet's last-check time back, so its next sync runs the daily check again. */
const setLastCheck = (page: Page, key: string, value: string) => page.evaluate(([settingKey, at]) => new Promise<void>((resolve, reject) => {
  const open = indexedDB.open('ido-onderweg');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction('settings', 'readwrite');
    tx.objectStore('settings').put({ key: settingKey, value: at });
    tx.oncomplete = () => {
      open.result.close();
      resolve();
    };
  };
}), [key, value] as const);

const rollup = (db: Database) => db.query('SELECT dimension, period_start::text, organisation_id::text, location_id, value, contacts, questions FROM report_rollup ORDER BY 1, 2, 3, 4, 5');

describe('proof before purge', () => {
  it('gives a server that lost registrations (a restore from an older backup) its missing ones back at the next daily check', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    // the admin CLI's way in: the server's own embedded PostgreSQL, beside the running server
    serverDb = await openDatabase({ engine: 'embedded', dataDir: server.dataDir }, { role: 'admin' });
    const db = serverDb;
    const context = await tabletContext(browser);
    const page = await enrollInApp(context, server.url, loosely(server.enrollmentCode!), { label: 'Tablet balie 1' });

    // 10 contacts, sent, and the first check (right after the first delivery) passed.
    await registerContacts(page, 10);
    await expect.poll(async () => {
      const { records, lastCheck } = await tabletState(page, DELIVERY_CHECK_KEY);
      return records.length === 10 && records.every((r) => r.syncState === 'sent') && lastCheck !== undefined;
    }, { timeout: 60_000, interval: 250 }).toBe(true);
    const ids = (await tabletState(page, DELIVERY_CHECK_KEY)).records.map((r) => r.id).sort();
    const stored = async () => (await db.query<{ id: string }>('SELECT id::text AS id FROM registrations ORDER BY id')).map((r) => r.id);
    await expect.poll(stored, { timeout: 30_000 }).toEqual(ids);

    // The restore: 4 of them are gone from the server, with their questions and their counts.
    const lost = ids.slice(3, 7);
    await db.query('DELETE FROM registrations WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)::uuid)', [JSON.stringify(lost)]);
    await rebuildReportRollup(db);
    expect(await stored()).toEqual(ids.filter((id) => !lost.includes(id)));
    const [{ q }] = await db.query<{ q: number }>('SELECT count(*)::int AS q FROM questions');
    expect(q).toBe(6);

    // What the tablet asks the server from here on (page and service worker alike).
    const asked: Array<{ path: string; body: unknown }> = [];
    context.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/v1/registrations/check')) asked.push({ path, body: request.postDataJSON() });
    });

    // A day later: the check is due again. Opening the app (the settings page) starts a sync.
    const yesterday = new Date(Date.now() - 25 * 3_600_000).toISOString();
    await setLastCheck(page, DELIVERY_CHECK_KEY, yesterday);
    await page.goto(`${server.url}/#/instellingen`);
    await page.getByRole('heading', { name: 'Instellingen' }).waitFor();

    // The 4 come back, each once; nothing is doubled.
    await expect.poll(stored, { timeout: 60_000, interval: 250 }).toEqual(ids);
    const [{ copies }] = await db.query<{ copies: number }>('SELECT count(*)::int AS copies FROM registrations');
    expect(copies).toBe(10);
    await expect.poll(async () => (await db.query<{ q: number }>('SELECT count(*)::int AS q FROM questions'))[0].q).toBe(10);
    // the counts follow: the rollup the ingest kept (read as a report reads it, what is pending folded first) equals one computed afresh
    await rollupsCurrent(db);
    const kept = await rollup(db);
    await rebuildReportRollup(db);
    expect(await rollup(db)).toEqual(kept);
    const [{ contacts }] = await db.query<{ contacts: number }>("SELECT coalesce(sum(contacts), 0)::int AS contacts FROM report_rollup WHERE dimension = 'contact'");
    expect(contacts).toBe(10);

    // One day check: today's 10 in one count and digest. The server's day differs, so the tablet lists that day's ids, once.
    expect(asked.map((a) => a.path)).toEqual(['/api/v1/registrations/check-days', '/api/v1/registrations/check']);
    const [days, list] = asked.map((a) => a.body) as [{ days: Array<{ count: number; digest: string }> }, { records: Array<{ id: string; revision: number }> }];
    expect(days.days).toEqual([expect.objectContaining({ count: 10, digest: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(list.records.map((r) => r.id).sort()).toEqual(ids);

    // The tablet: all sent; the 6 the server kept are proven held, the 4 sent again wait for the next check's
    // proof before they may ever be purged. The check's time is stored and shown.
    await expect.poll(async () => {
      const { records, lastCheck } = await tabletState(page, DELIVERY_CHECK_KEY);
      return records.every((r) => r.syncState === 'sent' && (lost.includes(r.id) ? r.heldRevision === undefined : r.heldRevision === r.revision))
        && lastCheck !== undefined && lastCheck > yesterday;
    }, { timeout: 30_000, interval: 250 }).toBe(true);
    const { lastCheck } = await tabletState(page, DELIVERY_CHECK_KEY);
    const line = page.locator('dt', { hasText: 'Controle met de server' }).locator('xpath=following-sibling::dd[1]');
    await expect.poll(() => line.innerText(), { timeout: 15_000 }).toContain(describeDeliveryCheck(lastCheck));
    expect(await line.innerText()).toMatch(/^Laatst geslaagd op \d{1,2} [a-z]+ om \d\d:\d\d/);
    expect(await line.innerText()).not.toContain(describeDeliveryCheck(yesterday));
    await page.screenshot({ path: '.tmp/screenshots/settings-delivery-check-1024x768.png', fullPage: true });
  });
});
