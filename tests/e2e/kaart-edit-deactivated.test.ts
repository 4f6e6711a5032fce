import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, deactivateDemoOrganisation, DEMO_ORGANISATION, demoCoordinatorTablet, openKaartEdit, smallTapTargets } from './app';
import { chromiumAndServer } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * The kaart edit form on a coordinator's tablet whose organisation the national team deactivated: a saved edit stays
 * on the tablet ("niet verstuurd"), and the form said nothing of it before Opslaan ("gaat mee bij de volgende
 * verbinding"). It says so, what happens with the edit and what to do, and its coming moves no field.
 */
const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';
const HELD = 'Het landelijk team heeft uw organisatie gedeactiveerd. Als u opslaat, blijft uw wijziging alleen op deze tablet: '
  + 'ze gaat niet naar de server en collega’s zien haar niet.';
const TODO = 'Klopt dit niet? Neem contact op met het landelijk team. Is uw organisatie weer actief, dan gaat uw wijziging vanzelf mee.';

let browser: Browser;
let server: RunningServer;
let nationalToken = '';
let coordinatorCode = '';

chromiumAndServer((started, app) => ([browser, server] = [started, app]));
beforeAll(() => {
  nationalToken = runAdmin(server.dataDir, ['create-token', '--role', 'national']);
  coordinatorCode = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);
});


/** Keeps, in the page, every distinct top of the form's first field, from its first render on (MutationObserver and every frame). */
async function watchForm(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tops: number[] = [];
    (window as unknown as { __formTops: number[] }).__formTops = tops;
    const look = () => {
      const top = document.getElementById('svc-name')?.getBoundingClientRect().top;
      if (top !== undefined && tops.at(-1) !== top) tops.push(top);
    };
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    const everyFrame = () => {
      look();
      requestAnimationFrame(everyFrame);
    };
    everyFrame();
  });
}
const formTops = (page: Page) => page.evaluate(() => (window as unknown as { __formTops: number[] }).__formTops);
const frames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

describe('the kaart edit form on a tablet whose organisation the national team deactivated', () => {
  it('says before Opslaan that the edit stays on the tablet and what to do, and moves no field when that comes', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode);
    // Offline first: each sync's pull tells the tablet (kaart-deactivation-learned.test.ts), and here it may not know yet.
    await context.setOffline(true);
    await deactivateDemoOrganisation(server.url, nationalToken);

    // Offline, an edit is saved: the tablet does not know yet. The next form says what it always says.
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await tablet.getByLabel('Omschrijving').fill('Elke donderdag samen Nederlands oefenen, nu ook op vrijdag. (voorbeeld)');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    await openKaartEdit(tablet, server.url, 'digicafe', 'Digicafé');
    const editAddress = tablet.url();
    expect(await tablet.getByText('Uw wijziging staat meteen op deze tablet en gaat mee bij de volgende verbinding.').count()).toBe(1);
    expect(await tablet.locator('#svc-deactivated').count()).toBe(0);

    // Online with the form open: the sync finds the organisation deactivated. A floating note, read out; no field moves.
    await watchForm(tablet);
    await context.setOffline(false);
    const news = tablet.locator('#svc-deactivated-news');
    await expect.poll(async () => {
      await tablet.evaluate(() => dispatchEvent(new Event('online')));
      return news.count();
    }, { timeout: 30_000, interval: 1_000 }).toBe(1);
    await frames(tablet);
    expect(await news.innerText()).toContain(`${HELD} ${TODO}`);
    expect(await news.evaluate((element) => getComputedStyle(element.parentElement!).position)).toBe('fixed');
    expect(await tablet.locator('#svc-deactivated-spoken').innerText()).toBe(`${HELD} ${TODO}`);
    expect(await tablet.locator('#svc-deactivated-spoken').getAttribute('role')).toBe('status');
    expect(await formTops(tablet)).toHaveLength(1);
    // The line under the heading, which said the edit "gaat mee", says what is true now, in its own place.
    expect(await tablet.locator('#svc-sync-line').innerText()).toBe('Uw organisatie is gedeactiveerd: uw wijziging blijft op deze tablet.');
    // Not over Opslaan: the note floats above the save bar.
    const [note, bar] = [(await news.boundingBox())!, (await tablet.locator('.ido-savebar').boundingBox())!];
    expect(note.y + note.height).toBeLessThanOrEqual(bar.y);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: `${SHOTS}/kaart-edit-deactivated-arrives-768x1024.png` });
    // Right after the heading for the keyboard; "Sluiten" puts the focus on the heading.
    await tablet.locator('#svc-heading').focus();
    await tablet.keyboard.press('Tab');
    expect(await tablet.evaluate(() => document.activeElement?.textContent)).toBe('Sluiten');
    await tablet.keyboard.press('Enter');
    await expect.poll(() => news.count()).toBe(0);
    expect(await tablet.evaluate(() => document.activeElement?.id)).toBe('svc-heading');

    // The form opened again: the note stands above the form from its first render, in place of "gaat mee …".
    await tablet.goto(`${server.url}/#/kaart`);
    await tablet.getByRole('heading', { name: 'Sociale kaart', level: 1 }).waitFor();
    await watchForm(tablet);
    await tablet.goto(editAddress);
    const notice = tablet.locator('#svc-deactivated');
    await notice.waitFor();
    await tablet.locator('#svc-name').waitFor();
    await frames(tablet);
    expect(await notice.innerText()).toBe(`${HELD}\n\n${TODO}`);
    expect(await formTops(tablet)).toHaveLength(1);
    expect(await news.count()).toBe(0);
    expect(await tablet.getByText('gaat mee bij de volgende verbinding').count()).toBe(0);
    const [top, name] = [(await notice.boundingBox())!, (await tablet.locator('#svc-name').boundingBox())!];
    expect(top.y + top.height).toBeLessThanOrEqual(name.y);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.screenshot({ path: `${SHOTS}/kaart-edit-deactivated-768x1024.png` });
    await tablet.setViewportSize({ width: 1280, height: 800 });
    await tablet.screenshot({ path: `${SHOTS}/kaart-edit-deactivated-1280x800.png` });

    // What it said is what happens: the saved edit is one more "niet verstuurd".
    await tablet.getByLabel('Omschrijving').fill('Elke woensdag hulp met de computer, nu ook op zaterdag. (voorbeeld)');
    await tablet.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Digicafé', level: 1 }).waitFor();
    await tablet.evaluate(() => dispatchEvent(new Event('online')));
    await expect.poll(() => tablet.locator('#sync-status-line').innerText(), { timeout: 30_000 }).toMatch(/2 kaartwijzigingen niet verstuurd/);
    await context.close();
  });
});
