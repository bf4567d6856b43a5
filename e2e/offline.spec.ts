import { expect, test, type Page } from '@playwright/test';
import { lessons, openLesson, referenceOf, run, runUntilDecided, savedCode, setCode } from './support.ts';

/**
 * Offline, honest and light. A first visit fetches what the page shows and
 * nothing in the background; PGlite and TypeScript's worker come when first
 * needed. "Make the whole workshop available offline" says its size, stores
 * every file, and then every lesson opens and runs with the network gone:
 * the service worker (src/site/offline.mjs) answers from its caches. Runs
 * against the built site.
 */

const [first, second] = lessons;
const HEAVY = /pglite[^/]*\.(wasm|data)$|ts\.worker-[^/]*\.js$/;

/** Every URL the service worker's caches hold. */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });

test('a first visit downloads what the page shows, and nothing heavy until it is needed', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openLesson(page, first!);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForTimeout(1500);
  expect(fetched.filter((url) => HEAVY.test(url))).toEqual([]);
  expect((await cachedUrls(page)).filter((url) => HEAVY.test(url))).toEqual([]);

  // Clicking into the editor is when TypeScript's worker is first needed.
  await page.locator('[data-editor] .view-lines').click();
  await expect.poll(() => fetched.filter((url) => /ts\.worker-/.test(url)).length).toBeGreaterThan(0);
});

test('after "Make the whole workshop available offline", every lesson reloads, runs and gets a verdict offline', async ({ page, context, request }) => {
  test.setTimeout(300_000);
  const list = (await (await request.get('/offline-files.json')).json()) as { bytes: number; files: { url: string }[] };
  const urls = list.files.map((f) => f.url);
  expect(urls).toContain('/');
  expect(urls).toContain(`/lessons/${second}/`);
  expect(urls.some((url) => /^\/_astro\/(worker|runner)-.*\.js$/.test(url))).toBe(true); // the runner
  expect(urls.some((url) => url.startsWith('/container/'))).toBe(false); // real Node needs the network anyway
  const sw = await (await request.get('/sw.js')).text();
  expect(sw).not.toMatch(/importScripts\(/); // the Workbox runtime is inlined, not fetched from a CDN

  await page.goto('/');
  const button = page.locator('[data-offline-download]');
  await expect(button).toContainText(/available offline \(\d+ MB\)/);
  await button.click();
  await expect(page.locator('[data-offline-download-status]')).toContainText('Done', { timeout: 240_000 });
  await expect(page.locator('[data-offline-status]')).toBeVisible();
  const cached = new Set(await cachedUrls(page));
  expect(urls.filter((url) => !cached.has(url))).toEqual([]);
  await page.reload();
  await expect(page.locator('[data-offline-download-status]')).toContainText('is on this device');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await context.setOffline(true);
  // Offline too, runs happen in the runner frame (their modules come through the page): none is started in the page.
  const runnersInPage: string[] = [];
  page.on('worker', (worker) => {
    if (/\/runner-[^/]*\.js$/.test(worker.url())) runnersInPage.push(worker.url());
  });
  expect(await page.evaluate(() => fetch('/not-in-the-cache').then(() => 'fetched', () => 'failed'))).toBe('failed');
  // From here on, anything the page still tried the network for would show up here (not counted: requests
  // the page gave up itself, ERR_ABORTED, e.g. an editor worker still loading when we navigate).
  const failed: string[] = [];
  // The service worker's own tries of the network (it tries first for pages and the file list, then answers
  // from its cache) fail too, and are not counted: what counts is that the page never reached the network.
  context.on('requestfailed', (r) => {
    if (r.serviceWorker()) return;
    // Real Node's runtime looks for its own files, which are never stored offline (it needs the network anyway).
    if (new URL(r.url()).pathname.startsWith('/container/')) return;
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${r.url()} ${r.failure()?.errorText}`);
  });

  // A lesson never opened before, from the cache, still cross-origin isolated: the reference passes.
  await openLesson(page, first!);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const reference = referenceOf(first!);
  await setCode(page, reference);
  await expect.poll(() => savedCode(page, first!)).toBe(reference);
  expect((await runUntilDecided(page)).verdict).toBe('pass');
  await expect(page.locator('[data-details]')).toContainText('cross-origin isolated: yes');

  await openLesson(page, second!);
  expect((await run(page)).verdict).toBe('fail');

  // The database lesson, when the build has it: PGlite's WebAssembly comes from the cache too, and the run is the frame's.
  if (lessons.includes('06-database')) {
    const pglite: string[] = [];
    context.on('response', (r) => {
      if (/pglite[^/]*\.(wasm|data)$/.test(r.url())) pglite.push(`${r.url()} ${r.fromServiceWorker() ? 'cache' : 'network'}`);
    });
    await openLesson(page, '06-database');
    await setCode(page, referenceOf('06-database'));
    expect((await runUntilDecided(page)).verdict).toBe('pass');
    // The runner frame's files come through the page's fetch relay, which reads the cache itself
    // (src/runner/browser/page-fetch.ts), so there may be no response to see; none came from the network.
    expect(pglite.filter((r) => !r.endsWith(' cache'))).toEqual([]);
  }

  expect(failed).toEqual([]);
  expect(runnersInPage).toEqual([]);
});
