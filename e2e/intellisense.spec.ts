import { expect, test } from '@playwright/test';
import { lessons, openLesson, setCode, starterOf } from './support.ts';

// The editor type-checks the exercise against its types.ts: a type error is underlined,
// and the starter itself, which imports the lesson's types, has none.
for (const slug of lessons) {
  test(`${slug}: the editor knows the exercise's types`, async ({ page }) => {
    await openLesson(page, slug);
    const starter = starterOf(slug);
    const squiggles = page.locator('[data-editor] .squiggly-error');
    await setCode(page, `const wrong: number = 'not a number';\n${starter}`);
    // The editor draws only the lines in view, and a paste leaves the view at its end.
    await page.keyboard.press('ControlOrMeta+Home');
    await expect(squiggles.first()).toBeAttached({ timeout: 30_000 });
    await setCode(page, starter);
    for (const key of ['ControlOrMeta+Home', 'PageDown', 'PageDown', 'PageDown', 'PageDown', 'PageDown', 'PageDown']) {
      await page.keyboard.press(key);
      await expect(squiggles).toHaveCount(0, { timeout: 10_000 });
    }
  });
}
