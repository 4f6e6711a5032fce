import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, DISABLED_FEATURES, launchChromium, withChromiumArgs } from './chromium';

// The browser every e2e test and bench starts (tests/e2e/chromium.ts): nothing of its own UI runs beside the page.
describe('the Chromium the tests and benches start', () => {
  it('renders none of its own UI pages (the omnibox popup\'s WebUI) beside the page under test', async () => {
    const browser = await launchChromium();
    try {
      const session = await browser.newBrowserCDPSession();
      const page = await browser.newPage();
      await page.goto('about:blank');
      // The popup's pages are made at launch; give a late one time to appear.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const { targetInfos } = await session.send('Target.getTargets', { filter: [{}] });
      expect(targetInfos.filter((target) => target.url.startsWith('chrome://')).map((target) => target.url)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('merges its disabled features into another launcher\'s list: Chromium reads one --disable-features', () => {
    const flags = withChromiumArgs(['--disable-features=Translate,MediaRouter', '--no-first-run', '--mute-audio']);
    const features = flags.filter((flag) => flag.startsWith('--disable-features='));
    expect(features).toEqual([`--disable-features=${['Translate', 'MediaRouter', ...DISABLED_FEATURES].join(',')}`]);
    expect(flags.filter((flag) => flag === '--no-first-run')).toHaveLength(1);
    expect(flags).toContain('--mute-audio');
    for (const flag of CHROMIUM_ARGS.filter((f) => !f.startsWith('--disable-features='))) expect(flags).toContain(flag);
  });
});
