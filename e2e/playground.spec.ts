import { expect, test, type Page } from '@playwright/test';
import { parsePlayground, type PlaygroundFile } from '../src/playground/file.ts';
import { encodeLink } from '../src/playground/link.ts';
import { openExample, openLesson, openPlayground, read, setCode } from './support.ts';

/**
 * The playground in real Chromium: an example runs to its verdict, a shared
 * link opens with its code and runs nothing until Run, a garbled link opens
 * an empty playground with a message, a snippet that never ends is stopped
 * while the page stays responsive, and edits survive a reload.
 */

const example = (name: string) => parsePlayground(read(`examples/playground/${name}.ts`));


async function runToReport(page: Page): Promise<string> {
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-report]')).toBeVisible({ timeout: 60_000 });
  return (await page.locator('[data-verdicts]').innerText()).replace(/\s+/g, ' ');
}

const snippetNames = (page: Page) => page.locator('[data-snippet-name]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

test('an example opens from the menu, runs, and an A/A pair reads as no measurable difference', async ({ page }) => {
  await openPlayground(page);
  await openExample(page, 'a-a');
  await expect(page.locator('[data-message]')).toContainText('Nothing has run yet');
  expect(await snippetNames(page)).toEqual(example('a-a').snippets.map((s) => s.name));
  const verdicts = await runToReport(page);
  expect(verdicts).toMatch(/A again: no measurable difference from A \(its interval runs from [\d.]+x slower to [\d.]+x faster\)/);
  await expect(page.locator('[data-table] tbody tr')).toHaveCount(2);
  await expect(page.locator('[data-env]')).toContainText(/timer tick [\d.]+ µs, cross-origin isolated/);
});

test('a clear pair is found faster, with its interval', async ({ page }) => {
  await openPlayground(page);
  await openExample(page, 'await-loop-vs-all');
  const verdicts = await runToReport(page);
  expect(verdicts).toMatch(/Promise\.all: [\d.]+x faster than await in a loop \(interval from [\d.]+x faster to [\d.]+x faster\)/);
  await expect(page.locator('[data-env]')).toContainText('timed until it settled');
});

test('a shared link opens with its code and runs nothing until Run is pressed', async ({ page }) => {
  const file: PlaygroundFile = { ...example('a-a'), options: { ...example('a-a').options, title: 'From a link' } };
  const started: string[] = [];
  page.on('console', (message) => started.push(message.text()));
  await openPlayground(page, encodeLink(file));
  await expect(page.locator('[data-message]')).toContainText('Opened from a link. Nothing has run yet');
  await expect(page.locator('[data-option="title"]')).toHaveValue('From a link');
  // The address no longer carries the link: a reload opens the draft, with whatever was edited since.
  expect(new URL(page.url()).hash).toBe('');
  await page.waitForTimeout(1500);
  await expect(page.locator('[data-report]')).toBeHidden();
  await expect(page.locator('[data-playground]')).toHaveAttribute('data-running', 'false');
  expect(await runToReport(page)).toContain('no measurable difference');
});

test('a link carrying results shows them, and the viewer’s own beside them after a run', async ({ page }) => {
  const file = example('a-a');
  const shared = {
    label: 'Firefox 140 on macOS, 8 cores',
    at: '2026-12-01T10:00:00.000Z',
    crossOriginIsolated: true,
    timerTickMs: 0.02,
    baseline: 'A',
    snippets: [
      { name: 'A', time: { median: 0.004, low: 0.0038, high: 0.0042 } },
      { name: 'A again', time: { median: 0.004, low: 0.0038, high: 0.0042 }, speedup: { median: 1, low: 0.75, high: 1.33 }, comparison: 'same' as const },
    ],
  };
  await openPlayground(page, encodeLink(file, [shared]));
  const table = page.locator('[data-shared-table]');
  await expect(table).toContainText('Firefox 140 on macOS, 8 cores');
  await expect(table).toContainText('4 µs');
  await runToReport(page);
  await expect(table).toContainText('(this device)');
});

test('a garbled or cut link opens an empty playground and says what is wrong, and the draft is kept', async ({ page }) => {
  const link = encodeLink(example('a-a'));
  await openPlayground(page);
  await page.locator('[data-option="title"]').fill('My draft');
  await page.waitForTimeout(600);
  for (const [fragment, words] of [
    ['#pg1.not%20base64!', 'characters a playground link never has'],
    [link.slice(0, link.length - 10), 'cut short or damaged'],
    ['#pg9.AAAA', 'format 9'],
  ] as const) {
    await openPlayground(page, fragment);
    await expect(page.locator('[data-message]')).toContainText(words);
    await expect(page.locator('[data-message]')).toContainText('An empty playground is open instead');
    expect(await snippetNames(page)).toEqual(['first', 'second']);
  }
  await page.locator('[data-saved] summary').click();
  // Kept once, under its title: the empty playgrounds the links opened were not edited, so none of them is kept.
  await expect(page.locator('[data-saved-list] li')).toHaveCount(1);
  await expect(page.locator('[data-saved-list]')).toContainText('My draft');
});

test('a snippet that never ends is stopped, and the page stays responsive', async ({ page }) => {
  const file = example('a-a');
  const looping: PlaygroundFile = { ...file, snippets: [file.snippets[0]!, { name: 'loops', code: 'export function run() {\n  while (true) {}\n}' }] };
  await openPlayground(page, encodeLink(looping));
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-playground]')).toHaveAttribute('data-running', 'true');
  // The page answers while the snippet holds its worker's thread.
  await page.waitForTimeout(1000);
  const answered = await page.evaluate(() => new Promise<number>((resolve) => {
    const t0 = performance.now();
    setTimeout(() => resolve(performance.now() - t0), 0);
  }));
  expect(answered).toBeLessThan(500);
  await expect(page.locator('[data-status]')).toContainText('never paused', { timeout: 20_000 });
  await expect(page.locator('[data-action="run"]')).toBeEnabled();
});

