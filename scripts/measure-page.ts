/**
 * npm run measure:page [-- --lesson <slug> ...]
 *
 * Measures the built site in headless Chromium on localhost (run `npm run build`
 * first): for each lesson, time until the prose is visible and until the
 * editor is ready, JavaScript bytes (uncompressed) loaded by then (the prose
 * itself is HTML and needs none), and time from
 * clicking Run until the verdict. Prints figures; asserts nothing.
 */
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/browser.ts';
import { listLessons } from '../src/lessons/files.ts';
import { startPreview } from './preview-server.ts';

const port = Number(process.env.E2E_PORT ?? 4398);

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const argv = process.argv.slice(2);
const only = argv.flatMap((a, i) => (argv[i - 1] === '--lesson' ? [a] : []));
const slugs = only.length > 0 ? only : await listLessons();

const server = await startPreview(port);
const base = server.base;
try {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  console.log('lesson               prose ms  editor ms  JS with editor  run→verdict ms  verdict');
  for (const slug of slugs) {
    // No service worker: its precaching would be counted as the page's own downloads.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    // The prose is plain HTML and needs no script; count the JavaScript loaded until the editor is ready.
    let jsBytes = 0;
    let editorReady = false;
    page.on('response', async (response) => {
      if (editorReady || response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      jsBytes += body.length;
    });
    const t0 = Date.now();
    await page.goto(`${base}/lessons/${slug}/`);
    await page.locator('article.prose h1').waitFor({ state: 'visible' });
    const proseMs = Date.now() - t0;
    await page.locator('[data-workbench][data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
    editorReady = true;
    const editorMs = Date.now() - t0;
    const t1 = Date.now();
    await page.locator('[data-action="run"]').click();
    const verdict = page.locator('[data-verdict]:not([hidden])');
    await verdict.waitFor({ state: 'visible', timeout: 120_000 });
    const runMs = Date.now() - t1;
    console.log(
      `${slug.padEnd(20)} ${String(proseMs).padStart(8)} ${String(editorMs).padStart(10)} ${kib(jsBytes).padStart(15)} ${String(runMs).padStart(15)}  ${await verdict.getAttribute('data-verdict')}`,
    );
    await context.close();
  }
  await browser.close();
} finally {
  server.stop();
}
