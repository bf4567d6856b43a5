import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, readLessonSources } from '../src/lessons/files.ts';
import { runInNode } from '../src/runner/node/runtime.ts';

/**
 * Every lesson ships known-bad candidates in fixtures/<slug>/: a fast but
 * wrong answer, and one that keeps answers between calls. Both must be
 * judged incorrect, never timed into a pass.
 */
const dir = path.join(projectRoot, 'fixtures');
const cases = readdirSync(dir).flatMap((slug) =>
  readdirSync(path.join(dir, slug))
    .filter((f) => f.endsWith('.ts'))
    .map((file) => ({ slug, file })),
);

describe('known-bad candidates', () => {
  it('exist for the lessons', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  for (const { slug, file } of cases) {
    it(`${slug}/${file} is judged incorrect`, async () => {
      const sources = await readLessonSources(slug);
      const candidate = await readFile(path.join(dir, slug, file), 'utf8');
      const result = await runInNode({ slug, sources: { baseline: sources.baseline, reference: sources.reference, candidate } }).result;
      expect(result.verdict, result.message).toBe('fail');
      expect(result.correct).toBe(false);
      expect(result.message).toMatch(/^incorrect: /);
      if (file.startsWith('stateful')) expect(result.message).toMatch(/keep answers between calls|earlier call|kept from/i);
    });
  }
});
