import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const [slug, out, mode] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await context.grantPermissions(['clipboard-read', 'clipboard-write']);
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(`http://localhost:4400/lessons/${slug}/`);
await page.locator('[data-workbench][data-ready="true"]').waitFor({ state: 'attached' });
if (mode === 'reference') {
  await page.evaluate((t) => navigator.clipboard.writeText(t), readFileSync(`solutions/${slug}/exercise.ts`, 'utf8'));
  await page.locator('[data-editor] .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}
await page.click('[data-action="run"]');
await page.locator('[data-verdict]:not([hidden])').waitFor({ timeout: 120000 });
await page.locator('.workbench').evaluate((e) => e.scrollTo(0, 330));
await page.waitForTimeout(300);
await page.screenshot({ path: out });
console.log(await page.locator('[data-verdict]').innerText());
await browser.close();
