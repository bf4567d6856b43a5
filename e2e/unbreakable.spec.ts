import { expect, test, type Page } from '@playwright/test';
import { badCode, codeKey, type BadKind } from './bad-code.ts';
import { pageSession, type PageSession } from './page-session.ts';
import { startFaultyHost, isFrameRequest, isRelayedRunnerRequest, type FaultyHost } from './faulty-host.ts';
import { openLesson, run, savedCode, waitForEditor } from './support.ts';

/**
 * Code that would hang or kill the page, on a lesson timed for real (05), one
 * on the virtual clock (03) and the database lesson (06): each run is stopped
 * within the limit with its own message, the page stays alive and the code is
 * kept. Runs happen in a frame whose process is not the page's
 * (src/runner/browser/frame.ts): when that process dies, the run ends with
 * the memory message and the next run gets a new frame. A page that did die
 * mid-run says so on the next load and runs nothing.
 */

const LIMIT_S = 10;

// Each test waits for a run to be stopped, on a machine that may be busy; only the limits the
// page itself reports are asserted, never the wall-clock time.
test.describe.configure({ timeout: 240_000 });

/**
 * Opens the lesson with `code` already saved, as a learner coming back to it
 * would. It is put in storage once per browser context, before the page's
 * scripts run (a page being left saves what its editor holds, so writing it
 * from outside and reloading would be undone); later pages of the context find
 * only what the page itself kept.
 */
async function openWithCode(page: Page, slug: string, code: string): Promise<void> {
  await page.context().addInitScript(
    ([key, text]) => {
      const seeded = `e2e-seeded:${key}`;
      if (localStorage.getItem(seeded)) return;
      localStorage.setItem(seeded, '1');
      localStorage.setItem(key!, text!);
    },
    [codeKey(slug), code],
  );
  await openLesson(page, slug);
  expect(await savedCode(page, slug)).toBe(code);
}

async function runUntilVerdict(page: Page): Promise<string> {
  await page.locator('[data-action="run"]').click();
  const verdict = page.locator('[data-verdict]:not([hidden])');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  return (await verdict.innerText()).replace(/\s+/g, ' ');
}

/** The page still answers: a frame is drawn and a hint opens. */
async function expectAlive(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  await expect(page.locator('[data-action="run"]')).toBeEnabled();
}

/** Waits for the verdict through the page's own session: a runner frame that dies makes Playwright refuse the page. */
async function verdictThrough(session: PageSession): Promise<string> {
  await expect.poll(async () => (await session.verdict())?.text ?? '', { timeout: 60_000, intervals: [250] }).not.toBe('');
  return (await session.verdict())!.text;
}

function stoppedWithin(text: string): number {
  const seconds = Number(/stopped after (\d+) s/i.exec(text)?.[1]);
  expect(seconds, text).toBeLessThanOrEqual(LIMIT_S);
  return seconds;
}

