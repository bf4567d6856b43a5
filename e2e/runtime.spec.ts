import { expect, test } from '@playwright/test';
import { lessons, openLesson, referenceOf, run, setCode } from './support.ts';

const slug = lessons.includes('03-concurrency') ? '03-concurrency' : lessons[0]!;

test('the page runs in the Web Worker from the start, without booting real Node', async ({ page }) => {
  const containerModules: string[] = [];
  page.on('request', (r) => {
    if (/webcontainer|\/container\/(?!manifest\.json)/i.test(new URL(r.url()).pathname)) containerModules.push(r.url());
  });
  await openLesson(page, slug);
  await expect(page.locator('[data-runtime]')).toContainText('Web Worker');
  await setCode(page, referenceOf(slug));
  expect((await run(page)).verdict).toBe('pass');
  await expect(page.locator('[data-results] .details')).toContainText('runtime: Web Worker');
  // Real Node's code and bundle are fetched only when it is chosen (see privacy.spec.ts).
  expect(containerModules).toEqual([]);
});

test('a real WebContainer boots when chosen and runs the lesson in Node', async ({ page }) => {
  test.skip(!process.env.WEBCONTAINER_NETWORK, 'needs network access to StackBlitz; set WEBCONTAINER_NETWORK=1 where it is reachable');
  await openLesson(page, slug);
  await page.locator('[data-runtime-switch]').selectOption('webcontainer');
  await expect(page.locator('[data-runtime]')).toContainText('Real Node', { timeout: 60_000 });
  await setCode(page, referenceOf(slug));
  const result = await run(page);
  expect(result.verdict).toBe('pass');
  await expect(page.locator('[data-results] .details')).toContainText('webcontainer');
});
