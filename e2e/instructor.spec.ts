import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { encodeResultsCode, resultsToJson, sealResults, type LessonResult, type ResultsFile } from '../src/instructor/results-format.ts';
import { openLesson, referenceOf, run, savedCode, setCode } from './support.ts';

/**
 * The instructor's side: the facilitator view (agenda, timer, presenter
 * notes, room results) and the learner's "Export my results". Results files
 * are made with the same encoder the page uses, or exported from a real run.
 */

const at = '2026-11-29T10:00:00.000Z';
const passed = (bestSpeedup: number, counters: Record<string, number> = {}): LessonResult => ({
  passed: true,
  bestSpeedup,
  counters,
  runtime: 'worker',
  browser: 'Chrome 156 on Linux',
  at,
});
const tried: LessonResult = { passed: false, bestSpeedup: null, counters: {}, runtime: null, browser: null, at };

function learner(name: string, lessons: Record<string, LessonResult>): ResultsFile {
  return sealResults({ learner: name, lessons, exportedAt: new Date('2026-11-29T12:00:00Z') });
}

const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

async function openFacilitator(page: Page): Promise<void> {
  await page.goto('/instructor/');
  await expect(page.locator('[data-facilitator][data-ready="true"]')).toBeAttached();
}

/** Pixels the chart has drawn, so "a chart" means more than an empty canvas. */
async function inkOnChart(page: Page): Promise<number> {
  return page.locator('[data-room-chart]').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
    return ink;
  });
}

test.beforeEach(async ({ page }) => {
  // Each test starts with an empty room and a fresh timer.
  await page.goto('/instructor/');
  await page.evaluate(() => localStorage.clear());
});

test('the facilitator view shows the agenda and presenter notes, and its timer counts down, pauses and resets', async ({ page }) => {
  await page.clock.install();
  await openFacilitator(page);
  await expect(page.locator('.agenda [data-agenda-slug]')).toHaveCount(10);
  await expect(page.locator('.agenda')).toContainText('09:00');
  await expect(page.locator('.agenda')).toContainText('Lunch');

  // The first lesson is current: its notes are shown, the timer holds its exercise's time box.
  const notes = page.locator('[data-notes="01-async-io"]');
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('Say before the exercise');
  await expect(notes).toContainText('Common mistakes');
  await expect(page.locator('[data-timer-digits]')).toHaveText('25:00');

  // Picking a lesson shows its notes and sets the timer to its exercise.
  await page.locator('[data-select-lesson="03-concurrency"]').click();
  await expect(page.locator('[data-notes="03-concurrency"]')).toBeVisible();
  await expect(notes).toBeHidden();
  await expect(page.locator('[data-timer-label]')).toHaveText('03 Run independent work at the same time · exercise');
  await expect(page.locator('[data-timer-digits]')).toHaveText('30:00');
  await expect(page.locator('[data-notes="03-concurrency"] a', { hasText: 'Reference solution' })).toHaveAttribute('href', '/instructor/solutions/03-concurrency/');

  await page.locator('[data-timer-toggle]').click();
  await expect(page.locator('[data-timer-toggle]')).toHaveText('Pause');
  await page.clock.fastForward('05:00');
  await expect(page.locator('[data-timer-digits]')).toHaveText('25:00');
  await page.locator('[data-timer-toggle]').click();
  await page.clock.fastForward('02:00');
  await expect(page.locator('[data-timer-digits]')).toHaveText('25:00');
  await expect(page.locator('[data-timer-toggle]')).toHaveText('Resume');

  // Space resumes; past the time box the clock shows overtime.
  await page.locator('body').press(' ');
  await page.clock.fastForward('26:00');
  await expect(page.locator('[data-timer-digits]')).toHaveText('-1:00');
  await expect(page.locator('[data-timer]')).toHaveAttribute('data-state', 'overtime');

  // A reload keeps the clock running where it was.
  await page.reload();
  await expect(page.locator('[data-notes="03-concurrency"]')).toBeVisible();
  await expect(page.locator('[data-timer-digits]')).toHaveText('-1:00');

  await page.locator('[data-timer-reset]').click();
  await expect(page.locator('[data-timer-digits]')).toHaveText('30:00');
  await page.locator('[data-timer-adjust="60000"]').click();
  await expect(page.locator('[data-timer-digits]')).toHaveText('31:00');
  await page.locator('[data-timer-phase="debrief"]').click();
  await expect(page.locator('[data-timer-digits]')).toHaveText('5:00');
});

