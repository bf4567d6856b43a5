import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Which Chromium the tests and page benchmarks drive: Playwright's own where
 * it is installed, otherwise the system's (Debian's `chromium` package), since
 * Playwright cannot download its browsers on every network.
 */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(chromium.executablePath())) return undefined; // Playwright's own browser
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  throw new Error(
    'No Chromium for the browser tests. Install one: `npx playwright install chromium`, ' +
      'or on Debian/Ubuntu `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary.',
  );
}

/** Without the networking flags, Chromium keeps calling home and, offline, logs failures at every start. */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'];
