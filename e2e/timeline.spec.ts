import { expect, test } from '@playwright/test';
import { openLesson, referenceOf, run, setCode } from './support.ts';

/** The timeline of one call (src/ui/timeline.ts), on a lesson about waiting and on one timed for real. */

test('03: the timeline shows the baseline one request at a time and the reference five at once, and zooms', async ({ page }) => {
  await openLesson(page, '03-concurrency');
  await setCode(page, referenceOf('03-concurrency'));
  await run(page);
  const figure = page.locator('[data-timeline]');
  await expect(figure).toBeVisible();
  const summary = figure.locator('[data-timeline-summary] li');
  await expect(summary).toHaveCount(3);
  await expect(summary.nth(0)).toHaveText(/^Baseline: 57 requests in [\d,.]+ simulated ms, at most 1 in flight/);
  await expect(summary.nth(1)).toHaveText(/^Your code: 57 requests in [\d,.]+ simulated ms, at most 5 in flight/);
  // The plot says the same to a screen reader.
  await expect(figure.locator('canvas')).toHaveAttribute('aria-label', /Your code: 57 requests .* at most 5 in flight/);

  const shown = figure.locator('[data-timeline-window]');
  const whole = await shown.textContent();
  expect(whole).toMatch(/^showing 0 to [\d,.]+ ms$/);
  await figure.getByRole('button', { name: 'Zoom in' }).click();
  await expect(shown).not.toHaveText(whole!);
  await figure.getByRole('button', { name: 'Reset' }).click();
  await expect(shown).toHaveText(whole!);
});

test('05: a lesson timed for real draws no timeline, and says how each side’s time grows with n', async ({ page }) => {
  await openLesson(page, '05-data-structures');
  await setCode(page, referenceOf('05-data-structures'));
  await run(page);
  await expect(page.locator('[data-timeline]')).toBeHidden();
  // The names depend on the machine's timings; their form and every side's fit do not.
  const fit = /about (constant|n|n²|faster than n²) \(time ∝ n\^-?[\d.]+, R² [\d.]+\)/;
  const sentence = page.locator('[data-growth-fit]');
  for (const side of ['Baseline', 'Your code', 'Reference']) await expect(sentence).toContainText(new RegExp(`${side} ${fit.source}`));
});
