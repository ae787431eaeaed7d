import { defineConfig } from '@playwright/test';
import { chromiumPath } from './e2e/support/chromium';

/**
 * Browser tests: the real app, served by the real API process (built into dist/), on a
 * database of their own. `npm test` runs them through scripts/test-web.mjs, which builds
 * first and says so in one line when no Chromium is installed.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.e2e.ts',
  globalSetup: './e2e/support/global-setup.ts',
  outputDir: '../../test-results/web/artifacts',
  // Two cores on the machines we have: one worker per core, each test on its own accounts.
  workers: process.env.CI ? 2 : undefined,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.PSAR_WEB_URL,
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    locale: 'km-KH',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath() ?? undefined,
      // Chromium reaches for Google's services at start-up; this machine's closed network refuses them.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--no-sandbox'],
    },
  },
});
