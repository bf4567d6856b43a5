/**
 * npm run measure:playground [-- --runs 5] [--example a-a ...] [--port 4423]
 *
 * How long the playground takes from Run to its verdict, on the built site in
 * headless Chromium (run `npm run build` first): each example in
 * examples/playground/ is opened from a link in a fresh page, as a shared
 * link would open it, and run as soon as the page is ready. Prints each run's
 * time and verdicts, then a table of medians; asserts nothing (the machine's
 * load changes the figures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/browser.ts';
import { parsePlayground } from '../src/playground/file.ts';
import { encodeLink } from '../src/playground/link.ts';
import { startPreview } from './preview-server.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, example: { type: 'string', multiple: true }, port: { type: 'string', default: '4423' } },
});
const runs = Number(values.runs);
const dir = path.join(import.meta.dirname, '..', 'examples', 'playground');
const examples = (values.example?.length ? values.example : readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''))).sort();

interface Outcome {
  ms: number;
  verdicts: string;
}

async function runOnce(browser: Browser, base: string, link: string): Promise<Outcome> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(`${base}/playground/${link}`);
    await page.waitForSelector('[data-playground][data-ready="true"]', { timeout: 30_000 });
    const t0 = Date.now();
    await page.click('[data-action="run"]');
    await page.waitForFunction(() => document.querySelector('[data-playground]')?.getAttribute('data-running') === 'false', undefined, { timeout: 120_000 });
    const ms = Date.now() - t0;
    const report = page.locator('[data-report]');
    const verdicts = (await report.isVisible()) ? await page.locator('[data-verdicts]').innerText() : `no report: ${await page.locator('[data-status]').innerText()}`;
    return { ms, verdicts: verdicts.replace(/\s+/g, ' ').trim() };
  } finally {
    await page.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const server = await startPreview(Number(values.port));
try {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  console.log(`Run → verdict in the playground, ${runs} runs per example, each in a fresh page opened from the example's link\n`);
  const rows: string[] = [];
  for (const name of examples) {
    const file = parsePlayground(readFileSync(path.join(dir, `${name}.ts`), 'utf8'));
    const outcomes: Outcome[] = [];
    for (let i = 0; i < runs; i++) outcomes.push(await runOnce(browser, server.base, encodeLink(file)));
    for (const o of outcomes) console.log(`${name}: ${seconds(o.ms)}  ${o.verdicts}`);
    const times = outcomes.map((o) => o.ms);
    rows.push(`| ${name} | ${seconds(median(times))} | ${seconds(Math.min(...times))} to ${seconds(Math.max(...times))} |`);
  }
  await browser.close();
  console.log(`\n| example | median | range |\n|---|---|---|\n${rows.join('\n')}`);
} finally {
  server.stop();
}
