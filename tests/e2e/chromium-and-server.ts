import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { DEMO_ORGANISATION } from './app';
import { runAdmin, startServer, type RunningServer } from './server';

/**
 * Chromium and a server on the e2e build, for the test file that calls this: both started before its tests (hooks
 * the file adds after this call see them), both stopped after. `started` hands them to the file's own variables.
 * When one fails to start, the other is stopped too.
 */
export function chromiumAndServer(started: (browser: Browser, server: RunningServer) => void): void {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    const [chromium, app] = await Promise.allSettled([launchChromium(), startServer(inject('e2eDist'))]);
    browser = chromium.status === 'fulfilled' ? chromium.value : undefined;
    server = app.status === 'fulfilled' ? app.value : undefined;
    if (chromium.status === 'rejected') throw chromium.reason;
    if (app.status === 'rejected') throw app.reason;
    started(browser!, server!);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}

/**
 * chromiumAndServer, and a coordinator token of the demo organisation made with the admin command once both run: the
 * set-up of every file that signs Beheer, the dashboard or a coordinator's tablet in with such a token. With
 * `{ national: true }` also a national token (`nationalToken`, else ''), for the files that sign in as both.
 */
export function chromiumServerAndCoordinator(
  started: (browser: Browser, server: RunningServer, coordinatorToken: string, nationalToken: string) => void, options: { national?: boolean } = {},
): void {
  chromiumAndServer((browser, server) => started(
    browser, server, runAdmin(server.dataDir, ['create-token', '--role', 'coordinator', '--organisation', DEMO_ORGANISATION]),
    options.national ? runAdmin(server.dataDir, ['create-token', '--role', 'national']) : '',
  ));
}
