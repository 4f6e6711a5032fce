import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeScript: string | undefined;
const axeSource = () => (axeScript ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** Waits until the service worker controls the page (the app is then offline-ready). */
export async function waitForControl(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  }, undefined, { timeout: 30_000 });
}

/**
 * Opens the app controlled by its service worker. On a first start it skips enrollment ("eerst
 * proberen met voorbeelddata"), unless `enroll` is false and the caller handles it.
 */
export async function openControlled(context: BrowserContext, url: string, { skipEnrollment = true } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitForControl(page);
  if (!skipEnrollment) return page;
  const skip = page.getByRole('button', { name: 'Nu niet: eerst proberen met voorbeelddata' });
  const form = page.getByRole('heading', { name: 'Nieuw contact registreren' });
  await skip.or(form).first().waitFor();
  if (await skip.isVisible()) await skip.click();
  await form.waitFor();
  return page;
}

/** Fills a contact with two questions through quick picks, as staff would at the desk (not saved yet). */
export async function fillTwoQuestions(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'DigiD – samen gedaan' }).click();
  await page.getByRole('radio', { name: 'DigiD activeren' }).check();
  await page.getByRole('button', { name: 'Toeslagen – doorverwezen' }).click();
  await page.getByRole('radio', { name: /^Extern/ }).check();
  await page.locator('#f-questions-1-resolved').getByRole('radio', { name: 'Deels' }).check();
  await page.getByRole('radio', { name: 'Bibliotheek Centrum' }).check();
}

/** Fills a contact with two questions through quick picks and saves it, as staff would at the desk. */
export async function registerTwoQuestions(page: Page): Promise<void> {
  await fillTwoQuestions(page);
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await page.getByText('Opgeslagen: 1 contact met 2 vragen.').waitFor();
}

/** Runs axe-core in the page; returns the violations (id, impact, nodes) for a readable failure. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact?: string | null; help: string; targets: string[] }>> {
  // Evaluated through DevTools, not as a <script> tag: the app's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Interactive elements smaller than 44 × 44 CSS pixels (a radio or checkbox counts by its tile). */
export async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('a[href], button, select, input, textarea, [role="button"]')) {
      const target = element.matches('input[type="radio"], input[type="checkbox"]') ? element.closest('label') ?? element : element;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      if (target.classList.contains('ido-skip-link')) continue; // off screen until focused
      if (box.width < 44 || box.height < 44) small.push(`${target.tagName.toLowerCase()} "${(target.textContent || target.getAttribute('aria-label') || target.id).trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return small;
  });
}
