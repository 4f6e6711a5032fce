import type { Browser } from 'playwright-core';
import { inject, onTestFinished } from 'vitest';
import { launchChromium } from './chromium';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startServer, type RunningServer } from './server';

/**
 * A test's own Chromium and a fresh server (the built app, the demo organisation and its enrollment
 * code), started together and stopped when the test ends. With `proxy`, a fault proxy in front of
 * the server too (`proxy.url` is where the tablet should send).
 */
export async function startDesk(options: { env?: Record<string, string>; proxy: true }): Promise<{ browser: Browser; server: RunningServer; proxy: FaultProxy }>;
export async function startDesk(options?: { env?: Record<string, string>; proxy?: false }): Promise<{ browser: Browser; server: RunningServer }>;
export async function startDesk({ env = {}, proxy = false }: { env?: Record<string, string>; proxy?: boolean } = {}): Promise<{ browser: Browser; server: RunningServer; proxy?: FaultProxy }> {
  const [browser, server] = await Promise.all([launchChromium(), startServer(inject('e2eDist'), env)]);
  let faults: FaultProxy | undefined;
  onTestFinished(async () => {
    await browser.close();
    await faults?.close();
    await server.stop();
  });
  if (proxy) faults = await startFaultProxy(server.url);
  return { browser, server, ...(faults ? { proxy: faults } : {}) };
}
