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
  await expect(summary.nth(0)).toHaveText(/^Baseline: 57 requests in [\d,.]+ simulated ms, at most 1 in flight at once/);
  await expect(summary.nth(1)).toHaveText(/^Your code: 57 requests in [\d,.]+ simulated ms, at most 5 in flight/);
  // Each side's line of requests in flight is drawn to the scale of the busiest side.
  await expect(figure.locator('[data-timeline-caption]')).toContainText('from none at the row’s foot to 5, the most any side had');
  // The plot says the same to a screen reader.
  await expect(figure.locator('canvas')).toHaveAttribute('aria-label', /Your code: 57 requests .* at most 5 in flight/);

  const shown = figure.locator('[data-timeline-window]');
  const whole = await shown.textContent();
  expect(whole).toMatch(/^showing 0 to [\d,.]+ ms$/);
  const zoomIn = figure.getByRole('button', { name: 'Zoom in' });
  await zoomIn.click();
  await expect(shown).not.toHaveText(whole!);
  // Out undoes in.
  await figure.getByRole('button', { name: 'Zoom out' }).click();
  await expect(shown).toHaveText(whole!);
  // From the keyboard too: in, then later, moves the window off the start; Reset brings back the whole call.
  await zoomIn.focus();
  await page.keyboard.press('Enter');
  await figure.getByRole('button', { name: 'Later' }).click();
  await expect(shown).not.toHaveText(/^showing 0 to/);
  await figure.getByRole('button', { name: 'Reset' }).click();
  await expect(shown).toHaveText(whole!);
});

/** A side's summary sentence, read back: its requests and the most it had in flight at once. */
async function sideSummaries(page: import('@playwright/test').Page): Promise<{ text: string; requests: number; inFlight: number }[]> {
  const items = page.locator('[data-timeline] [data-timeline-summary] li');
  await expect(items).toHaveCount(3);
  return (await items.allInnerTexts()).map((text) => ({
    text,
    requests: Number(/: ([\d,]+) requests/.exec(text)?.[1]?.replace(/,/g, '')),
    inFlight: Number(/at most (\d+) in flight/.exec(text)?.[1]),
  }));
}

test('08: the baseline’s many round trips one after another become a few bulk calls, sent together', async ({ page }) => {
  await openLesson(page, '08-batching');
  await setCode(page, referenceOf('08-batching'));
  await run(page);
  const [baseline, mine, reference] = await sideSummaries(page);
  expect(baseline!.requests).toBeGreaterThan(10 * reference!.requests);
  expect(mine!.requests).toBe(reference!.requests);
  // The limit the lesson draws: the fewest bulk calls, sent together.
  await expect(page.locator('[data-timeline-caption]')).toContainText('The dashed line is the fastest any program could finish this workload');
  await expect(page.locator('[data-timeline] canvas')).toHaveAttribute('aria-label', new RegExp(`Reference: ${reference!.requests} requests`));
});

test('10: the baseline sends every request to one replica and leaves the others idle; the reference keeps four busy', async ({ page }) => {
  await openLesson(page, '10-scale-out');
  await setCode(page, referenceOf('10-scale-out'));
  await run(page);
  const [baseline, mine, reference] = await sideSummaries(page);
  expect(baseline!.requests).toBe(reference!.requests);
  expect(baseline!.inFlight).toBe(1);
  expect(baseline!.text).toMatch(/none to api-\w+, api-\w+, api-\w+/);
  expect(reference!.inFlight).toBe(4);
  expect(mine!.inFlight).toBe(4);
  expect(reference!.text).not.toMatch(/none to/);
});

test('09: the timeline is in minutes: the baseline has everyone on the new version and the fault failing all hour; the reference ramps and stops it', async ({ page }) => {
  await openLesson(page, '09-gradual-rollout');
  await setCode(page, referenceOf('09-gradual-rollout'));
  await run(page);
  const figure = page.locator('[data-timeline]');
  await expect(figure).toBeVisible();
  const summary = figure.locator('[data-timeline-summary] li');
  await expect(summary).toHaveCount(3);
  // One stretch at 100% per release, and a bar for each of the faulty hour’s 60 minutes.
  await expect(summary.nth(0)).toHaveText(/^Baseline: 62 bars in 120 simulated min/);
  // The model counts each side's minutes of the fault: all 60 for the baseline, a few for the reference.
  const model = figure.locator('[data-timeline-model]');
  await expect(model).toContainText('Baseline: 60 of 60.');
  const minutes = (who: string) => model.innerText().then((text) => Number(new RegExp(`${who}: (\\d+) of 60`).exec(text)?.[1]));
  expect(await minutes('Reference')).toBeLessThan(10);
  expect(await minutes('Your code')).toBe(await minutes('Reference'));
  await expect(figure.locator('[data-timeline-window]')).toHaveText(/^showing 0 to 120 min$/);
  await expect(figure.locator('[data-timeline-caption]')).not.toContainText('in flight');
});

test('05: a lesson timed for real draws no timeline, and says how each side’s time grows with n', async ({ page }) => {
  await openLesson(page, '05-data-structures');
  await setCode(page, referenceOf('05-data-structures'));
  await run(page);
  await expect(page.locator('[data-timeline]')).toBeHidden();
  // The names depend on the machine's timings; their form and every side's fit do not.
  const fit = /(about constant|about n|between n and n²|about n²|faster than n²|no clear growth) \(time ∝ n\^-?[\d.]+, R² [\d.]+\)/;
  const sentence = page.locator('[data-growth-fit]');
  for (const side of ['Baseline', 'Your code', 'Reference']) await expect(sentence).toContainText(new RegExp(`${side} ${fit.source}`));
});

test.describe('on a touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('03: the plot leaves the page’s own scrolling alone; the buttons zoom and pan', async ({ page }) => {
    await openLesson(page, '03-concurrency');
    await setCode(page, referenceOf('03-concurrency'));
    await run(page);
    const canvas = page.locator('[data-timeline] canvas');
    await expect(canvas).toBeVisible();
    expect(await canvas.evaluate((c) => getComputedStyle(c).touchAction)).not.toBe('none');
    await page.locator('[data-timeline]').getByRole('button', { name: 'Zoom in' }).tap();
    await expect(page.locator('[data-timeline-window]')).not.toHaveText(/^showing 0 to [\d,]+ ms$/);
  });
});
