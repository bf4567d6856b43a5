import { expect, test } from '@playwright/test';
import { lessons, openLesson, savedCode, setCode, starterOf } from './support.ts';

const slug = lessons[0]!;

test('edits survive a reload', async ({ page }) => {
  await openLesson(page, slug);
  const edited = `// my notes on this exercise\n${starterOf(slug)}`;
  await setCode(page, edited);
  await expect.poll(() => savedCode(page, slug)).toBe(edited);
  await page.reload();
  await openLesson(page, slug);
  await expect(page.locator('[data-editor] .view-lines')).toContainText('my notes on this exercise');
});

test('Reset restores the starter, and undo brings the edits back', async ({ page }) => {
  await openLesson(page, slug);
  const scratch = `// scratch\n${starterOf(slug)}`;
  await setCode(page, scratch);
  await expect.poll(() => savedCode(page, slug)).toBe(scratch);
  await page.locator('[data-action="reset"]').click();
  // The starter is not stored: an editor holding exactly the starter has nothing to save.
  await expect.poll(() => savedCode(page, slug)).toBeNull();
  await expect(page.locator('[data-editor] .view-lines')).not.toContainText('// scratch');
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => savedCode(page, slug)).toBe(scratch);
});

test('hints appear one at a time and the solution opens as a diff on request', async ({ page }) => {
  await openLesson(page, slug);
  await expect(page.locator('[data-hint]:not([hidden])')).toHaveCount(0);
  await page.locator('[data-action="hint"]').click();
  await expect(page.locator('[data-hint]:not([hidden])')).toHaveCount(1);
  await page.locator('[data-action="hint"]').click();
  await expect(page.locator('[data-hint]:not([hidden])')).toHaveCount(2);
  await expect(page.locator('dialog[data-solution]')).not.toBeVisible();
  await page.locator('[data-action="solution"]').click();
  await expect(page.locator('dialog[data-solution] .monaco-diff-editor')).toBeVisible();
});

test('after a Reset and a reload, Restore my code brings the code back, and earlier versions are listed', async ({ page }) => {
  await openLesson(page, slug);
  const mine = `// my own attempt\n${starterOf(slug)}`;
  await setCode(page, mine);
  await expect.poll(() => savedCode(page, slug)).toBe(mine);
  await page.locator('[data-action="reset"]').click();
  await expect.poll(() => savedCode(page, slug)).toBeNull();

  await page.reload();
  await openLesson(page, slug);
  const restore = page.locator('[data-action="restore"]');
  await expect(restore).toBeVisible();
  await expect(page.locator('[data-restore-message]')).toContainText('is kept on this device');
  await expect(page.locator('[data-restore-list] li')).toHaveCount(1);
  await restore.click();
  await expect.poll(() => savedCode(page, slug)).toBe(mine);
  await expect(page.locator('[data-editor] .view-lines')).toContainText('my own attempt');
  // Holding the learner's code again, the panel has nothing more to offer.
  await expect(page.locator('[data-restore]')).toBeHidden();
});
