import { expect, test } from '@playwright/test';
import { lessons, openLesson, referenceOf, run, setCode } from './support.ts';

const slug = lessons.includes('03-concurrency') ? '03-concurrency' : lessons[0]!;
const STACKBLITZ = /stackblitz|webcontainer/i;

test('with StackBlitz blocked, the page runs in the Web Worker at once, then says why real Node is not used', async ({ page }) => {
  const blocked: string[] = [];
  await page.route((url) => STACKBLITZ.test(url.hostname), (route) => {
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  await openLesson(page, slug);
  const badge = page.locator('[data-runtime]');
  await expect(badge).toContainText('Web Worker');
  // No waiting for the boot: a run works while real Node is still trying to start.
  await setCode(page, referenceOf(slug));
  const first = await run(page);
  expect(first.verdict).toBe('pass');
  // Within the boot time limit the badge gives the reason, and stays on the worker.
  await expect(badge).toContainText(/Web Worker · (boot timed out|boot failed|offline|not cross-origin isolated|browser not supported)/, { timeout: 20_000 });
  await expect(page.locator('[data-runtime-switch]')).toBeHidden();
  await expect(page.locator('[data-results] .details')).toContainText('runtime: Web Worker');
});

test('a real WebContainer boots and runs the lesson in Node', async ({ page }) => {
  test.skip(!process.env.WEBCONTAINER_NETWORK, 'needs network access to StackBlitz; set WEBCONTAINER_NETWORK=1 where it is reachable');
  await openLesson(page, slug);
  await expect(page.locator('[data-runtime]')).toContainText('Real Node', { timeout: 60_000 });
  await setCode(page, referenceOf(slug));
  const result = await run(page);
  expect(result.verdict).toBe('pass');
  await expect(page.locator('[data-results] .details')).toContainText('webcontainer');
});
