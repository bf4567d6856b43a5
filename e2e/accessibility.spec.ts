import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { allPages } from './pages.ts';
import { lessons, openExample, openLesson, referenceOf, run, setCode, waitForEditor } from './support.ts';

/**
 * axe-core on every page in both themes, and on every lesson again once a run
 * has filled the results panel (verdict, counters, chart, query plans and
 * reports). Serious and critical violations fail, each listed with the
 * elements it names.
 */

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  // One line per rule and element, so a report names everything to fix at once.
  return serious.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`));
}

for (const scheme of ['light', 'dark'] as const) {
  for (const path of allPages) {
    test(`axe: ${path} (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      if (path.startsWith('/lessons/')) await waitForEditor(page);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

for (const slug of lessons) {
  test(`axe: /lessons/${slug}/ after a run`, async ({ page }) => {
    test.setTimeout(180_000);
    await openLesson(page, slug);
    await setCode(page, referenceOf(slug));
    await run(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: /playground/ after a run with a growth chart (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/playground/');
    await expect(page.locator('[data-playground][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
    await openExample(page, 'includes-vs-set');
    await page.locator('[data-action="run"]').click();
    await expect(page.locator('[data-growth]')).toBeVisible({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });
}

// On a phone wide tables and code scroll in their own boxes, and each such box must take the keyboard's focus.
test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  for (const path of allPages) {
    test(`axe at 390 px: ${path}`, async ({ page }) => {
      await page.goto(path);
      if (path.startsWith('/lessons/')) await waitForEditor(page);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

// TypeScript fades what the code never uses; faded text must stay readable in both themes.
for (const scheme of ['light', 'dark'] as const) {
  test(`axe: faded unused code in the editor (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openLesson(page, '01-async-io');
    await setCode(page, `${referenceOf('01-async-io')}\n// A helper nobody calls.\nfunction unusedHelper(unusedValue: number): string {\n  return 'never read';\n}\n`);
    await expect(page.locator('[data-editor] .squiggly-inline-unnecessary').first()).toBeAttached({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });
}
