import type { PlaygroundFile } from './file.ts';

/** What "New" opens, and what a link that cannot be read is replaced with: a pair that runs as it is. */
export function blankPlayground(): PlaygroundFile {
  return {
    options: { title: '', baseline: 'first', size: 1000, compare: true },
    setup: [
      "import type { SetupContext } from './types';",
      '',
      '// Called before every call, untimed: each call gets a fresh input.',
      'export function setup({ rng, size }: SetupContext) {',
      '  return Array.from({ length: size }, () => rng.int(0, 1_000_000));',
      '}',
      '',
      '// The input, as the snippets import it.',
      'export type Input = ReturnType<typeof setup>;',
    ].join('\n'),
    snippets: [
      { name: 'first', code: "import type { Input } from './setup';\n\nexport function run(numbers: Input) {\n  let total = 0;\n  for (const n of numbers) total += n;\n  return total;\n}" },
      { name: 'second', code: "import type { Input } from './setup';\n\nexport function run(numbers: Input) {\n  return numbers.reduce((total, n) => total + n, 0);\n}" },
    ],
  };
}

/** "Open in the playground" on a lesson: the baseline and the learner's code as the first two snippets of the lesson's playground. */
export function lessonPlayground(slug: string, title: string, baseline: string, yours: string): PlaygroundFile {
  return {
    // The lesson sets the size; the one here is never used.
    options: { title: `${title}: versions compared`, baseline: 'baseline', size: 1, compare: true, lesson: slug },
    setup: '',
    snippets: [
      { name: 'baseline', code: baseline },
      { name: 'your code', code: yours },
    ],
  };
}
