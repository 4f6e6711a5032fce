import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { axeViolations, DEMO_ORGANISATION, enrollInApp, registerContacts, statusLine, tabletContext, topsOf, waitForControl, watchTop } from './app';
import { startDesk } from './desk';
import { runAdmin } from './server';

describe('the enrollment link a QR code holds', () => {
  it('fills the code in, enrolls with one tap, sends the code only in the enroll body and leaves it in no URL', async () => {
    const { browser, server } = await startDesk();
    const code = server.enrollmentCode!;
    const context = await tabletContext(browser);
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
    expect(await page.title()).toBe('Tablet koppelen – IDO Onderweg');
    // A send holds the outbox lock as the tap comes (the app starts one when idle; under load that can be the
    // same moment): the enrollment waits for it instead of saying "De tablet verstuurt op dit moment…".
    await page.evaluate(() => {
      void navigator.locks.request('ido-outbox', () => new Promise<void>((resolve) => setTimeout(resolve, 1_500)));
    });
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();

    expect(new URL(page.url()).hash).toBe('#/');
    expect(await page.evaluate(() => location.href)).not.toContain(code);
    expect(enrollBodies).toHaveLength(1);
    expect(JSON.parse(enrollBodies[0])).toMatchObject({ code });
    // No request carried it in its address or headers (a URL's fragment never leaves the browser).
    expect(carriedCode).toEqual([]);

    // Linked to the demo organisation, Instellingen says so (not "voorbeelddata", as before linking).
    await page.getByRole('link', { name: 'Instellingen' }).click();
    await page.getByText('Deze tablet is gekoppeld aan de demo-organisatie.', { exact: false }).waitFor();
    expect(await page.getByText('Deze tablet gebruikt voorbeelddata', { exact: false }).count()).toBe(0);
    // The message of having just linked came with the form; it does not follow staff to other pages, nor back.
    const linked = page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).');
    expect(await linked.count()).toBe(0);
    // Each page names itself in the title a screen reader reads first (the first screen's in App.tsx, the others' in Pages.tsx).
    expect(await page.title()).toBe('Instellingen – IDO Onderweg');
    await page.getByRole('link', { name: 'Registreren' }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await linked.count()).toBe(0);
    expect(await page.title()).toBe('Registreren – IDO Onderweg');

    // The tablet's sync requests tell the server its app version and what waits on it.
    await registerContacts(page, 1);
    const token = runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]);
    const devices = async () => (await (await fetch(`${server.url}/api/v1/admin/organisations/${DEMO_ORGANISATION}/devices`, { headers: { authorization: `Bearer ${token}` } })).json()).devices;
    await expect.poll(devices).toEqual([expect.objectContaining({ appVersion: packageJson.version, pendingAtLastContact: 0, recordsSent: 1, lastContactAt: expect.any(String) })]);
  });

  it('counts an emoji in the tablet\'s name as one character, as the server does: 101 are named too long, 100 are linked', async () => {
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/koppelen/${server.enrollmentCode!.toLowerCase()}`);
    await waitForControl(page);
    await expect.poll(() => page.getByLabel('Koppelcode').inputValue()).toBe(server.enrollmentCode);
    const name = page.getByLabel('Naam van deze tablet (niet verplicht)');
    // the box's maxlength counts UTF-16 units (an emoji 2): it holds 200, so it never cuts a name the check takes, and
    // the check counts characters: 99 emoji and 2 letters are 101
    await name.fill(`${'📱'.repeat(99)}ab`);
    expect([...await name.inputValue()]).toHaveLength(101);
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.locator('#enroll-label-error').getByText('De naam van de tablet is te lang: hoogstens 100 tekens. Nu zijn het er 101.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toContain('enroll-label-error');
    expect(await axeViolations(page)).toEqual([]);
    await name.fill('📱'.repeat(100));
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();
    await context.close();
  });

  it('says on a linked tablet\'s koppelen screen which organisation it is linked to and that nothing waiting is lost', async () => {
    // It said only "Koppel deze tablet aan uw bibliotheek", as if the tablet was not linked (staff come here from the
    // status bar's "Opnieuw koppelen"): no word of the link it has, or of what a new code does with what still waits.
    const { browser, server } = await startDesk();
    const context = await tabletContext(browser, { viewport: { width: 768, height: 1024 } });
    const page = await enrollInApp(context, server.url, server.enrollmentCode!);
    await context.setOffline(true);
    await registerContacts(page, 1);
    await page.goto(`${server.url}/#/koppelen`);
    await page.getByRole('heading', { name: 'Tablet koppelen', level: 1 }).waitFor();
    expect(await page.locator('#enroll-linked').innerText()).toBe('Deze tablet is nu gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo). Met een nieuwe koppelcode van de IDO-coördinator koppelt u hem opnieuw, bijvoorbeeld als het versturen gestopt is. Registraties die nog niet verstuurd zijn, blijven bewaard en worden daarna verstuurd. Koppelen kan alleen met internet.');
    expect(await axeViolations(page)).toEqual([]);
    // Linked again with a new code (back online): the flash says so, and nothing waits any more.
    await context.setOffline(false);
    await page.getByLabel('Koppelcode').fill(runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]));
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').waitFor();
    await expect.poll(() => statusLine(page), { timeout: 30_000 }).toMatch(/^alles verstuurd/);
    await context.close();
  });

  it('shows "De tablet is gekoppeld aan …" on the page a fresh tablet was opened at, and not after staff leave it', async () => {
    const { browser, server } = await startDesk();
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
    const context = await tabletContext(browser);
    const page = await context.newPage();
    // The message comes once the limits are asked, after the tablet is linked. On a busy tablet the kaart could
    // stand by then while the app's effects still waited for a frame (Preact runs them after paint, at the latest
    // 35 ms on): the order that once lost the message, as an effect that still saw none cleared the new one. The
    // koppelen screen now stays until the enrollment ends, so the kaart and the message come together; the limits'
    // answer still waits in the page (until the koppelen screen has gone, or 1.5 s), and frames come late, so the
    // effects wait for Preact's 35 ms.
    await page.addInitScript(() => {
      const realFetch = window.fetch.bind(window);
      const enrollGone = () => new Promise<void>((resolve) => {
        const gone = () => !document.getElementById('enroll-heading');
        const observer = new MutationObserver(() => { if (gone()) { observer.disconnect(); resolve(); } });
        observer.observe(document.body, { childList: true, subtree: true });
        setTimeout(resolve, 1_500);
      });
      window.fetch = async (input, init) => {
        if (!String(input instanceof Request ? input.url : input).endsWith('/api/v1/limits')) return realFetch(input, init);
        const [response] = await Promise.all([realFetch(input, init), enrollGone()]);
        return response;
      };
      window.requestAnimationFrame = (callback) => window.setTimeout(() => callback(performance.now()), 100);
    });
    // Opened at the sociale kaart: the koppelen screen comes first, and the kaart after it.
    await page.goto(`${server.url}/#/kaart`);
    await waitForControl(page);
    await page.getByLabel('Koppelcode').fill(code);
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    const linked = page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).');
    await linked.waitFor();
    await page.getByRole('heading', { name: 'Sociale kaart', level: 1 }).waitFor();
    // The kaart's title is set by an effect, after the shell's: once it is there, every effect has run.
    await expect.poll(() => page.title()).toBe('Sociale kaart – IDO Onderweg');
    expect(await linked.count()).toBe(1);
    await page.getByRole('link', { name: 'Registreren', exact: true }).click();
    await page.getByRole('heading', { name: 'Nieuw contact registreren' }).waitFor();
    expect(await linked.count()).toBe(0);
  });

  it('shows "De tablet is gekoppeld aan …" on the page staff went to while the tablet was being linked', async () => {
    const { browser, server } = await startDesk();
    const code = runAdmin(server.dataDir, ['create-code', '--organisation', DEMO_ORGANISATION]);
    const context = await tabletContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForControl(page);
    await page.getByLabel('Koppelcode').fill(code);
    // A slow line: the server's answer comes after staff have tapped "Vandaag" in the menu.
    let answer!: () => void;
    const tapped = new Promise<void>((resolve) => { answer = resolve; });
    let asked = false;
    await context.route('**/api/v1/devices/enroll', async (route) => { asked = true; await tapped; await route.continue(); });
    // The enrollment asks for the limits after it stored the device: that answer is held until Vandaag stands (or
    // 2 s), the order in which the message came after the page.
    await context.route('**/api/v1/limits', async (route) => {
      await page.locator('#list-heading').waitFor({ timeout: 2_000 }).catch(() => {});
      await route.continue();
    });
    await page.getByRole('button', { name: 'Tablet koppelen' }).click();
    await expect.poll(() => asked).toBe(true);
    await page.getByRole('link', { name: 'Vandaag' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/vandaag');
    // Vandaag's title, from its first frame: the message came after the page stood, above it, and moved it down.
    await watchTop(page, '#list-heading');
    answer();
    await page.getByRole('heading', { name: 'Vandaag', level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe('Vandaag – IDO Onderweg');
    await expect.poll(() => page.getByText('De tablet is gekoppeld aan Voorbeeldbibliotheek Rivierenland (demo).').count()).toBe(1);
    expect(await topsOf(page)).toHaveLength(1);
  });
});
