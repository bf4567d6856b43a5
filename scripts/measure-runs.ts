/**
 * npm run measure:runs [-- --lesson <slug> ...] [--runs 3] [--cases starter,reference,...] [--cap 120] [--wait 0] [--offline]
 *
 * How long a learner waits, on the built site in headless Chromium (run
 * `npm run build` first): for each lesson, the median over `--runs` runs of the
 * time from clicking Run to the verdict, for the starter and the reference
 * solution; the time to report an error (a syntax error, a throw, a wrong
 * answer); and the time to stop bad code (a loop that never ends, a promise
 * that never settles, a memory bomb); with `profile`, on 05 and 06, the time
 * from "Profile each side" after the starter's verdict to the line profile.
 * A run that shows no verdict within `--cap` seconds, or whose page crashes,
 * is printed as such. `--wait` is how
 * long the learner reads before pressing Run (the page prepares the runner
 * meanwhile); 0 presses it as soon as the editor is ready. `--offline`
 * opens the lesson once online (the service worker keeps what it used), then
 * reloads it with the network gone and runs there. Prints figures; asserts
 * nothing (the machine's load changes them).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { badCode, codeKey, type BadKind } from '../e2e/bad-code.ts';
import { chromiumArgs, chromiumPath } from '../e2e/browser.ts';
import { pageSession } from '../e2e/page-session.ts';
import { referenceOf } from '../e2e/support.ts';
import { listLessons } from '../src/lessons/files.ts';
import { startPreview } from './preview-server.ts';

/** `profile`: after the starter's verdict, "Profile each side" on a lesson timed for real, timed to its figures. */
type Case = 'starter' | 'reference' | 'profile' | BadKind;
const allCases: Case[] = ['starter', 'reference', 'profile', 'syntax', 'throw', 'wrong', 'loop', 'never-settles', 'memory-bomb', 'memory-bomb-filled', 'memory-bomb-timer'];

const argv = process.argv.slice(2);
const option = (name: string) => argv.flatMap((a, i) => (argv[i - 1] === `--${name}` ? [a] : []));
const only = option('lesson');
const slugs = only.length > 0 ? only : await listLessons();
const runs = Number(option('runs')[0] ?? 3);
const capMs = Number(option('cap')[0] ?? 120) * 1000;
const waitMs = Number(option('wait')[0] ?? 0) * 1000;
const cases = (option('cases')[0]?.split(',') as Case[] | undefined) ?? allCases;
const offline = argv.includes('--offline');
const port = Number(process.env.E2E_PORT ?? 4403);

interface Outcome {
  ms: number;
  /** The verdict shown (pass, fail, error…), "crashed" when the page died (not the runner frame only), "none" when nothing came within the cap. */
  verdict: string;
  text: string;
}

function codeFor(slug: string, which: Case): string | undefined {
  if (which === 'starter' || which === 'profile') return undefined; // the page's own starter
  if (which === 'reference') return referenceOf(slug);
  return badCode(slug, which);
}

/** The time from "Profile each side" to the figures, on a page whose run has just given its verdict. */
async function profileOnce(page: Page): Promise<Outcome> {
  const panel = page.locator('[data-line-profile]');
  if (!(await panel.isVisible())) return { ms: 0, verdict: 'n/a', text: 'no profile on this lesson' };
  const t0 = Date.now();
  await panel.locator('[data-action="profile"]').click();
  for (;;) {
    const ms = Date.now() - t0;
    if (await panel.locator('[data-profile-side="candidate"]').isVisible()) return { ms, verdict: 'profile', text: await panel.locator('figcaption').first().innerText() };
    const status = await panel.locator('[data-profile-status]').innerText();
    if (status.startsWith('No profile')) return { ms, verdict: 'error', text: status };
    if (ms > capMs) return { ms, verdict: 'none', text: `no profile within ${capMs / 1000} s` };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * One Run on a fresh page (no service worker, nothing cached; offline, what
 * one visit left), with the learner's code already saved; then, for
 * `profile`, its profile.
 */
async function runOnce(browser: Browser, base: string, slug: string, code: string | undefined, profile = false): Promise<Outcome> {
  const context = await browser.newContext({ serviceWorkers: offline ? 'allow' : 'block' });
  try {
    if (code !== undefined) await context.addInitScript(([key, text]) => localStorage.setItem(key!, text!), [codeKey(slug), code]);
    const page = await context.newPage();
    let frameCrashed = false;
    page.on('crash', () => (frameCrashed = true));
    await page.goto(`${base}/lessons/${slug}/`);
    const ready = () => page.locator('[data-workbench][data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
    await ready();
    if (offline) {
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
      // The runner made ready ahead of Run has loaded its modules by then, and the page kept them.
      await page.waitForTimeout(3_000);
      await context.setOffline(true);
      await page.reload();
      await ready();
    }
    // Read through the page's own session: Playwright takes the runner frame's crash for the page's (e2e/page-session.ts).
    const session = await pageSession(page);
    if (waitMs > 0) await page.waitForTimeout(waitMs);
    const t0 = Date.now();
    await page.locator('[data-action="run"]').click();
    for (;;) {
      const shown = await session.verdict().catch(() => undefined);
      const ms = Date.now() - t0;
      if (session.crashed()) return { ms, verdict: 'crashed', text: 'the page crashed' };
      if (shown) {
        if (profile) {
          await page.locator('[data-action="run"]:not([disabled])').waitFor();
          return await profileOnce(page);
        }
        const frame = frameCrashed ? '(the runner frame crashed, the page lived on) ' : '';
        return { ms, verdict: shown.verdict, text: `${frame}${shown.text}` };
      }
      if (ms > capMs) return { ms, verdict: 'none', text: `no verdict within ${capMs / 1000} s` };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await context.close().catch(() => {});
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const server = await startPreview(port);
try {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  console.log(`Run → verdict, median of ${runs} runs, Run pressed ${waitMs / 1000} s after the editor was ready${offline ? ', offline after one visit' : ''} (each run: [verdict] message)\n`);
  const table: string[] = [];
  for (const slug of slugs) {
    const cells: string[] = [];
    for (const which of cases) {
      const code = codeFor(slug, which);
      if (which !== 'starter' && which !== 'profile' && code === undefined) {
        cells.push('n/a');
        continue;
      }
      const outcomes: Outcome[] = [];
      for (let i = 0; i < runs; i++) outcomes.push(await runOnce(browser, server.base, slug, code, which === 'profile'));
      if (outcomes.every((o) => o.verdict === 'n/a')) {
        cells.push('n/a');
        continue;
      }
      const cell = `${seconds(median(outcomes.map((o) => o.ms)))}${outcomes.some((o) => o.verdict === 'crashed' || o.verdict === 'none') ? '!' : ''}`;
      cells.push(cell);
      console.log(`${slug} ${which}: ${cell}  ${outcomes.map((o) => `${seconds(o.ms)} [${o.verdict}] ${o.text.slice(0, 110)}`).join(' | ')}`);
    }
    table.push(`| ${slug} | ${cells.join(' | ')} |`);
  }
  await browser.close();
  console.log(`\n| lesson | ${cases.join(' | ')} |\n|---|${cases.map(() => '---').join('|')}|\n${table.join('\n')}`);
  console.log('\n! = at least one run crashed the page or showed no verdict within the cap');
} finally {
  server.stop();
}
