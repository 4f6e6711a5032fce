import { describe, expect, it } from 'vitest';
import { DEMO_ORGANISATION, registerContacts, tabletContext, waitForControl } from './app';
import { startDesk } from './desk';
import { runAdmin } from './server';

describe('a location the coordinator closed', () => {
  it('is no longer offered for a new contact, says so, and stays on a registration made there', async () => {
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/koppelen/${server.enrollmentCode}`);
    await waitForControl(page);
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();

    await registerContacts(page, 1);

    const token = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
    const closed = await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/locations/demo-centrum/close`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}',
    });
    expect(closed.status).toBe(200);

    // The next sync (the page's start) brings the closed location; the remembered one is gone from the choice.
    await page.reload();
    await page.locator('#closed-location').getByText(/^De IDO-locatie Bibliotheek Centrum is gesloten sinds \d+ \w+ \d{4}\. Kies een andere IDO-locatie\.$/).waitFor();
    await expect.poll(() => page.getByRole('radio', { name: 'Bibliotheek Centrum' }).count()).toBe(0);
    await page.getByRole('radio', { name: 'Bibliotheek Noord' }).check();
    await expect.poll(() => page.locator('#closed-location').count()).toBe(0);

    // The registration made there keeps its location when it is edited.
    await page.goto(`${server.url}/#/vandaag`);
    await page.getByRole('button', { name: /^Aanpassen: registratie van/ }).first().click();
    await expect.poll(() => page.getByRole('radio', { name: 'Bibliotheek Centrum' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/vandaag');
    expect(await page.locator('#error-summary').count()).toBe(0);
  });
});
