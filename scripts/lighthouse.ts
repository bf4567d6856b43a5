/**
 * npm run lighthouse [-- --lesson <slug> ...]
 *
 * Lighthouse (mobile profile: a mid-range phone, throttled network and CPU) on
 * the built site (`npm run build` first), one lesson page at a time. Prints
 * each page's performance and accessibility scores with the timings behind
 * the performance score. A benchmark, not a test: it asserts nothing, and on
 * a busy machine the performance figures move by several points.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumArgs, chromiumPath } from '../e2e/browser.ts';
import { startPreview } from './preview-server.ts';

const argv = process.argv.slice(2);
const only = argv.flatMap((a, i) => (argv[i - 1] === '--lesson' ? [a] : []));
const slugs = only.length > 0 ? only : ['01-async-io', '05-data-structures', '06-database'];

const { base, stop } = await startPreview(Number(process.env.E2E_PORT ?? 4397));
const chrome = await chromeLauncher.launch({
  chromePath: chromiumPath(),
  chromeFlags: ['--headless=new', ...chromiumArgs],
});
try {
  console.log('page                          performance  accessibility  FCP ms  LCP ms  TBT ms  CLS');
  for (const slug of slugs) {
    const url = `${base}/lessons/${slug}/`;
    const result = await lighthouse(url, { port: chrome.port, output: 'json', onlyCategories: ['performance', 'accessibility'], logLevel: 'error' });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { categories, audits } = result.lhr;
    const score = (key: string) => String(Math.round((categories[key]?.score ?? 0) * 100));
    const ms = (key: string) => String(Math.round(audits[key]?.numericValue ?? NaN));
    console.log(
      `/lessons/${slug}/`.padEnd(30) +
        score('performance').padStart(11) +
        score('accessibility').padStart(15) +
        ms('first-contentful-paint').padStart(8) +
        ms('largest-contentful-paint').padStart(8) +
        ms('total-blocking-time').padStart(8) +
        (audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3).padStart(6),
    );
    const failed = Object.values(audits).filter((a) => a.score === 0 && result.lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id));
    for (const audit of failed) console.log(`  accessibility: ${audit.id}: ${audit.title}`);
  }
} finally {
  chrome.kill();
  stop();
}
