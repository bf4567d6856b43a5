/**
 * npm run bench:timeline [-- --calls 15]
 *
 * A benchmark, not a test: what the timeline costs (src/core/trace.ts records
 * it, src/ui/timeline.ts draws it).
 *
 * 1. Drawing, in headless Chromium on the built site (`npm run build`
 *    first): lesson 10's reference, whose timeline has 2,000 bars per side
 *    (6,000 in all), from Run to the drawn timeline, then zoom and pan. It
 *    prints the longest task on the page's main thread (the Long Tasks API)
 *    and how many took over 100 ms.
 * 2. Recording, in Node: for each lesson whose spec has a timeline, the same calls of
 *    the reference with and without a recorder on their clock, alternated,
 *    on the same workloads. It prints the median real time per call each way
 *    and the difference. A run records one call per side (its first timed
 *    round's), so what a whole run pays is that difference once per side.
 */
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/browser.ts';
import { referenceOf, setCode, waitForEditor } from '../e2e/support.ts';
import type { LessonSpec } from '../src/core/lesson.ts';
import { Run } from '../src/core/measure/run.ts';
import type { Side } from '../src/core/result.ts';
import { listLessons, readLessonSources } from '../src/lessons/files.ts';
import { evaluateInSandbox, lockdownOnce } from '../src/runner/sandbox.ts';
import { transpile } from '../src/runner/transform.ts';
import { startPreview } from './preview-server.ts';

const argv = process.argv.slice(2);
const calls = Number(argv[argv.indexOf('--calls') + 1] || 15);
const specOf = async (slug: string) => (await import(`../exercises/${slug}/spec.ts`)).default as LessonSpec<unknown, unknown>;
/** Every lesson whose spec draws a timeline. */
const LESSONS: string[] = [];
for (const slug of await listLessons()) if ((await specOf(slug)).timeline) LESSONS.push(slug);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function recordingCost(slug: string): Promise<string> {
  const spec = await specOf(slug);
  const sources = await readLessonSources(slug);
  let copies = 0;
  const evaluate = (source: string) => evaluateInSandbox(transpile(source), { sourceUrl: 'reference.ts', seed: 1 + copies++, console: () => {} });
  const subjects = { baseline: evaluate(sources.baseline), candidate: evaluate(sources.reference), reference: evaluate(sources.reference) };
  await spec.warm?.(subjects);
  const run = new Run(spec, subjects, {
    env: { runtime: 'node', version: process.version, crossOriginIsolated: false, timerTickMs: 0 },
    seed: 7,
    load: () => evaluate(sources.reference),
  });
  const side: Side = 'reference';
  await run.setUp('candidate');
  const times = { plain: [] as number[], traced: [] as number[] };
  for (let i = 0; i < calls; i++) {
    // The same workload both ways, in alternating order.
    for (const traced of i % 2 === 0 ? [false, true] : [true, false]) {
      const t0 = performance.now();
      await run.once(side, 1000 + i, spec.size, traced);
      times[traced ? 'traced' : 'plain'].push(performance.now() - t0);
    }
  }
  const plain = median(times.plain);
  const traced = median(times.traced);
  return `${slug.padEnd(20)} ${plain.toFixed(1).padStart(7)} ms plain, ${traced.toFixed(1).padStart(7)} ms traced per call (${(((traced - plain) / plain) * 100).toFixed(1)}%)`;
}

console.log('Drawing: lesson 10, Run to a drawn timeline, then zoom and pan (the page’s main thread)');
const port = Number(process.env.E2E_PORT ?? 4405);
const preview = await startPreview(port);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL: preview.base });
  // The page's long tasks, and when the verdict and then the timeline were shown (seen by a MutationObserver).
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; ms: number }[]; shown: Record<string, number> };
    w.longTasks = [];
    w.shown = {};
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push({ start: e.startTime, ms: e.duration }))).observe({
      type: 'longtask',
      buffered: true,
    });
    document.addEventListener('DOMContentLoaded', () => {
      const note = (name: string, selector: string) => {
        if (!(name in w.shown) && document.querySelector(`${selector}:not([hidden])`)) w.shown[name] = performance.now();
      };
      new MutationObserver(() => {
        note('verdict', '[data-verdict]');
        note('timeline', '[data-timeline]');
      }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['hidden'] });
    });
  });
  await page.goto('/lessons/10-scale-out/');
  await waitForEditor(page);
  await setCode(page, referenceOf('10-scale-out'));
  const now = () => page.evaluate(() => performance.now());
  const clicked = await now();
  await page.locator('[data-action="run"]').click();
  await page.locator('[data-timeline-summary] li').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  const bars = (await page.locator('[data-timeline-summary] li').allInnerTexts())
    .map((text) => Number(/: ([\d,]+) requests/.exec(text)?.[1]?.replace(/,/g, '') ?? 0))
    .reduce((a, b) => a + b, 0);
  const zoomed = await now();
  for (const name of ['Zoom in', 'Zoom in', 'Later', 'Later', 'Zoom out', 'Reset']) {
    await page.locator('[data-timeline]').getByRole('button', { name }).click();
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(500);
  const { longTasks, shown } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; ms: number }[]; shown: Record<string, number> };
    return { longTasks: w.longTasks, shown: w.shown };
  });
  // A task belongs to the phase in which it ends: the verdict's task ends as the verdict shows, the drawing's as the timeline does.
  const phases = [
    { phase: 'the run, up to its verdict', from: clicked, to: shown.verdict! + 1 },
    { phase: 'drawing the timeline', from: shown.verdict! + 1, to: Math.max(shown.timeline! + 1, zoomed) },
    { phase: 'zoom and pan', from: zoomed, to: Infinity },
  ];
  console.log(`${bars.toLocaleString('en')} bars on the timeline; the page's tasks over 50 ms:`);
  for (const { phase, from, to } of phases) {
    const mine = longTasks.filter((t) => t.start + t.ms >= from && t.start + t.ms < to).map((t) => t.ms);
    const longest = mine.length > 0 ? Math.max(...mine) : 0;
    console.log(`  ${phase.padEnd(28)} ${mine.length} over 50 ms, the longest ${longest.toFixed(0)} ms, ${mine.filter((ms) => ms > 100).length} over 100 ms`);
  }
} finally {
  await browser.close();
  preview.stop();
}

console.log(`\nRecording: the reference's real time per call, median of ${calls}, without and with a recorder`);
// After the browser part: Playwright cannot run once SES has locked the built-ins down.
lockdownOnce();
for (const slug of LESSONS) {
  try {
    console.log(await recordingCost(slug));
  } catch (error) {
    console.log(`${slug.padEnd(20)} not measured here: ${(error as Error).message}`);
  }
}

