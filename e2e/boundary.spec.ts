import { expect, test } from '@playwright/test';
import { openLesson, read, referenceOf, run, setCode } from './support.ts';

/**
 * The trust boundary in the page's Web Worker: each attack from
 * fixtures/_boundary/ is put in front of a reference solution, so only the
 * attack stands between it and a pass, and the verdict must refuse it.
 * (scripts/fixtures.spec.ts runs every attack in Node.)
 */
const attacks = ['patch-prototype', 'post-result', 'import-spec', 'dynamic-import', 'silent-self', 'patch-performance'];

// Every attack on a virtual-clock lesson, two on a real-time one (each costs a page load and a run).
const lessons = { '03-concurrency': attacks, '05-data-structures': ['patch-prototype', 'post-result'] };

for (const [slug, tried] of Object.entries(lessons)) {
  test.describe(`${slug}: the trust boundary in the browser`, () => {
    for (const attack of tried) {
      test(`${attack} is refused`, async ({ page }) => {
        await openLesson(page, slug);
        await setCode(page, `${read(`fixtures/_boundary/${attack}.ts`)}\n${referenceOf(slug)}`);
        const { verdict, text } = await run(page);
        expect(verdict).toBe('fail');
        expect(text).toMatch(/changed the measuring environment/);
      });
    }
  });
}
