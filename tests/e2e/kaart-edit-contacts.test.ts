import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import {
  axeViolations, DEMO_ORGANISATION, demoCoordinatorTablet, openKaartEdit, readTablet, serverKaartItems, smallTapTargets, textPastPadding, topsOf, watchTop,
} from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import { runAdmin, type RunningServer } from './server';

/*
 * "Where and when" on the kaart edit form: a coordinator changed a service's name or languages on the tablet, but its
 * phone numbers and opening hours only by a file import on Beheer. Now both are on the form, offline, and sync.
 */
const SHOTS = process.env.IDO_SHOTS ?? '.tmp/screenshots';

let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';
/** A new code for each tablet: a code links one tablet. */
const coordinatorCode = () => runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION, '--role', 'coordinator']);

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));

const summaryLinks = (page: Page) => page.locator('#svc-error-summary a').evaluateAll((links) => links.map((a) => (a as HTMLElement).innerText));
const day = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const save = (page: Page) => page.getByRole('button', { name: 'Opslaan', exact: true }).click();

/** The latest server copy of each record, by id. */
async function onServer() {
  const latest = new Map<string, { entity: string; version: number; deleted: boolean; data: Record<string, unknown> }>();
  for (const item of await serverKaartItems(server.url, coordinatorToken)) latest.set(item.id, item);
  return latest;
}

/** Goes online and nudges a sync until `check` holds on the server. */
async function syncUntil(page: Page, check: () => Promise<boolean>) {
  await expect.poll(async () => {
    await page.evaluate(() => dispatchEvent(new Event('online')));
    return check();
  }, { timeout: 30_000, interval: 1_000 }).toBe(true);
}

