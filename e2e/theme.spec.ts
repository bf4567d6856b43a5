import { expect, test, type Page } from '@playwright/test';
import { openLesson, referenceOf, run, setCode } from './support.ts';

/** Dark mode: it follows the system, a toggle overrides it and is remembered, and it reaches the editor, the chart and the diff. */

const slug = '03-concurrency';

/** Relative luminance of an element's computed background (0 black, 1 white). */
const luminance = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((el) => {
    const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+(\.\d+)?/g)!.map(Number).map((c) => c / 255);
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
  });

test('the page follows the system’s dark setting, editor, chart and diff included', async ({ page }) => {
  test.setTimeout(150_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page, slug);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await luminance(page, 'body')).toBeLessThan(0.05);
  expect(await luminance(page, '.prose')).toBeLessThan(0.05);
  await expect(page.locator('[data-editor] .monaco-editor')).toHaveClass(/vs-dark|workshop-dark/);

  await setCode(page, referenceOf(slug));
  await run(page);
  // The chart's text is drawn in the dark theme's light ink: some pixel of the canvas is bright.
  const brightest = await page.locator('.chart canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let max = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 200) max = Math.max(max, (data[i]! + data[i + 1]! + data[i + 2]!) / 3);
    return max;
  });
  expect(brightest).toBeGreaterThan(200);

  await page.locator('[data-action="solution"]').click();
  await expect(page.locator('dialog[data-solution] .monaco-diff-editor .monaco-editor:is(.vs-dark, .workshop-dark)').first()).toBeVisible();
  expect(await luminance(page, 'dialog[data-solution]')).toBeLessThan(0.05);
  expect(await luminance(page, 'dialog[data-solution] .monaco-editor-background')).toBeLessThan(0.05);
});

test('the toggle overrides the system, is remembered, and switches the editor live', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openLesson(page, slug);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const toggle = page.locator('[data-theme-toggle]');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-editor] .monaco-editor')).toHaveClass(/vs-dark|workshop-dark/);

  // Remembered on the next page, whatever the system says.
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await luminance(page, 'body')).toBeLessThan(0.05);
  await toggle.click();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('with no choice made, a change of the system setting applies at once', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
