import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { defineConfig, devices, chromium } from '@playwright/test';

/**
 * End-to-end tests run in real Chromium against the built site. Playwright's
 * own Chromium is used where it is installed; otherwise the system's
 * (Debian's `chromium` package), since Playwright cannot always download its
 * own browsers.
 */
function systemChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  return undefined;
}

function browserPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(chromium.executablePath())) return undefined; // Playwright's own browser
  const system = systemChromium();
  if (!system) {
    throw new Error(
      'No Chromium for the end-to-end tests. Install one: `npx playwright install chromium`, ' +
        'or on Debian/Ubuntu `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return system;
}

const port = Number(process.env.E2E_PORT ?? 4399);

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browserPath(),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
    },
  },
  webServer: {
    command: `npx astro preview --port ${port} --host localhost`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
