import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { codeKey } from './bad-code.ts';
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
  // The runner is the only worker named worker-… or runner-… (Monaco's are editor.worker and ts.worker), or,
  // in the runner frame, whose origin is opaque, the only one started from a blob of that origin.
  const runnerWorkers: string[] = [];
  page.on('worker', (w) => {
    if (/\/(worker|runner)-[^/]*\.js$/.test(new URL(w.url()).pathname) || w.url().startsWith('blob:null/')) runnerWorkers.push(w.url());
  });
  // Saved learner code that says so when it runs: its top level prints a line.
  const slug = lessons[0]!;
  const starter = readFileSync(`exercises/${slug}/exercise.ts`, 'utf8');
  await page.addInitScript(([key, code]) => localStorage.setItem(key!, code!), [codeKey(slug), `${starter}\nconsole.log('the learner code ran');\n`]);
  await page.goto(`/lessons/${slug}/`);
  await expect(page.locator('article.prose h1')).toBeVisible();
  await expect(page.locator('[data-workbench][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  // The runner is made ready ahead of Run, with the lesson's own programs only.
  await expect.poll(() => runnerWorkers.length).toBe(1);
  await page.waitForTimeout(1_500);
  await expect(page.locator('[data-console]')).toBeHidden();
  await expect(page.locator('[data-verdict]:not([hidden])')).toHaveCount(0);
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-console]')).toContainText('the learner code ran');
  await expect(page.locator('[data-verdict]:not([hidden])')).toBeVisible({ timeout: 60_000 });
  // The run used the prepared worker; the next run's is made once it is over.
  await expect.poll(() => runnerWorkers.length).toBe(2);
});
