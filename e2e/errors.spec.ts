import { expect, test } from '@playwright/test';
import { lessons, openLesson, run, setCode, starterOf } from './support.ts';

const slug = lessons[0]!;

test('a syntax error is reported with its line, and marked in the editor', async ({ page }) => {
  await openLesson(page, slug);
  const lines = starterOf(slug).split('\n');
  const at = lines.findIndex((l) => /^export /.test(l)) + 1;
  lines.splice(at, 0, '  const broken = ;');
  await setCode(page, lines.join('\n'));
  const { verdict, text } = await run(page);
  expect(verdict).toBe('error');
  expect(text).toMatch(new RegExp(`syntax error on line ${at + 1}: Unexpected token`, 'i'));
  await expect(page.locator('[data-editor] .squiggly-error').first()).toBeAttached();
});

test('an endless loop is stopped by the watchdog and the page stays responsive', async ({ page }) => {
  await openLesson(page, slug);
  const code = starterOf(slug).replace(/(export (async )?function \w+\([^)]*\)[^{]*\{)/, '$1\n  while (true) {}');
  await setCode(page, code);
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-action="stop"]')).toBeEnabled();
  // While the loop spins in the worker, the page still answers within a frame or two.
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(Date.now() - started).toBeLessThan(1000);
    await page.waitForTimeout(1000);
  }
  await page.locator('[data-action="hint"]').click();
  await expect(page.locator('[data-hint]:not([hidden])')).toHaveCount(1);
  const verdict = page.locator('[data-verdict]:not([hidden])');
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  await expect(verdict).toContainText(/stopped after \d+ s/i);
  await expect(page.locator('[data-action="run"]')).toBeEnabled();
});

test('Stop ends a run at once', async ({ page }) => {
  await openLesson(page, slug);
  await setCode(page, starterOf(slug).replace(/(export (async )?function \w+\([^)]*\)[^{]*\{)/, '$1\n  while (true) {}'));
  await page.locator('[data-action="run"]').click();
  await page.locator('[data-action="stop"]').click();
  await expect(page.locator('[data-verdict]:not([hidden])')).toContainText(/you pressed Stop/i);
});
