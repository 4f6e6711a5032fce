import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import packageJson from '../../package.json';
import { waitForControl } from './app';
import { launchChromium } from './chromium';
import { runAdmin, startServer, type RunningServer } from './server';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

let browser: Browser | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await browser?.close();
  await server?.stop();
  browser = server = undefined;
});

describe('the enrollment link a QR code holds', () => {
  it('fills the code in, enrolls with one tap, sends the code only in the enroll body and leaves it in no URL', async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'))]);
    const code = server.enrollmentCode!;
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const carriedCode: string[] = [];
    const enrollBodies: string[] = [];
    context.on('request', (request) => {
      const compact = code.replace('-', '');
      const where = `${request.url()} ${JSON.stringify(request.headers())}`;
      if (where.includes(code) || where.includes(compact)) carriedCode.push(request.url());
      if (request.url().endsWith('/api/v1/devices/enroll')) enrollBodies.push(request.postData() ?? '');
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/#/koppelen/${code.toLowerCase()}`);
    await waitForControl(page);

    await expect.poll(() => page.getByLabel('Koppelcode').inputValue()).toBe(code);
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();

    expect(new URL(page.url()).hash).toBe('#/');
    expect(await page.evaluate(() => location.href)).not.toContain(code);
    expect(enrollBodies).toHaveLength(1);
    expect(JSON.parse(enrollBodies[0])).toMatchObject({ code });
    // No request carried it in its address or headers (a URL's fragment never leaves the browser).
    expect(carriedCode).toEqual([]);

    // The tablet's sync requests tell the server its app version and what waits on it.
    await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
    await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
    await page.getByRole('radio', { name: 'Wachtwoord vergeten' }).check();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Opgeslagen: 1 contact met 1 vraag.').waitFor();
    const token = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
    const devices = async () => (await (await fetch(`${server!.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/devices`, { headers: { authorization: `Bearer ${token}` } })).json()).devices;
    await expect.poll(devices).toEqual([expect.objectContaining({ appVersion: packageJson.version, pendingAtLastContact: 0, recordsSent: 1, lastContactAt: expect.any(String) })]);
  });
});