test('room results: three valid files and a tampered one give a table of three learners, a chart, and an error naming the bad file', async ({ page }) => {
  await openFacilitator(page);
  const ada = learner('Ada Lovelace', {
    '01-async-io': passed(3.82, { blockedMs: 0, burstOverBest: 1.02 }),
    '03-concurrency': passed(3.04, { pageOverBest: 1, peakInFlight: 5 }),
    '08-batching': passed(21.9),
  });
  const bo = learner('Bo Chen', { '01-async-io': passed(3.5), '03-concurrency': tried });
  const grace = learner('Grace Hopper', { '03-concurrency': passed(2.86), '05-data-structures': passed(19.6) });
  const mallory = JSON.parse(resultsToJson(learner('Mallory', { '03-concurrency': tried }))) as ResultsFile;
  mallory.lessons['03-concurrency']!.passed = true;
  mallory.lessons['03-concurrency']!.bestSpeedup = 300;

  await page.locator('[data-room-files]').setInputFiles([
    file('ada.json', resultsToJson(ada)),
    file('bo.json', resultsToJson(bo)),
    file('tampered.json', JSON.stringify(mallory, null, 2)),
    file('grace.json', resultsToJson(grace)),
  ]);

  const rows = page.locator('[data-room-table] tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.locator('th')).toHaveText(['Ada Lovelace', 'Bo Chen', 'Grace Hopper']);
  await expect(page.locator('[data-room-summary]')).toContainText('3 learners');
  const error = page.locator('[data-room-messages] li[data-kind="error"]');
  await expect(error).toHaveCount(1);
  await expect(error).toHaveText('✗ tampered.json was changed after export: its integrity check does not match its contents');
  await expect(page.locator('[data-room-messages] li[data-kind="ok"]')).toHaveText(
    '✓ Read 3 results: Ada Lovelace (ada.json), Bo Chen (bo.json), Grace Hopper (grace.json)',
  );

  // Who passed what, with their best speedups; the footer sums up each lesson.
  const adaRow = rows.filter({ hasText: 'Ada Lovelace' });
  await expect(adaRow.locator('td[data-slug="03-concurrency"]')).toHaveText('✓ 3.04x');
  await expect(adaRow.locator('td[data-slug="03-concurrency"]')).toHaveAttribute('title', /pageOverBest 1, peakInFlight 5/);
  await expect(rows.filter({ hasText: 'Bo Chen' }).locator('td[data-slug="03-concurrency"]')).toHaveText('✗');
  const concurrencyColumn = await page.locator('[data-room-table] thead th').allTextContents();
  const column = concurrencyColumn.indexOf('03');
  await expect(page.locator('[data-room-table] tfoot tr').first().locator('td').nth(column - 1)).toHaveText('2/3');

  await expect(page.locator('[data-room-chart]')).toBeVisible();
  await expect.poll(() => inkOnChart(page)).toBeGreaterThan(2000);

  // A file cut short and a stranger's JSON, dropped on the drop zone: both turned away, the room kept.
  const truncated = resultsToJson(learner('Cut Short', { '03-concurrency': passed(2) })).slice(0, 200);
  await page.locator('[data-room-files]').setInputFiles([file('cut.json', truncated), file('package.json', '{"name": "x"}')]);
  await expect(error).toHaveCount(2);
  await expect(error.nth(0)).toContainText('cut.json is not valid JSON');
  await expect(error.nth(1)).toContainText('package.json is not a results file from this workshop');
  await expect(rows).toHaveCount(3);

  // A short code pasted from the chat adds a fourth learner; the room survives a reload.
  const code = await encodeResultsCode(learner('Dara', { '08-batching': passed(20.5) }));
  await page.locator('[data-room-paste]').fill(`[10:42] Dara: ${code}`);
  await page.locator('[data-room-add-codes]').click();
  await expect(rows).toHaveCount(4);
  await page.reload();
  await expect(rows).toHaveCount(4);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.locator('[data-room-clear]').click();
  await expect(page.locator('[data-room-summary]')).toHaveText('No results yet.');
});

test('a learner exports results from a real run, and the facilitator view imports the file and the code', async ({ page }) => {
  const slug = '03-concurrency';
  await openLesson(page, slug);
  // Predict, then measure: the guess travels with the results.
  await page.locator('[data-predict]').getByRole('textbox').fill('2.5');
  const reference = referenceOf(slug);
  await setCode(page, reference);
  await expect.poll(() => savedCode(page, slug)).toBe(reference);
  expect((await run(page)).verdict).toBe('pass');

  await page.goto('/');
  const exporter = page.locator('[data-export]');
  await exporter.locator('[data-export-file]').click();
  await expect(exporter.locator('[data-export-status]')).toContainText('Type your name first');
  await exporter.locator('[data-export-name]').fill('Ada Lovelace');
  const [download] = await Promise.all([page.waitForEvent('download'), exporter.locator('[data-export-file]').click()]);
  expect(download.suggestedFilename()).toBe('fast-under-load-results-ada-lovelace.json');
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as ResultsFile;
  expect(exported.lessons[slug]).toMatchObject({ passed: true, runtime: expect.stringMatching(/worker|webcontainer/) });
  expect(exported.lessons[slug]!.bestSpeedup).toBeGreaterThan(1.3);
  expect(Object.keys(exported.lessons[slug]!.counters)).toContain('peakInFlight');
  expect(exported.lessons[slug]!.browser).toMatch(/Chrom/);
  expect(exported.lessons[slug]!.prediction).toEqual({ value: 2.5, unit: 'x' });

  await exporter.locator('[data-export-code-button]').click();
  // The code is made asynchronously (compressed, then encoded): wait for it to appear.
  await expect(exporter.locator('[data-export-code]')).toHaveValue(/^FUL1\.[A-Za-z0-9_-]+$/);
  const code = await exporter.locator('[data-export-code]').inputValue();

  await openFacilitator(page);
  await page.locator('[data-room-files]').setInputFiles({
    name: download.suggestedFilename(),
    mimeType: 'application/json',
    buffer: await readFile((await download.path())!),
  });
  const row = page.locator('[data-room-table] tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.locator(`td[data-slug="${slug}"]`)).toHaveText(/^✓ \d/);
  await expect(page.locator('[data-room-table] tfoot tr').filter({ hasText: 'Median prediction' })).toContainText('2.5x');
  await page.locator('[data-room-paste]').fill(code);
  await page.locator('[data-room-add-codes]').click();
  // The code was exported a moment after the file: the newer export replaces the older one.
  await expect(page.locator('[data-room-messages]')).toContainText('replaced the earlier results of Ada Lovelace');
  await expect(row).toHaveCount(1);
});

test('the guide and the reference solutions are reachable from the facilitator view', async ({ page }) => {
  await page.goto('/instructor/guide/');
  for (const heading of ['Hosting the site', 'Choosing the lessons', 'The agenda', 'Lesson by lesson', 'Bad Wi-Fi and offline', 'Room results']) {
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  }
  await expect(page.locator('[data-agenda="agenda-full"] tbody tr')).toHaveCount(15);
  await expect(page.locator('[data-agenda="agenda-half"] tbody tr')).toHaveCount(8);
  await expect(page.locator('[data-guide-lesson="03-concurrency"]')).toContainText('OverloadError');

  await page.goto('/instructor/solutions/03-concurrency/');
  await expect(page.locator('.solution-code').first()).toContainText('Promise.all');
  await expect(page.locator('[data-figures]')).toContainText('Reference solution');
  await expect(page.locator('[data-measured]')).toContainText('npm run figures');
});
