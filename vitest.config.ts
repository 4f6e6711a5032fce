import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [preact()],
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'db', include: ['tests/db/**/*.test.ts'], environment: 'node', hookTimeout: 60_000, setupFiles: ['fake-indexeddb/auto', 'tests/server/server-secret.ts'] } },
      { extends: true, test: { name: 'server', include: ['tests/server/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 120_000, globalSetup: ['tests/server/global-setup.ts'], setupFiles: ['tests/server/setup.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false, expect: { poll: { timeout: 15_000, interval: 100 } }, globalSetup: ['tests/e2e/global-setup.ts'] } },
    ],
  },
});
