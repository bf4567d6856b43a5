import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { lessons, openLesson, read, referenceOf, run, runUntilDecided, savedCode, setCode } from './support.ts';

// For every lesson: the starter runs and does not pass; the reference solution, typed in, passes.
for (const slug of lessons) {
  test.describe(slug, () => {
    test('the starter runs and does not pass', async ({ page }) => {
      await openLesson(page, slug);
      const { verdict } = await run(page);
      // A fail, not an error: the starter runs to the end and is judged.
      expect(verdict).toBe('fail');
      await expect(page.locator('[data-counters] table')).toBeVisible();
      await expect(page.locator('.chart canvas')).toBeVisible();
    });

    test('the reference solution typed into the editor passes', async ({ page }) => {
      await openLesson(page, slug);
      const reference = referenceOf(slug);
      await setCode(page, reference);
      await expect.poll(() => savedCode(page, slug)).toBe(reference);
      // It never fails or errs; an inconclusive timing on a busy machine is run again.
      const { verdict, text } = await runUntilDecided(page);
      expect(text).toMatch(/passed/);
      expect(verdict).toBe('pass');
      await page.goto('/');
      await expect(page.locator(`.lesson-card[data-slug="${slug}"]`)).toHaveClass(/passed/);
    });
  });
}

// A fast but wrong answer is reported as incorrect, with what differs.
for (const slug of lessons.filter((s) => existsSync(`fixtures/${s}/wrong-fast.ts`))) {
  test(`${slug}: a fast but wrong answer is reported as incorrect`, async ({ page }) => {
    await openLesson(page, slug);
    await setCode(page, read(`fixtures/${slug}/wrong-fast.ts`));
    const { verdict, text } = await run(page);
    expect(verdict).toBe('fail');
    expect(text).toMatch(/incorrect: for input #\d+ .{20,}/i);
  });
}
