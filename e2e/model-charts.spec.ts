import { expect, test } from '@playwright/test';
import { openLesson, referenceOf, run, setCode } from './support.ts';

/**
 * The charts of the model behind the number: the latency plot
 * (src/ui/latency-chart.ts) and threads against Amdahl's law
 * (src/ui/amdahl-chart.ts), on the lessons that report them.
 */

test('10: each side’s latency by percentile, the baseline’s tail far above the reference’s', async ({ page }) => {
  await openLesson(page, '10-scale-out');
  await setCode(page, referenceOf('10-scale-out'));
  await run(page);
  const figure = page.locator('[data-latency]');
  await expect(figure).toBeVisible();
  const label = (await figure.locator('canvas').getAttribute('aria-label')) ?? '';
  const p99 = (side: string) => Number(new RegExp(`${side}: p50 [\\d,.]+ ms, p99 ([\\d,.]+) ms, p99\\.9 [\\d,.]+ ms, max [\\d,.]+ ms`).exec(label)?.[1]?.replace(/,/g, ''));
  expect(p99('Baseline')).toBeGreaterThan(10 * p99('Reference'));
  expect(p99('Your code')).toBe(p99('Reference'));

  // Part (b): each side's threads against its Amdahl curve. The baseline sends nothing to the pool: all serial.
  const amdahl = page.locator('[data-amdahl]');
  await expect(amdahl).toBeVisible();
  const threads = (await amdahl.locator('canvas').getAttribute('aria-label')) ?? '';
  expect(threads).toMatch(/this machine has \d+ cores?\./);
  expect(threads).toMatch(/Baseline: 100% serial, 1x measured with 1 thread at work, where the law allows 1x/);
  expect(threads).toMatch(/Reference: [\d.]+% serial, [\d.]+x measured with \d+ threads? at work, where the law allows [\d.]+x/);
});

test('03: a lesson with no latency distribution draws no latency plot', async ({ page }) => {
  await openLesson(page, '03-concurrency');
  await setCode(page, referenceOf('03-concurrency'));
  await run(page);
  await expect(page.locator('[data-timeline]')).toBeVisible();
  await expect(page.locator('[data-latency]')).toBeHidden();
  await expect(page.locator('[data-amdahl]')).toBeHidden();
});
