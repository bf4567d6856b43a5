import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { allPages } from './pages.ts';
import { lessons, openLesson, referenceOf, run, setCode } from './support.ts';

/**
 * axe-core on every page, and on every lesson again once a run has filled the
 * results panel (verdict, counters, chart, side-by-side texts). Only serious
 * and critical violations fail; each is listed with the elements it names.
 */

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious violation on any page (${scheme})`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    for (const path of allPages) {
      await page.goto(path);
      if (path.startsWith('/lessons/')) await expect(page.locator('[data-workbench][data-ready="true"]')).toBeAttached();
      found.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
    }
    expect(found).toEqual([]);
  });
}

for (const slug of lessons) {
  test(`axe finds no serious violation on ${slug} after a run`, async ({ page }) => {
    test.setTimeout(180_000);
    await openLesson(page, slug);
    await setCode(page, referenceOf(slug));
    await run(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