for (const slug of ['05-data-structures', '03-concurrency', '06-database']) {
  test.describe(slug, () => {
    const code = (kind: BadKind) => badCode(slug, kind)!;

    test('a memory bomb is stopped, the page survives and the code is kept', async ({ page }) => {
      // Filled arrays: V8 keeps an unfilled `new Array(1e6)` sparse, which fills the memory far more slowly.
      const bomb = code('memory-bomb-filled');
      await openWithCode(page, slug, bomb);
      const session = await pageSession(page);
      await page.locator('[data-action="run"]').click();
      const text = await verdictThrough(session);
      expect(session.crashed()).toBe(false);
      // Stopped by the watchdog (a thread held for seconds), or ended by the browser when the frame's process ran out.
      if (/stopped after/i.test(text)) stoppedWithin(text);
      expect(text).toMatch(/grow without end/);
      expect(await session.alive()).toBe(true);
      expect(await session.evaluate(`localStorage.getItem(${JSON.stringify(codeKey(slug))})`)).toBe(bomb);
    });

    test('a loop that never ends is stopped within the limit, and the status points to Stop first', async ({ page }) => {
      await openWithCode(page, slug, code('loop'));
      await page.locator('[data-action="run"]').click();
      await expect(page.locator('[data-status] [data-quiet]')).toContainText(/No progress for \d+ s.*press Stop/, { timeout: 60_000 });
      const verdict = page.locator('[data-verdict]:not([hidden])');
      await expect(verdict).toBeVisible({ timeout: 60_000 });
      const text = (await verdict.innerText()).replace(/\s+/g, ' ');
      stoppedWithin(text);
      expect(text).toMatch(/does a loop never end/);
      await expectAlive(page);
    });

    test('a promise that never settles is stopped within the limit', async ({ page }) => {
      await openWithCode(page, slug, code('never-settles'));
      const text = await runUntilVerdict(page);
      // On the virtual clock the engine itself sees that nothing can happen any more, at once.
      if (/stopped after/.test(text)) stoppedWithin(text);
      // Where the exercise's function is not async, the promise is its result, which is refused as not plain data at once.
      expect(text).toMatch(/a promise never settle|a promise that never resolves|is a Promise/);
      await expectAlive(page);
    });

    test('after the page died mid-run, the next load says so, keeps the code and runs nothing', async ({ page, context }) => {
      await openWithCode(page, slug, code('loop'));
      await page.locator('[data-action="run"]').click();
      await expect(page.locator('[data-action="stop"]')).toBeEnabled();
      // What a memory bomb does to a tab when nothing stops it in time.
      const cdp = await context.newCDPSession(page);
      const crashed = new Promise((resolve) => page.once('crash', resolve));
      void cdp.send('Page.crash').catch(() => {}); // no answer comes back: the page is gone
      await crashed;
      // As a learner would: the dead tab is closed, then the lesson opened again.
      await page.close();
      const next = await context.newPage();
      await openLesson(next, slug);
      await expect(next.locator('[data-status]')).toHaveText(/The last run stopped the page; your code is kept/);
      expect(await savedCode(next, slug)).toBe(code('loop'));
      // The editor shows it: the cursor is moved down to the loop's line, which the editor then scrolls into view.
      await next.locator('[data-editor] .view-lines').click();
      await next.keyboard.press('ControlOrMeta+Home');
      const loopLine = code('loop').split('\n').findIndex((line) => line.includes('while (true)'));
      for (let i = 0; i < loopLine; i++) await next.keyboard.press('ArrowDown');
      await expect(next.locator('[data-editor] .view-lines')).toContainText('while (true)');
      // Nothing runs on its own: give it the time a run would take to start, then look. (A runner
      // worker is started and prepared ahead of Run, with the lesson's own code only.)
      await next.waitForTimeout(2_000);
      await expect(next.locator('[data-action="run"]')).toBeEnabled();
      await expect(next.locator('[data-action="stop"]')).toBeDisabled();
      await expect(next.locator('[data-verdict]:not([hidden])')).toHaveCount(0);
      await expect(next.locator('[data-status]')).toHaveText(/The last run stopped the page/);
      // And a second load has nothing more to say.
      await openLesson(next, slug);
      await expect(next.locator('[data-status]')).not.toHaveText(/The last run stopped the page/);
    });
  });
}

test('offline, after one visit, a memory bomb is still stopped in the runner frame, and the page survives', async ({ page, context }) => {
  const slug = '05-data-structures';
  const bomb = badCode(slug, 'memory-bomb-filled')!;
  await openWithCode(page, slug, bomb);
  // One visit: the service worker takes the page over, and the runner's modules are fetched (and kept) for the spare runner.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForTimeout(2_000);
  await context.setOffline(true);
  await page.reload();
  await waitForEditor(page);
  expect(await savedCode(page, slug)).toBe(bomb);
  const inPage: string[] = [];
  page.on('worker', (worker) => {
    if (/\/runner-[^/]*\.js$/.test(worker.url())) inPage.push(worker.url());
  });
  const session = await pageSession(page);
  await page.locator('[data-action="run"]').click();
  const text = await verdictThrough(session);
  expect(session.crashed()).toBe(false);
  expect(text).toMatch(/grow without end/);
  expect(await session.alive()).toBe(true);
  // The run was the frame's: no runner was started in the page.
  expect(inPage).toEqual([]);
  expect(await session.evaluate(`localStorage.getItem(${JSON.stringify(codeKey(slug))})`)).toBe(bomb);
});

test('when the runner frame\'s process dies, the run says memory, the page lives on and the next run works', async ({ page }) => {
  const slug = '05-data-structures';
  const loop = badCode(slug, 'loop')!;
  await openWithCode(page, slug, loop);
  const session = await pageSession(page);
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-action="stop"]')).toBeEnabled();
  await session.crashRunnerFrame();
  const text = await verdictThrough(session);
  expect(session.crashed()).toBe(false);
  expect(text).toMatch(/more memory than the browser allows.*your code is kept.*grow without end/);
  expect(await session.alive()).toBe(true);
  expect(await session.evaluate(`localStorage.getItem(${JSON.stringify(codeKey(slug))})`)).toBe(loop);
  // A new frame serves the next run: the same loop is stopped by the watchdog, with its own message.
  await session.evaluate(`document.querySelector('[data-action="run"]').click()`);
  await expect.poll(async () => (await session.verdict())?.text ?? '', { timeout: 60_000, intervals: [250] }).toMatch(/does a loop never end/);
});

