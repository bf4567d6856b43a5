import { expect, test } from '@playwright/test';
import { allPages } from './pages.ts';
import { openLesson, waitForEditor } from './support.ts';

/**
 * "Nothing leaves this device unless you send it": no page asks anything of
 * another origin, editor and all, until the learner chooses real Node, which
 * says it connects to StackBlitz. (StackBlitz is blocked here, so the choice
 * falls back to the Web Worker and says why.)
 */

test('no page requests anything from another origin', async ({ page, context, baseURL }) => {
  test.setTimeout(240_000);
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) elsewhere.push(`${page.url()} → ${r.url()}`);
  });
  for (const path of allPages) {
    await page.goto(path);
    if (path.startsWith('/lessons/')) {
      await waitForEditor(page);
      // Editing wakes TypeScript's worker; that too comes from this site.
      await page.locator('[data-editor] .view-lines').click();
    }
    await page.waitForTimeout(300);
  }
  expect(elsewhere).toEqual([]);
});

test('real Node is offered, contacts StackBlitz only once chosen, and falls back saying why', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  await context.route((url) => url.origin !== origin, (route) => {
    elsewhere.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  await openLesson(page, '03-concurrency');
  const choice = page.locator('[data-runtime-switch]');
  await expect(choice).toBeVisible();
  await expect(choice.locator('option[value="webcontainer"]')).toHaveText('Run in real Node — connects to StackBlitz');
  await expect(page.locator('[data-runtime]')).toContainText('Web Worker · on this device');
  await page.waitForTimeout(1000);
  expect(elsewhere).toEqual([]);

  await choice.selectOption('webcontainer');
  await expect.poll(() => elsewhere.length, { timeout: 20_000 }).toBeGreaterThan(0);
  expect(elsewhere.every((url) => /stackblitz|webcontainer/i.test(new URL(url).hostname))).toBe(true);
  await expect(page.locator('[data-runtime]')).toContainText(/Web Worker · real Node unavailable: (boot timed out|boot failed)/, { timeout: 30_000 });
  await expect(choice).toHaveValue('worker');
});
