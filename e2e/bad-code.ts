import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Code that goes wrong in each of the ways a learner's code can, made from a
 * lesson's starter by putting one statement at the top of its first exported
 * function. Shared by the unit and end-to-end tests and the run benchmark,
 * so all of them speak of the same programs. (No Playwright here: Vitest
 * imports it too.)
 */

const root = path.resolve(import.meta.dirname, '..');
const read = (relative: string) => readFileSync(path.join(root, relative), 'utf8');
const starterOf = (slug: string) => read(`exercises/${slug}/exercise.ts`);

export type BadKind = 'syntax' | 'throw' | 'wrong' | 'loop' | 'never-settles' | 'memory-bomb' | 'memory-bomb-filled' | 'memory-bomb-timer';

const firstExport = /(export (async )?function \w+\([^)]*\)[^{]*\{)/;

function atTopOfFirstExport(slug: string, statement: (isAsync: boolean) => string): string {
  const starter = starterOf(slug);
  const match = firstExport.exec(starter);
  if (!match) throw new Error(`${slug}: the starter has no exported function to put code in`);
  return starter.replace(firstExport, `$1\n  ${statement(match[2] !== undefined)}`);
}

/** The learner's file for `kind` on lesson `slug`; undefined when the lesson has no such case. */
export function badCode(slug: string, kind: BadKind): string | undefined {
  switch (kind) {
    case 'syntax':
      return atTopOfFirstExport(slug, () => 'const broken = ;');
    case 'throw':
      return atTopOfFirstExport(slug, () => "throw new Error('boom');");
    case 'wrong': {
      const file = `fixtures/${slug}/wrong-fast.ts`;
      return existsSync(path.join(root, file)) ? read(file) : undefined;
    }
    case 'loop':
      return atTopOfFirstExport(slug, () => 'while (true) {}');
    case 'never-settles':
      // In a function that is not async, a returned promise is awaited by the lessons that time it.
      return atTopOfFirstExport(slug, (isAsync) => (isAsync ? 'await new Promise(() => {});' : 'return new Promise(() => {}) as never;'));
    case 'memory-bomb':
      // V8 keeps an unfilled `new Array(1e6)` sparse, a few bytes each: this grows slowly, and a
      // loop that never pauses is what stops it.
      return atTopOfFirstExport(slug, () => 'const hoard: unknown[] = []; while (true) hoard.push(new Array(1e6));');
    case 'memory-bomb-filled':
      // 8 MB a push: the heap fills within seconds.
      return atTopOfFirstExport(slug, () => 'const hoard: unknown[] = []; while (true) hoard.push(new Array(1e6).fill(1));');
    case 'memory-bomb-timer':
      // Grows from a timer, so the thread pauses between pushes and its heartbeat goes on.
      return `const hoard: unknown[] = [];\nsetInterval(() => { for (let i = 0; i < 20; i++) hoard.push(new Array(1e6).fill(1)); }, 0);\n${starterOf(slug)}`;
  }
}

/** Where the page keeps the learner's code for a lesson (see src/ui/storage.ts). */
export const codeKey = (slug: string) => `perf-workshop:v1:code:${slug}`;
