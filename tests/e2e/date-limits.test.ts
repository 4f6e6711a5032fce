import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openControlled, signInWithToken, tabletContext } from './app';
import { chromiumServerAndCoordinator } from './chromium-and-server';
import type { RunningServer } from './server';
import { FIRST_CHECKED_DAY, lastCheckedDay } from '../../src/shared/checked-day';
import { FIRST_LOCATION_DAY, lastLocationDay } from '../../src/shared/location-days';

/*
 * The date pickers offer only the days the server takes: "laatst gecontroleerd" (a kaart service's assured_date on the
 * tablet, a Snelwijzer card's checked_on in beheer) and a location's "Nieuwe uren gelden vanaf" in beheer carry `min`
 * and `max` from the same shared rules the server checks with.
 */
let browser: Browser;
let server: RunningServer;
let coordinatorToken = '';

chromiumServerAndCoordinator((started, app, token) => ([browser, server, coordinatorToken] = [started, app, token]));

/**
 * The input's min and max, with the rule's ends read just before and just after: a run across midnight in Amsterdam
 * may meet either day.
 */
async function rangeOf(page: Page, selector: string, lastDay: (now: Date) => string) {
  const before = lastDay(new Date());
  const input = page.locator(selector);
  await input.waitFor();
  const range = { type: await input.getAttribute('type'), min: await input.getAttribute('min'), max: await input.getAttribute('max') };
  return { range, lastDays: [before, lastDay(new Date())] };
}

describe('date pickers limited to the days the server takes', () => {
  it('on the tablet, a kaart service\'s "Laatst gecontroleerd" offers 2000 up to tomorrow in Amsterdam', async () => {
    const context = await tabletContext(browser);
    const page = await openControlled(context, server.url);
    await page.goto(`${server.url}/#/kaart/nieuw`);
    const { range, lastDays } = await rangeOf(page, '#svc-assured_date', lastCheckedDay);
    expect(range).toMatchObject({ type: 'date', min: FIRST_CHECKED_DAY });
    expect(lastDays).toContain(range.max);
    await context.close();
  });

  it('in beheer, a Snelwijzer card\'s "Laatst gecontroleerd" and a location\'s "Nieuwe uren gelden vanaf" offer the server\'s days', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const admin = await context.newPage();
    await signInWithToken(admin, `${server.url}/#/beheer`, coordinatorToken);
    await admin.getByRole('heading', { name: /^Beheer: /, level: 1 }).waitFor();
    const nav = admin.getByRole('navigation', { name: 'Beheer' });

    await nav.getByRole('link', { name: 'Snelwijzer', exact: true }).click();
    await admin.getByRole('button', { name: 'Nieuwe kaart' }).click();
    await admin.getByRole('heading', { name: 'Nieuwe kaart' }).waitFor();
    const card = await rangeOf(admin, '#card-checked', lastCheckedDay);
    expect(card.range).toMatchObject({ type: 'date', min: FIRST_CHECKED_DAY });
    expect(card.lastDays).toContain(card.range.max);

    await nav.getByRole('link', { name: 'Locaties', exact: true }).click();
    const edit = admin.locator('#locations-table').getByRole('button', { name: / wijzigen$/ }).first();
    const name = (await edit.getAttribute('aria-label'))!.replace(/ wijzigen$/, '');
    await edit.click();
    const hours = await rangeOf(admin, '#location-hoursFrom', lastLocationDay);
    // from the location's opening day (new hours before it are refused), and never before the rule's first day
    const headers = { authorization: `Bearer ${coordinatorToken}` };
    const { organisations: [own] } = await (await fetch(`${server.url}/api/v1/admin/organisations`, { headers })).json() as { organisations: Array<{ id: string }> };
    const { locations } = await (await fetch(`${server.url}/api/v1/admin/organisations/${own.id}/locations`, { headers })).json() as { locations: Array<{ name: string; openedOn: string }> };
    const openedOn = locations.find((location) => location.name === name)!.openedOn;
    expect(hours.range).toMatchObject({ type: 'date', min: openedOn > FIRST_LOCATION_DAY ? openedOn : FIRST_LOCATION_DAY });
    expect(hours.lastDays).toContain(hours.range.max);
    await context.close();
  });
});
