import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { buildServerBundle } from '../../src/server/build';
import { ensureChromium } from './chromium';
import { ensureNginx } from './nginx';

/** The production build the end-to-end tests run against, made once per run. */
export const E2E_DIST = resolve('.tmp/e2e-dist');
/** The compiled server the end-to-end tests start (two levels below the project root, like build/server). */
export const E2E_SERVER = resolve('.tmp/e2e-server');

declare module 'vitest' {
  export interface ProvidedContext {
    e2eDist: string;
  }
}

export default async function setup(project: TestProject) {
  ensureChromium();
  ensureNginx(); // the load-balancer test's reverse proxy: installed here, outside any test's time limit
  await buildServerBundle(E2E_SERVER);
  rmSync(E2E_DIST, { recursive: true, force: true });
  // Vitest runs with NODE_ENV=test; the app under test must be the real production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: resolve('vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true, minify: process.env.E2E_NO_MINIFY ? false : undefined } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  project.provide('e2eDist', E2E_DIST);
}
