import { expect, test, type Page } from '@playwright/test';
import { openLesson, referenceOf } from './support.ts';

/**
 * With the keyboard only: the skip link, then Tab to Run, Enter, and the
 * verdict is read out (it is in a live region). The editor's Tab indents, and
 * Escape then Tab leaves it, as the line under the editor says.
 */

const slug = '03-concurrency';
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-action') ?? document.activeElement?.className ?? '');

test('skip link, Tab to Run, Enter, and the verdict is announced', async ({ page }) => {
  test.setTimeout(150_000);
  // The learner's code is already saved on this device; the page is used from its top with the keyboard only.
  await page.addInitScript(([s, code]) => localStorage.setItem(`perf-workshop:v1:code:${s}`, code), [slug, referenceOf(slug)] as const);
  await openLesson(page, slug);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();

  let presses = 0;
  while ((await focused(page)) !== 'run') {
    await page.keyboard.press('Tab');
    if (++presses > 150) throw new Error('Run was not reached with Tab');
    // Whatever has focus shows it.
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    });
    expect(outline, `focus ring on ${await focused(page)}`).toBe(true);
  }
  await page.keyboard.press('Enter');
  const verdict = page.locator('[data-verdict]:not([hidden])');
  await expect(verdict).toBeVisible({ timeout: 90_000 });
  await expect(verdict).toHaveAttribute('data-verdict', 'pass');
  // Run disables itself while the run is under way (the focus goes to Stop), and gets it back once it is
  // done, so the focus is never lost to the page and Enter runs again.
  await expect(page.locator('[data-action="run"]')).toBeFocused();
  // The verdict sits in a polite live region, so a screen reader reads it when it arrives.
  expect(await verdict.evaluate((el) => el.closest('[aria-live]')?.getAttribute('aria-live'))).toBe('polite');
});

test('in the editor Tab indents, and Escape then Tab leaves it', async ({ page }) => {
  await openLesson(page, slug);
  await expect(page.locator('#editor-help')).toContainText('Esc');
  await page.locator('[data-editor] .view-lines').click();
  const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
  await page.keyboard.press('Tab');
  expect(await inEditor()).toBe(true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await inEditor()).toBe(false);
  // Back in the editor, Tab indents again.
  await page.locator('[data-editor] .view-lines').click();
  await page.keyboard.press('Tab');
  expect(await inEditor()).toBe(true);
});

test('the second skip link goes straight to the exercise: Run is a few Tabs away, past none of the prose', async ({ page }) => {
  await openLesson(page, slug);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the exercise' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#exercise')).toBeFocused();
  let presses = 0;
  while ((await focused(page)) !== 'run') {
    await page.keyboard.press('Tab');
    if (++presses > 3) throw new Error(`Run was not the first control of the exercise (focus on ${await focused(page)})`);
  }
});
