import { expect, test, type Page } from '@playwright/test';
import { allPages, lessonPages } from './pages.ts';
import { openLesson, run, waitForEditor } from './support.ts';

/**
 * Every page fits a phone (360 and 390 px wide): nothing wider than the screen, and every
 * control on screen horizontally, so none is cut off or needs a sideways
 * scroll. On a lesson page the prose, the editor and the results stack in
 * that order. On a wide screen the editor keeps its height after a run.
 */

const phone = { width: 390, height: 844 };

/** Controls whose box runs past the left or right edge of the viewport, by their text. */
async function controlsOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, select, input, textarea, summary')];
    return controls
      .filter((c) => c.getClientRects().length > 0 && getComputedStyle(c).visibility !== 'hidden')
      // The skip link waits above the page until it is focused; inside a scrolling box, a control is reached by scrolling that box.
      .filter((c) => !c.classList.contains('skip-link') && !c.closest('.monaco-editor, pre, .room-table-wrap, .counters, table'))
      .filter((c) => {
        const box = c.getBoundingClientRect();
        return box.left < -1 || box.right > width + 1;
      })
      .map((c) => `${c.tagName.toLowerCase()} "${(c.textContent ?? c.getAttribute('aria-label') ?? '').trim().slice(0, 40)}"`);
  });
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

// The narrowest phone we support, and a common one.
for (const viewport of [{ width: 360, height: 780 }, phone]) {
  test.describe(`on a ${viewport.width} px phone`, () => {
    test.use({ viewport, hasTouch: true, isMobile: true });

    for (const path of allPages) {
      test(`${path} fits ${viewport.width} px`, async ({ page }) => {
        await page.goto(path);
        if (lessonPages.includes(path)) await waitForEditor(page);
        expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
        expect(await controlsOffScreen(page)).toEqual([]);
      });
    }
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: phone, hasTouch: true, isMobile: true });

  test('a lesson stacks prose, editor and results, and still fits after a run', async ({ page }) => {
    test.setTimeout(180_000);
    await openLesson(page, '03-concurrency');
    const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
    const prose = await top('article.prose');
    const editor = await top('[data-editor]');
    const results = await top('[data-results]');
    expect(prose).toBeLessThan(editor);
    expect(editor).toBeLessThan(results);
    for (const action of ['run', 'stop', 'reset', 'hint', 'solution']) {
      await expect(page.locator(`[data-action="${action}"]`)).toBeInViewport();
    }
    await run(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(phone.width);
    expect(await controlsOffScreen(page)).toEqual([]);
  });
});

test('on a wide screen the editor keeps its height after a run, and the results scroll on their own', async ({ page }) => {
  test.setTimeout(180_000);
  await openLesson(page, '01-async-io');
  const height = async () => (await page.locator('[data-editor]').boundingBox())!.height;
  const before = await height();
  expect(before).toBeGreaterThan(300);
  await run(page);
  expect(await height()).toBe(before);
  // The page itself does not scroll; the results box does.
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1)).toBe(true);
  const output = page.locator('.workbench-output');
  expect(await output.evaluate((el) => getComputedStyle(el).overflowY)).toBe('auto');
});

test('on a wide screen every diagram and code block of the prose fits its box, with no sideways scroll', async ({ page }) => {
  const tooWide: string[] = [];
  for (const path of lessonPages) {
    await page.goto(path);
    const wide = await page.locator('article.prose pre').evaluateAll((blocks) =>
      blocks.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => (b.textContent ?? '').trim().split('\n')[0]!.slice(0, 50)),
    );
    tooWide.push(...wide.map((first) => `${path}: ${first}`));
  }
  expect(tooWide).toEqual([]);
});
