import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Browser features a headless test never shows that cost CPU at every start: Chromium 156 renders its omnibox popup
 * (two WebUI pages, chrome://omnibox-popup.top-chrome/) in a renderer of its own at launch, about 0.7 s of CPU,
 * which on two cores ran beside the page under test (the offline cold start of one build: 1,531 / 1,568 ms with it,
 * 966 / 1,124 ms without, 1 December 2026).
 */
export const DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** Flags that keep Chromium off the network: without the background-networking ones it floods a closed network. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

/**
 * Another launcher's flags with ours added, `--disable-features` merged into one: Chromium reads only the last of
 * two (Playwright merges them itself; chrome-launcher, for Lighthouse, does not).
 */
export function withChromiumArgs(flags: readonly string[]): string[] {
  const FEATURES = '--disable-features=';
  const features = new Set<string>();
  const rest: string[] = [];
  for (const flag of [...flags, ...CHROMIUM_ARGS]) {
    if (flag.startsWith(FEATURES)) for (const feature of flag.slice(FEATURES.length).split(',')) features.add(feature);
    else if (!rest.includes(flag)) rest.push(flag);
  }
  return [...rest, `${FEATURES}${[...features].join(',')}`];
}

/**
 * Finds Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium). On a fresh machine where we
 * are root with apt, installs it; otherwise stops with the one command to run.
 */
export function ensureChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} bestaat niet.`);
    return configured;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium ontbreekt: Debian-pakket "chromium" wordt geïnstalleerd (eenmalig, ongeveer 30 s)…');
    execFileSync('/bin/sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
    if (existsSync(CANDIDATES[0])) return CANDIDATES[0];
  }
  throw new Error('Chromium is niet gevonden. Installeer het met: sudo apt-get install -y chromium (of zet CHROMIUM_PATH).');
}

/** Starts headless Chromium for one test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}
