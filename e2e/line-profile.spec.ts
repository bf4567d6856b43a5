import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openLesson, referenceOf, run, setCode, starterOf } from './support.ts';

/**
 * "Where the time went" (src/ui/line-profile.ts): after a run on a lesson
 * timed for real, a profile run of its own shows each side's hottest lines,
 * sampled on a second thread, and marks the learner's in the editor.
 */

test('05: the profile puts the starter’s time on its per-order searches and marks them in the editor', async ({ page }) => {
  await openLesson(page, '05-data-structures');
  await run(page);
  const panel = page.locator('[data-line-profile]');
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Profile each side' }).click();

  const mine = panel.locator('[data-profile-side="candidate"]');
  await expect(mine).toBeVisible({ timeout: 60_000 });
  await expect(mine.locator('figcaption')).toContainText(/Your code sampled [\d,]+ times over [\d,]+ ms/);
  // The hottest line is one that searches a whole list for each order.
  const hottest = mine.locator('tbody tr').first();
  await expect(hottest.locator('code')).toHaveText(/includes|find/);
  const line = Number(await hottest.locator('button').innerText());
  expect(starterOf('05-data-structures').split('\n')[line - 1]).toMatch(/includes|find/);
  await expect(panel.locator('[data-profile-side="baseline"]')).toBeVisible();
  await expect(panel.locator('[data-profile-side="reference"]')).toBeVisible();

  // The editor marks the same line with its share.
  const note = page.locator('[data-editor] .hot-line-note').first();
  // (Monaco writes the note's spaces as no-break spaces.)
  await expect(note).toHaveText(/\d+%\sof\sthe\stime/);
  const share = Number(/(\d+)%/.exec((await hottest.locator('.profile-share').innerText()))![1]);
  await expect(page.locator('[data-editor] .hot-line-note', { hasText: new RegExp(`\\b${share}%\\sof`) })).toHaveCount(1);

  // The line's button takes the learner to it; an edit clears the marks, which belonged to the code as it was.
  await hottest.locator('button').click();
  await expect(page.locator('[data-editor] .monaco-editor')).toHaveClass(/focused/);
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await expect(page.locator('[data-editor] .hot-line-note')).toHaveCount(0);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { violations } = await new AxeBuilder({ page }).include('[data-line-profile]').analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  }
});

test('05: the reference’s profile has no line as hot as the starter’s searches', async ({ page }) => {
  await openLesson(page, '05-data-structures');
  await setCode(page, referenceOf('05-data-structures'));
  await run(page);
  await page.locator('[data-line-profile]').getByRole('button', { name: 'Profile each side' }).click();
  const mine = page.locator('[data-profile-side="candidate"]');
  await expect(mine).toBeVisible({ timeout: 60_000 });
  await expect(mine.locator('tbody tr').first().locator('code')).not.toHaveText(/includes\(order|groups\.find/);
});

test('03: a lesson on the virtual clock offers no profile (its timeline shows where the time went)', async ({ page }) => {
  await openLesson(page, '03-concurrency');
  await run(page);
  await expect(page.locator('[data-timeline]')).toBeVisible();
  await expect(page.locator('[data-line-profile]')).toBeHidden();
});