test('an error is put on its snippet’s line, and Stop ends a run at once', async ({ page }) => {
  const file = example('a-a');
  const throwing: PlaygroundFile = { ...file, snippets: [file.snippets[0]!, { name: 'throws', code: 'export function run() {\n  throw new RangeError("no");\n}' }] };
  await openPlayground(page, encodeLink(throwing));
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-status]')).toContainText('Snippet `throws` threw RangeError: no (line 2)', { timeout: 30_000 });
  await expect(page.locator('.pg-snippet').nth(1).locator('.squiggly-error')).toHaveCount(1);

  // The setup's own mistakes are the setup's, not the first snippet's.
  await openPlayground(page, encodeLink({ ...file, setup: 'export function setup() {\n  return new Promise(() => {});\n}' }));
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-status]')).toContainText('The setup: setup() returned a promise', { timeout: 30_000 });

  await openPlayground(page, encodeLink(example('includes-vs-set')));
  await page.locator('[data-action="run"]').click();
  await page.locator('[data-action="stop"]').click();
  await expect(page.locator('[data-status]')).toContainText('you pressed Stop');
});

test('an edit survives a reload, and a saved playground can be opened again', async ({ page }) => {
  await openPlayground(page);
  await openExample(page, 'concat-vs-join');
  await page.locator('[data-option="title"]').fill('My own title');
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.locator('[data-playground][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  await expect(page.locator('[data-option="title"]')).toHaveValue('My own title');
  await page.locator('[data-saved] summary').click();
  await page.locator('[data-save-name]').fill('joins');
  await page.locator('[data-save-form] button[type="submit"]').click();
  await page.locator('[data-action="new"]').click();
  await expect(page.locator('[data-option="title"]')).toHaveValue('');
  await page.locator('[data-saved-list] button', { hasText: 'joins' }).click();
  await expect(page.locator('[data-option="title"]')).toHaveValue('My own title');
});

test('"Open in the playground" on a lesson brings the learner’s code beside the baseline, timed on the lesson’s inputs', async ({ page }) => {
  await openLesson(page, '03-concurrency');
  const mine = `${read('solutions/03-concurrency/exercise.ts')}\n// my version\n`;
  await setCode(page, mine);
  await page.locator('[data-action="playground"]').click();
  await expect(page.locator('[data-playground][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  expect(await snippetNames(page)).toEqual(['baseline', 'your code']);
  await expect(page.locator('[data-message]')).toContainText('Your code from lesson 03-concurrency');
  await expect(page.locator('[data-setup-part]')).toBeHidden();
  await expect(page.locator('[data-option="size"]')).toBeHidden();
  await expect(page.locator('[data-option="sizes"]')).toBeHidden();
  await expect(page.locator('[data-lesson-note]')).toContainText('lesson 03-concurrency');
  await expect(page.locator('[data-report]')).toBeHidden();
  const verdicts = await runToReport(page);
  expect(verdicts).toMatch(/your code: [\d.]+x faster than baseline/);
  await expect(page.locator('[data-env]')).toContainText("simulated clock");
  // A second version of their own joins as a third snippet, and is compared too.
  await page.locator('[data-action="add-snippet"]').click();
  expect(await snippetNames(page)).toEqual(['baseline', 'your code', 'snippet 3']);
  await runToReport(page);
  await expect(page.locator('[data-table] tbody tr')).toHaveCount(3);
});

test('after one visit the playground opens and runs offline', async ({ page, context }) => {
  await openPlayground(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // The page keeps what it loaded, and the runner's scripts, once its service worker runs (src/ui/offline.ts).
  const cached = () =>
    page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
  await expect.poll(async () => new Set((await cached()).filter((url) => url === '/playground/' || /\/_astro\/runner-[^/]+\.js$/.test(url)).map((url) => url.replace(/-[^/]+$/, ''))).size, { timeout: 20_000 }).toBe(2);
  await expect.poll(async () => (await cached()).some((url) => /\/_astro\/editor\.[^/]+\.js$/.test(url)), { timeout: 20_000 }).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('[data-playground][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  await openExample(page, 'a-a');
  expect(await runToReport(page)).toContain('no measurable difference');
  await context.setOffline(false);
});
