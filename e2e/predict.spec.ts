import { expect, test } from '@playwright/test';
import { openLesson, referenceOf, run, setCode, waitForEditor } from './support.ts';

/** Predict, then measure (src/ui/predict.ts): an optional guess, kept on the device, shown beside the run's figure. */

test('08: a guess of the round trips is kept across a reload and shown beside what the run measured', async ({ page }) => {
  await openLesson(page, '08-batching');
  const form = page.locator('[data-predict]');
  await expect(form).toContainText('how many round trips');
  await form.getByRole('textbox').fill('2');
  await form.getByRole('button', { name: 'Keep my guess' }).click();
  await expect(form.locator('[data-predict-saved]')).toHaveText(/Kept/);

  await page.reload();
  await waitForEditor(page);
  await expect(page.locator('[data-predict]').getByRole('textbox')).toHaveValue('2');
  await setCode(page, referenceOf('08-batching'));
  await run(page);
  await expect(page.locator('[data-predict-result]')).toHaveText(
    'You predicted 2 round trips; this run measured 2 round trips (round trips to price the 100-line cart).',
  );
});

test('03: a guess written but never kept still counts when Run is pressed', async ({ page }) => {
  await openLesson(page, '03-concurrency');
  await page.locator('[data-predict]').getByRole('textbox').fill('3x');
  await setCode(page, referenceOf('03-concurrency'));
  await run(page);
  await expect(page.locator('[data-predict-result]')).toHaveText(/^You predicted 3x; this run measured [\d.]+x\.$/);
});

test('a run without a guess shows no comparison, and a lesson without the question has no form', async ({ page }) => {
  await openLesson(page, '03-concurrency');
  await setCode(page, referenceOf('03-concurrency'));
  await run(page);
  await expect(page.locator('[data-predict-result]')).toBeHidden();
  await openLesson(page, '04-caching');
  await expect(page.locator('[data-predict]')).toHaveCount(0);
});
