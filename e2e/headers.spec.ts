import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { pageHeaders } from '../src/site/headers.mjs';

/**
 * Every page is served with the same headers by the dev and preview servers
 * (src/site/headers.mjs) and by static hosts that read the built site's
 * header file (public/_headers, copied to dist/_headers): cross-origin
 * isolation, and the document policy that allows the JS Self-Profiling API.
 */

test('the preview server and the built site\'s header file send the same headers, the profiling policy included', async ({ request }) => {
  expect(pageHeaders).toMatchObject({ 'Document-Policy': 'js-profiling' });
  const served = (await request.get('/lessons/05-data-structures/')).headers();
  const file = readFileSync(path.resolve(import.meta.dirname, '../dist/_headers'), 'utf8');
  for (const [name, value] of Object.entries(pageHeaders)) {
    expect(served[name.toLowerCase()], name).toBe(value);
    expect(file, name).toContain(`  ${name}: ${value}\n`);
  }
});

test('the policy takes effect: a lesson page may start a JS profiler', async ({ page }) => {
  await page.goto('/lessons/05-data-structures/');
  const started = await page.evaluate(async () => {
    const Profiler = (globalThis as { Profiler?: new (options: { sampleInterval: number; maxBufferSize: number }) => { stop(): Promise<unknown> } }).Profiler;
    if (!Profiler) return 'no Profiler';
    try {
      await new Profiler({ sampleInterval: 10, maxBufferSize: 100 }).stop();
      return 'started';
    } catch (error) {
      return String(error);
    }
  });
  expect(started).toBe('started');
});
