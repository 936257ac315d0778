import { defineConfig } from '@playwright/test'

// End-to-end tests drive Debian's Chromium against browser mode (the Electron binary cannot be
// downloaded on build machines). Never `playwright install`: the browser comes from apt.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Generous bounds: these wait for the page to say something, they are not a speed promise, and a
  // CI machine shared with other jobs can be many times slower than a desk (runs here passed at a
  // load average of 19 on 2 cores once the wait for one step was allowed 30 s).
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  globalSetup: './tests/e2e/support/globalSetup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
  },
})