describe('phone numbers and opening hours on the kaart edit form', () => {
  it('edits a number and an opening hour offline, refuses wrong ones in Dutch without storing them, and syncs them to the server and a second tablet', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode());
    const before = await onServer();
    const taalcafe = [...before].find(([, item]) => item.entity === 'service' && item.data.name === 'Taalcafé')![0];
    const thursday = [...before].find(([, item]) => item.entity === 'schedule' && item.data.service_id === taalcafe)!;

    await context.setOffline(true);
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    expect(await tablet.getByText('Deze dienst heeft nog geen eigen telefoonnummer.').count()).toBe(1);
    expect(await tablet.locator('.ido-hours-day__closed').count()).toBe(6);
    expect(await day(tablet, 'Donderdag').getByLabel('Open van').inputValue()).toBe('14:00');
    expect(await day(tablet, 'Donderdag').getByLabel('Tot').inputValue()).toBe('16:00');

    // Wrong input: a number no one can call, closing before opening. Dutch messages at the fields; nothing stored.
    // By keyboard: the focus is in the new row's number before the next key (it moved a frame later, and a second
    // Enter meanwhile added a second row, digits typed at once went to the button), so the digits typed at once land there.
    await tablet.getByRole('button', { name: 'Telefoonnummer toevoegen' }).focus();
    await tablet.keyboard.press('Enter');
    expect(await tablet.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('tel');
    await tablet.keyboard.type('12345');
    expect(await tablet.getByLabel('Telefoonnummer 1').inputValue()).toBe('12345');
    expect(await tablet.getByLabel(/^Telefoonnummer \d$/).count()).toBe(1);
    await day(tablet, 'Donderdag').getByLabel('Tot').fill('13:00');
    await day(tablet, 'Dinsdag').getByRole('button', { name: 'Tijden toevoegen' }).click();
    expect(await tablet.evaluate(() => document.activeElement?.id)).toMatch(/^svc-hours-.+-opens$/);
    await day(tablet, 'Dinsdag').getByLabel('Open van').fill('10:00');
    await save(tablet);
    await tablet.locator('#svc-error-summary').waitFor();
    expect(await summaryLinks(tablet)).toEqual([
      'Telefoonnummer 1: vul een telefoonnummer in dat te bellen is, bijvoorbeeld 030-123 45 67 of +31 30 123 45 67.',
      'Dinsdag: vul de sluitingstijd in.',
      'Donderdag: de sluitingstijd moet na de openingstijd liggen, op dezelfde dag.',
    ]);
    expect(await tablet.getByLabel('Telefoonnummer 1').getAttribute('aria-invalid')).toBe('true');
    expect(await readTablet(tablet, { store: 'kaartOutbox', read: 'count' })).toBe(0);
    expect(await readTablet(tablet, { store: 'kaartSchedules', key: thursday[0] })).toMatchObject({ closes_at: '16:00' });
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    expect(await textPastPadding(tablet)).toEqual([]);
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await tablet.locator('#svc-phones').scrollIntoViewIfNeeded();
    await tablet.screenshot({ path: `${SHOTS}/h86-contacts-errors-768.png` });

    // Put right, and saved offline: the service page says it at once.
    await tablet.getByLabel('Telefoonnummer 1').fill('030-123 45 67');
    await tablet.getByLabel('Toelichting bij nummer 1 (mag leeg)').fill('Alleen ’s ochtends');
    await day(tablet, 'Donderdag').getByLabel('Tot').fill('17:00');
    await day(tablet, 'Dinsdag').getByLabel('Tot').fill('12:00');
    await save(tablet);
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    expect(await tablet.getByRole('list', { name: 'Openingstijden' }).innerText()).toBe('Dinsdag 10:00–12:00\nDonderdag 14:00–17:00');
    expect(await tablet.locator('article').innerText()).toContain('030-123 45 67 (Alleen ’s ochtends)');

    // Online with the form open again: the sync sends the edits, and nothing on the form moves by itself.
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await watchTop(tablet, '#svc-hours');
    await context.setOffline(false);
    await syncUntil(tablet, async () => {
      const now = await onServer();
      return [...now.values()].some((item) => item.entity === 'phone' && item.data.service_id === taalcafe && item.data.number === '030-123 45 67')
        && now.get(thursday[0])?.data.closes_at === '17:00';
    });
    await expect.poll(() => readTablet(tablet, { store: 'kaartOutbox', read: 'count' }), { timeout: 30_000 }).toBe(0);
    expect(await topsOf(tablet)).toHaveLength(1);
    const after = await onServer();
    // The Thursday schedule kept its id (a new version); Tuesday is a schedule of its own.
    expect(after.get(thursday[0])).toMatchObject({ version: thursday[1].version + 1, deleted: false, data: { byday: 'TH', opens_at: '14:00', closes_at: '17:00' } });
    expect([...after.values()].filter((item) => item.entity === 'schedule' && item.data.service_id === taalcafe && item.data.byday === 'TU')
      .map((item) => [item.data.opens_at, item.data.closes_at])).toEqual([['10:00', '12:00']]);
    const phone = [...after].find(([, item]) => item.entity === 'phone' && item.data.service_id === taalcafe)!;
    expect(phone[1].data).toMatchObject({ number: '030-123 45 67', description: 'Alleen ’s ochtends' });

    // A colleague's tablet pulls it and shows it on the service page.
    const second = await demoCoordinatorTablet(browser, server.url, coordinatorCode());
    await openKaartEdit(second.tablet, server.url, 'taalcafe', 'Taalcafé');
    await second.tablet.goBack();
    await second.tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    expect(await second.tablet.getByRole('list', { name: 'Openingstijden' }).innerText()).toBe('Dinsdag 10:00–12:00\nDonderdag 14:00–17:00');
    expect(await second.tablet.locator('article').innerText()).toContain('030-123 45 67 (Alleen ’s ochtends)');
    expect(await axeViolations(second.tablet)).toEqual([]);
    await second.context.close();

    // Removing the number (offline) is a delete that reaches the server; removing Tuesday's hours deletes its schedule.
    await context.setOffline(true);
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    await tablet.getByRole('button', { name: 'Nummer 1 weghalen' }).click();
    await day(tablet, 'Dinsdag').getByRole('button', { name: 'Tijden weghalen' }).click();
    // The focus goes to the day's "Tijden toevoegen" as the row goes (before the next key), not to the page's top.
    expect(await tablet.evaluate(() => document.activeElement?.id)).toBe('svc-hours-add-1');
    await save(tablet);
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    expect(await tablet.getByRole('list', { name: 'Openingstijden' }).innerText()).toBe('Donderdag 14:00–17:00');
    await context.setOffline(false);
    await syncUntil(tablet, async () => (await onServer()).get(phone[0])?.deleted === true);
    expect([...(await onServer()).values()].filter((item) => item.entity === 'schedule' && item.data.service_id === taalcafe && !item.deleted)
      .map((item) => item.data.byday)).toEqual(['TH']);
    await context.close();
  });

  it('shows hours it cannot edit (per location, even weeks) as they are, with a line that they stay, and saving leaves them untouched', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode());
    await context.setOffline(true);
    await openKaartEdit(tablet, server.url, 'digicafe', 'Digicafé');
    const fixed = tablet.locator('#svc-hours-fixed');
    expect(await fixed.innerText()).toContain('Deze openingstijden kunt u hier niet wijzigen. Ze blijven zoals ze zijn als u opslaat.');
    expect(await fixed.locator('li').allInnerTexts()).toEqual(['Woensdag in even weken 14:00–16:00', 'Vrijdag 10:00–12:00']);
    expect(await tablet.locator('#svc-hours input').count()).toBe(0);
    // A day without times of its own is not called "dicht" here: Friday is open at a location.
    expect(await tablet.locator('.ido-hours-day__closed').count()).toBe(0);
    await day(tablet, 'Maandag').getByRole('button', { name: 'Tijden toevoegen' }).click();
    await day(tablet, 'Maandag').getByLabel('Open van').fill('09:00');
    await day(tablet, 'Maandag').getByLabel('Tot').fill('11:00');
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    await tablet.setViewportSize({ width: 1280, height: 800 });
    expect(await smallTapTargets(tablet)).toEqual([]);
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await tablet.locator('#svc-hours').scrollIntoViewIfNeeded();
    await tablet.screenshot({ path: `${SHOTS}/h86-hours-fixed-1280.png` });
    await save(tablet);
    await tablet.getByRole('heading', { name: 'Digicafé', level: 1 }).waitFor();
    // Only the service and the new Monday schedule are queued: the two schedules per location are not rewritten.
    const queued = await readTablet<Array<{ entity: string; data: Record<string, unknown> }>>(tablet, { store: 'kaartOutbox', read: 'rows' });
    expect(queued!.map((entry) => [entry.entity, entry.data.byday]).sort()).toEqual([['schedule', 'MO'], ['service', undefined]]);
    expect(await tablet.getByRole('list', { name: 'Openingstijden' }).innerText()).toBe('Maandag 9:00–11:00\nWoensdag in even weken 14:00–16:00\nVrijdag 10:00–12:00');
    await context.close();
  });

  it('shows and takes opening hours in 24 hours on a tablet set to English, as staff type them, and says a time that is none in Dutch', async () => {
    // Chromium drew <input type="time"> in the browser's language: "09:00 AM" here, whatever the page's lang="nl".
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode(), { locale: 'en-US' });
    expect(await tablet.evaluate(() => navigator.language)).toBe('en-US');
    const before = await onServer();
    const werkcafe = [...before].find(([, item]) => item.entity === 'service' && item.data.name === 'Werkcafé')![0];
    const tuesday = [...before].find(([, item]) => item.entity === 'schedule' && item.data.service_id === werkcafe)!;
    expect(tuesday[1].data).toMatchObject({ byday: 'TU', opens_at: '09:00', closes_at: '12:00' });

    await context.setOffline(true);
    await openKaartEdit(tablet, server.url, 'werkcafe', 'Werkcafé');
    const time = (name: string, label: 'Open van' | 'Tot') => day(tablet, name).getByLabel(label, { exact: true });
    expect(await time('Dinsdag', 'Open van').getAttribute('type')).toBe('text');
    expect(await time('Dinsdag', 'Open van').getAttribute('inputmode')).toBe('numeric');
    expect([await time('Dinsdag', 'Open van').inputValue(), await time('Dinsdag', 'Tot').inputValue()]).toEqual(['09:00', '12:00']);

    // Thursday typed as staff type it: left as typed while typing (the caret stays), written out once the field is left.
    await day(tablet, 'Donderdag').getByRole('button', { name: 'Tijden toevoegen' }).click();
    await expect.poll(() => tablet.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^svc-hours-.*-opens$/);
    await tablet.keyboard.type('9.30');
    expect(await time('Donderdag', 'Open van').inputValue()).toBe('9.30');
    await tablet.keyboard.press('Tab');
    await expect.poll(() => time('Donderdag', 'Open van').inputValue()).toBe('09:30');
    await tablet.keyboard.type('1200');
    expect(await time('Donderdag', 'Tot').inputValue()).toBe('1200');
    await tablet.keyboard.press('Tab');
    await expect.poll(() => time('Donderdag', 'Tot').inputValue()).toBe('12:00');
    // Every time box shows its whole time.
    expect(await tablet.locator('#svc-hours input').evaluateAll((inputs) => inputs.filter((input) => input.scrollWidth > input.clientWidth).length)).toBe(0);

    // A time that is none: said in Dutch with the day and the field, at the field and in the summary; nothing stored.
    await time('Dinsdag', 'Tot').fill('25:00');
    await time('Dinsdag', 'Tot').blur();
    expect(await time('Dinsdag', 'Tot').inputValue()).toBe('25:00');
    await save(tablet);
    await tablet.locator('#svc-error-summary').waitFor();
    const message = 'Dinsdag: de tijd bij "Tot" klopt niet. Vul een tijd in als 09:00 of 14:30.';
    expect(await summaryLinks(tablet)).toEqual([message]);
    expect(await time('Dinsdag', 'Tot').getAttribute('aria-invalid')).toBe('true');
    expect(await day(tablet, 'Dinsdag').locator('.utrecht-form-field__error-message').allInnerTexts()).toEqual([message]);
    expect(await readTablet(tablet, { store: 'kaartOutbox', read: 'count' })).toBe(0);
    expect(await readTablet(tablet, { store: 'kaartSchedules', key: tuesday[0] })).toMatchObject({ opens_at: '09:00', closes_at: '12:00' });
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    expect(await textPastPadding(tablet)).toEqual([]);
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await tablet.locator('#svc-hours').scrollIntoViewIfNeeded();
    await tablet.screenshot({ path: `${SHOTS}/h93-hours-en-768.png` });
    await tablet.setViewportSize({ width: 1024, height: 768 });
    expect(await smallTapTargets(tablet)).toEqual([]);
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await day(tablet, 'Dinsdag').scrollIntoViewIfNeeded();
    await tablet.screenshot({ path: `${SHOTS}/h93-hours-en-1024.png` });

    // Put right and saved offline; the sync sends "HH:MM" as before.
    await time('Dinsdag', 'Tot').fill('12.30');
    await save(tablet);
    await tablet.getByRole('heading', { name: 'Werkcafé', level: 1 }).waitFor();
    expect(await tablet.getByRole('list', { name: 'Openingstijden' }).innerText()).toBe('Dinsdag 9:00–12:30\nDonderdag 9:30–12:00');
    await context.setOffline(false);
    await syncUntil(tablet, async () => {
      const now = await onServer();
      return now.get(tuesday[0])?.data.closes_at === '12:30'
        && [...now.values()].some((item) => item.entity === 'schedule' && item.data.service_id === werkcafe && item.data.byday === 'TH');
    });
    const after = await onServer();
    expect(after.get(tuesday[0])).toMatchObject({ version: tuesday[1].version + 1, data: { byday: 'TU', opens_at: '09:00', closes_at: '12:30' } });
    expect([...after.values()].filter((item) => item.entity === 'schedule' && item.data.service_id === werkcafe && item.data.byday === 'TH')
      .map((item) => [item.data.opens_at, item.data.closes_at])).toEqual([['09:30', '12:00']]);
    await context.close();
  });

  it('keeps the form open on Enter in a number or a time: a quick second Enter after "Telefoonnummer toevoegen" saved the whole form with the new row empty; only "Opslaan" saves', async () => {
    const { context, tablet } = await demoCoordinatorTablet(browser, server.url, coordinatorCode());
    await context.setOffline(true);
    await openKaartEdit(tablet, server.url, 'taalcafe', 'Taalcafé');
    // By keyboard, fast: the first Enter adds the row and puts the focus in its number, the second lands there.
    await tablet.getByRole('button', { name: 'Telefoonnummer toevoegen' }).focus();
    await tablet.keyboard.press('Enter');
    await tablet.keyboard.press('Enter');
    await tablet.keyboard.type('030-765 43 21');
    await tablet.keyboard.press('Enter');
    // The same in a day's times: Enter in "Open van" and in "Tot" (the form was gone after the second Enter above).
    await day(tablet, 'Dinsdag').getByRole('button', { name: 'Tijden toevoegen' }).focus({ timeout: 5_000 });
    await tablet.keyboard.press('Enter');
    await tablet.keyboard.press('Enter');
    await tablet.keyboard.type('10.00');
    await tablet.keyboard.press('Tab');
    await tablet.keyboard.type('12.00');
    await tablet.keyboard.press('Enter');
    // Nothing saved, nothing refused: the form as typed, with the focus where it was.
    expect(await tablet.getByRole('heading', { name: 'Dienst bewerken', level: 1 }).count()).toBe(1);
    expect(await tablet.getByLabel('Telefoonnummer 1').inputValue()).toBe('030-765 43 21');
    expect(await day(tablet, 'Dinsdag').getByLabel('Tot').inputValue()).toBe('12.00');
    expect(await tablet.evaluate(() => document.activeElement?.id)).toMatch(/^svc-hours-.+-closes$/);
    expect(await tablet.locator('#svc-error-summary').count()).toBe(0);
    expect(await readTablet(tablet, { store: 'kaartOutbox', read: 'count' })).toBe(0);
    expect(await axeViolations(tablet)).toEqual([]);
    expect(await smallTapTargets(tablet)).toEqual([]);
    // "Opslaan" saves it all.
    await save(tablet);
    await tablet.getByRole('heading', { name: 'Taalcafé', level: 1 }).waitFor();
    expect(await tablet.locator('article').innerText()).toContain('030-765 43 21');
    expect(await tablet.getByRole('list', { name: 'Openingstijden' }).innerText()).toContain('Dinsdag 10:00–12:00');
    await context.close();
  });
});
