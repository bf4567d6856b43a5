import { expect, test } from '@playwright/test';
import { lessons } from './support.ts';

test('the home page lists all ten lessons in order, the unwritten ones as coming', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('.lesson-card');
  await expect(cards).toHaveCount(10);
  await expect(page.locator('.lesson-card:not(.coming) a')).toHaveCount(lessons.length);
  await expect(cards.first()).toContainText('01');
  const coming = page.locator('.lesson-card.coming');
  await expect(coming).toHaveCount(10 - lessons.length);
  for (const card of await coming.all()) await expect(card).toContainText('coming');
});

test('the prose is readable before the editor arrives, and no learner code runs without a click', async ({ page }) => {
  // The runner is the only worker named worker-… or runner-… (Monaco's are editor.worker and ts.worker).
  const runnerWorkers: string[] = [];
  page.on('worker', (w) => {
    if (/\/(worker|runner)-[^/]*\.js$/.test(new URL(w.url()).pathname)) runnerWorkers.push(w.url());
  });
  await page.goto(`/lessons/${lessons[0]}/`);
  await expect(page.locator('article.prose h1')).toBeVisible();
  await expect(page.locator('[data-workbench][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  await page.waitForTimeout(500);
  expect(runnerWorkers).toEqual([]);
  await page.locator('[data-action="run"]').click();
  await expect.poll(() => runnerWorkers.length).toBe(1);
});
