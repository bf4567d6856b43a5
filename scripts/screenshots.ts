/**
 * npm run screenshots [-- --lesson <slug>] [--out <dir>]
 *
 * Screenshots of a lesson page after a run of its reference solution, at
 * 1440×900 and 390×844, light and dark, from the built site (`npm run build`
 * first). Writes <dir>/<slug>-<width>-<theme>.png (default dir: screenshots/).
 * The README's pictures in docs/ are made with it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/browser.ts';
import { startPreview } from './preview-server.ts';

const argv = process.argv.slice(2);
const option = (name: string) => argv[argv.indexOf(name) + 1];
const slug = argv.includes('--lesson') ? option('--lesson')! : '06-database';
const out = argv.includes('--out') ? option('--out')! : 'screenshots';
await mkdir(out, { recursive: true });
const reference = await readFile(`solutions/${slug}/exercise.ts`, 'utf8');

const { base, stop } = await startPreview(Number(process.env.E2E_PORT ?? 4396));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: theme, serviceWorkers: 'block', deviceScaleFactor: 1 });
      const page = await context.newPage();
      // The learner's code, as if typed: the page reads it from storage on load.
      await page.addInitScript(([s, code]) => localStorage.setItem(`perf-workshop:v1:code:${s}`, code), [slug, reference] as const);
      await page.goto(`${base}/lessons/${slug}/`);
      await page.locator('[data-editor]').scrollIntoViewIfNeeded();
      await page.locator('[data-workbench][data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
      await page.locator('[data-action="run"]').click();
      await page.locator('[data-verdict]:not([hidden])').waitFor({ timeout: 180_000 });
      const file = path.join(out, `${slug}-${width}-${theme}.png`);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      if (width < 600) {
        // On a phone, one screen at the top of the lesson, one at its verdict.
        await page.evaluate(() => scrollTo(0, 0));
        await page.screenshot({ path: file.replace(/\.png$/, '-top.png') });
        await page.locator('[data-verdict]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      }
      await page.screenshot({ path: file });
      console.log(file);
      await context.close();
    }
  }
} finally {
  await browser.close();
  stop();
}