// Hosts that serve the page badly: the fault is made on the wire (faulty-host.ts), so it holds for the first request
// of every worker, the frame's included, as for every later one.
test.describe('on a host that serves the runner badly', () => {
  // Without the service worker, whose own fetches would hide which requests were the page's and which a worker's script.
  test.use({ serviceWorkers: 'block' });
  let host: FaultyHost | undefined;
  test.afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  /** The runner workers started in the page itself (those in the frame have `blob:` URLs of its opaque origin). */
  const runnersInPage = (page: Page): string[] => {
    const urls: string[] = [];
    page.on('worker', (worker) => {
      if (/\/runner-[^/]*\.js$/.test(worker.url())) urls.push(worker.url());
    });
    return urls;
  };

  test('the frame asks the host for nothing itself, so a host without CORS headers still runs 06 and 10 in the frame', async ({ page, baseURL }) => {
    const frameAsked: string[] = [];
    host = await startFaultyHost(baseURL!, (request) => {
      if (isFrameRequest(request)) frameAsked.push(request.url!);
      return 'no-cors';
    });
    const inPage = runnersInPage(page);
    // 06 loads PGlite and its database; 10 starts threads of its own inside the runner worker.
    for (const slug of ['06-database', '10-scale-out']) {
      await page.goto(`${host.base}/lessons/${slug}/`);
      await waitForEditor(page);
      expect((await run(page)).verdict).toBe('fail');
    }
    expect(frameAsked).toEqual([]);
    expect(inPage).toEqual([]);
  });

  test('where the frame\'s modules never arrive (a fetch that hangs), the run moves to the page and gets its verdict', async ({ page, baseURL }) => {
    // Only the fetches of the runner's module hang; the page's own worker scripts come from the server as ever.
    host = await startFaultyHost(baseURL!, (request) => (isRelayedRunnerRequest(request) ? 'hang' : undefined));
    const inPage = runnersInPage(page);
    await page.goto(`${host.base}/lessons/01-async-io/`);
    await waitForEditor(page);
    expect((await run(page)).verdict).toBe('fail');
    expect(host.faulted.length).toBeGreaterThan(0);
    expect(inPage.length).toBeGreaterThan(0);
  });
});

test('the frame\'s runs get the lesson\'s files from the page: 06\'s database and PGlite are fetched once, not on every run', async ({ page }) => {
  // The frame's own requests would use no cache at all (its origin is opaque): 17 MB a run.
  const heavy: string[] = [];
  page.context().on('request', (request) => {
    if (/\/(shop-snapshot[^/]*\.gz|pglite[^/]*\.(wasm|data))$/.test(new URL(request.url()).pathname)) heavy.push(request.url());
  });
  await openLesson(page, '06-database');
  expect((await run(page)).verdict).not.toBe('error');
  const afterFirst = heavy.length;
  expect(afterFirst).toBeGreaterThan(0);
  expect((await run(page)).verdict).not.toBe('error');
  expect((await run(page)).verdict).not.toBe('error');
  expect(heavy.slice(afterFirst)).toEqual([]);
});

test('a frame that dies between runs costs the next run nothing: it is started again in a new frame', async ({ page }) => {
  await openLesson(page, '01-async-io');
  const session = await pageSession(page);
  // The runner for the next run is ready in the frame; its process dies before Run is pressed.
  await expect.poll(() => session.evaluate<number>(`document.querySelectorAll('iframe[title="Lesson runner"]').length`)).toBe(1);
  await page.waitForTimeout(1_000);
  await session.crashRunnerFrame();
  // Playwright refuses the page from here (see page-session.ts): wait for the page to notice, 1.5 s, on the test's own clock.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  await session.evaluate(`document.querySelector('[data-action="run"]').click()`);
  await expect.poll(async () => (await session.verdict())?.verdict ?? '', { timeout: 60_000, intervals: [250] }).toBe('fail');
  expect((await session.verdict())!.text).not.toMatch(/memory/);
});
