import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** Shared steps for the end-to-end tests: open a lesson, replace its code, run it. */

const root = path.resolve(import.meta.dirname, '..');

/** Every lesson that has prose, in course order. */
export const lessons = readdirSync(path.join(root, 'src/content/lessons'))
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => f.replace(/\.mdx$/, ''))
  .sort();

export const read = (relative: string) => readFileSync(path.join(root, relative), 'utf8');
export const starterOf = (slug: string) => read(`exercises/${slug}/exercise.ts`);
export const referenceOf = (slug: string) => read(`solutions/${slug}/exercise.ts`);

export async function openLesson(page: Page, slug: string): Promise<void> {
  await page.goto(`/lessons/${slug}/`);
  await waitForEditor(page);
}

/** The editor loads once the exercise is in view (at once on a wide screen; on a phone, after the prose). */
export async function waitForEditor(page: Page): Promise<void> {
  await page.locator('[data-editor]').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-workbench][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
}

/**
 * Replaces the whole file the way a learner pasting it would: select all, then
 * paste. (Typing key by key would trigger the editor's auto-indent and
 * auto-closing brackets and change the text.)
 */
export async function setCode(page: Page, code: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const { slug, starter } = await page.evaluate(
    () => JSON.parse(document.querySelector('[data-workbench] script[type="application/json"]')!.textContent!) as { slug: string; starter: string },
  );
  // The page stores what the editor holds (nothing when it is the starter); a paste that
  // did not land (focus elsewhere, clipboard not ready) is tried again.
  const expected = code === starter ? null : code;
  for (let attempt = 1; ; attempt++) {
    await page.evaluate((text) => navigator.clipboard.writeText(text), code);
    await page.locator('[data-editor] .monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
    try {
      await expect.poll(() => savedCode(page, slug), { timeout: 3_000 }).toBe(expected);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The text in the editor, read from the learner's saved copy (saved as they type). */
export async function savedCode(page: Page, slug: string): Promise<string | null> {
  return page.evaluate((s) => localStorage.getItem(`perf-workshop:v1:code:${s}`), slug);
}

/**
 * Runs until the timing is decided, at most three times. An inconclusive
 * timing is the honest answer when the machine is busy (MEASUREMENT.md: CI
 * never fails on one); the page then says to run again, and a learner would.
 */
export async function runUntilDecided(page: Page): Promise<{ verdict: string; text: string }> {
  let outcome = await run(page);
  for (let retry = 0; retry < 2 && outcome.verdict === 'inconclusive'; retry++) outcome = await run(page);
  return outcome;
}

export async function run(page: Page): Promise<{ verdict: string; text: string }> {
  await page.locator('[data-action="run"]').click();
  const verdict = page.locator('[data-verdict]:not([hidden])');
  await expect(verdict).toBeVisible({ timeout: 90_000 });
  return { verdict: (await verdict.getAttribute('data-verdict'))!, text: (await verdict.innerText()).replace(/\s+/g, ' ') };
}

/** The playground, ready (its editors made), opened with a fragment (a link) or none. */
export async function openPlayground(page: Page, fragment = ''): Promise<void> {
  await page.goto(`/playground/${fragment}`);
  await expect(page.locator('[data-playground][data-ready="true"]')).toBeAttached({ timeout: 30_000 });
}

/** Opens one of the playground's examples from its menu, as a user would: choose it, then Open. */
export async function openExample(page: Page, id: string): Promise<void> {
  await page.locator('[data-examples]').selectOption(id);
  await page.locator('[data-action="open-example"]').click();
}
