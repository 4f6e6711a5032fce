// The app as users get it, for the benches that drive it in Chromium (save, tablet-import).
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A production `vite build` of the app (the real vite.config.ts, NODE_ENV=production) into `outDir`. */
export async function buildProductionApp(outDir: string): Promise<void> {
  const previousEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { build } = await import('vite');
    await build({ root: ROOT, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (previousEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previousEnv;
  }
}

/** Opens the app at `url` and, on a first start, skips enrollment ("eerst proberen met voorbeelddata"): the registration form shows. */
export async function openWithDemoData(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const skip = page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' });
  const form = page.getByRole('heading', { name: 'Nieuw contact registreren' });
  await skip.or(form).first().waitFor({ timeout: 60_000 });
  if (await skip.isVisible()) await skip.click();
  await form.waitFor();
}
