import { expect, test, type Page } from '@playwright/test';
import { lessons, openLesson, referenceOf, run, savedCode, setCode } from './support.ts';

/**
 * Once loaded, the workshop works with the network gone: the service worker
 * (src/site/offline.mjs) serves every page, the editor, the runner and its
 * workers, the charts and PGlite from its cache. Runs against the built site.
 */

const [first, second] = lessons;

/** Waits until the service worker is active, controls the page and holds every file of its manifest. */
async function waitForOfflineCopy(page: Page, expected: number): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const cached = () =>
    page.evaluate(async () => {
      const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'));
      return name ? (await (await caches.open(name)).keys()).length : 0;
    });
  await expect.poll(cached).toBe(expected);
  await expect(page.locator('[data-offline-status]')).toBeVisible();
}

test('with the network gone, a lesson reloads, runs and gets a verdict', async ({ page, context, request }) => {
  test.setTimeout(240_000);

  // How many files the service worker precaches, from its manifest (the build's only sw.js).
  const sw = await (await request.get('/sw.js')).text();
  const manifest = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!);
  expect(manifest).toContain('index.html');
  expect(manifest).toContain(`lessons/${first}/index.html`);
  expect(manifest.some((url) => /^_astro\/worker-.*\.js$/.test(url))).toBe(true); // the runner
  expect(manifest.some((url) => /^_astro\/thread-.*\.js$/.test(url))).toBe(true); // its pool threads
  expect(sw).not.toMatch(/importScripts\(/); // the Workbox runtime is inlined, not fetched from a CDN

  await page.goto('/');
  await waitForOfflineCopy(page, manifest.length);
  await openLesson(page, first!);

  await context.setOffline(true);
  // The network is really gone: what is not in the cache cannot be fetched.
  expect(await page.evaluate(() => fetch('/not-in-the-cache').then(() => 'fetched', () => 'failed'))).toBe('failed');
  // From here on, anything that still tried the network would show up here. Not counted: requests
  // the page gave up itself (ERR_ABORTED, e.g. an editor worker still loading when we navigate), and
  // the real-Node bundle under /container/, which is not cached: a WebContainer needs the network.
  const failed: string[] = [];
  context.on('requestfailed', (r) => {
    if (r.failure()?.errorText === 'net::ERR_ABORTED' || new URL(r.url()).pathname.startsWith('/container/')) return;
    failed.push(`${r.url()} ${r.failure()?.errorText}`);
  });

  // Reload the lesson: it comes from the cache, still cross-origin isolated.
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(page.locator('[data-workbench][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // Edit, run, and the reference passes.
  const reference = referenceOf(first!);
  await setCode(page, reference);
  await expect.poll(() => savedCode(page, first!)).toBe(reference);
  const passed = await run(page);
  expect(passed.verdict).toBe('pass');
  await expect(page.locator('.chart canvas')).toBeVisible();
  await expect(page.locator('[data-details]')).toContainText('cross-origin isolated: yes');

  // Another lesson the learner has not opened yet, also from the cache: its starter runs and is judged.
  await openLesson(page, second!);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect((await run(page)).verdict).toBe('fail');

  // The database lesson, when the build has it: PGlite's WebAssembly comes from the cache too.
  if (lessons.includes('06-database')) {
    const pglite: string[] = [];
    context.on('response', (r) => {
      if (/pglite[^/]*\.(wasm|data)$/.test(r.url())) pglite.push(`${r.url()} ${r.fromServiceWorker() ? 'cache' : 'network'}`);
    });
    await openLesson(page, '06-database');
    await setCode(page, referenceOf('06-database'));
    expect((await run(page)).verdict).toBe('pass');
    expect(pglite.length).toBeGreaterThan(0);
    expect(pglite.filter((r) => !r.endsWith(' cache'))).toEqual([]);
  }

  // And the home page.
  await page.goto('/');
  await expect(page.locator('.lesson-card').first()).toBeVisible();

  expect(failed).toEqual([]);
});
