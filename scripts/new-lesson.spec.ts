import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sourcesProblem } from '../src/lessons/sources-section.ts';
import { main, titleFromSlug } from './new-lesson.ts';

/**
 * The scaffold must verify from its first minute. It is scaffolded into a
 * temporary copy of what the verify command needs (the engine, the lessons'
 * file layout, the outline and the default workshop), never into the
 * repository, and graded there by the real verify command in a child
 * process, as CI would run `npm run verify -- --lesson <slug>`. Because the
 * copy has its own scripts/verify.ts and src/runner/, the verify command and
 * its worker threads find the lesson relative to the copy: no engine change.
 */
const repo = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const SLUG = '11-parallel-fetch';

let root: string;
let output: string[];

async function node(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, timeout: 90_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'new-lesson-'));
  // The runner runs playgrounds too (src/runner/playground-session.ts), which quote answers with the kit's show().
  for (const dir of ['src/core', 'src/sim', 'src/runner', 'src/lessons', 'src/playground', 'src/kit']) await cp(path.join(repo, dir), path.join(root, dir), { recursive: true });
  for (const file of ['scripts/verify.ts', 'src/content/outline.json', 'workshop.config.json', 'tsconfig.json']) {
    await cp(path.join(repo, file), path.join(root, file));
  }
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  output = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void output.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void output.push(a.join(' ')));
  return () => vi.restoreAllMocks();
});

describe('npm run new-lesson', () => {
  it('scaffolds every file of a lesson, and adds it to the outline and the default workshop', async () => {
    expect(await main([SLUG, '--root', root])).toBe(0);
    for (const file of [
      `exercises/${SLUG}/exercise.ts`,
      `exercises/${SLUG}/types.ts`,
      `exercises/${SLUG}/spec.ts`,
      `solutions/${SLUG}/exercise.ts`,
      `fixtures/${SLUG}/wrong-fast.ts`,
      `fixtures/${SLUG}/stateful.ts`,
      `src/content/lessons/${SLUG}.mdx`,
      `src/content/presenter/${SLUG}.md`,
    ]) {
      expect((await readFile(path.join(root, file), 'utf8')).length, file).toBeGreaterThan(100);
    }
    const outline = JSON.parse(await readFile(path.join(root, 'src/content/outline.json'), 'utf8')) as { id: string; order: number; title: string }[];
    expect(outline.at(-1)).toEqual({ id: SLUG, order: 11, title: 'Parallel fetch' });
    const workshop = JSON.parse(await readFile(path.join(root, 'workshop.config.json'), 'utf8')) as { lessons: string[]; breaks: unknown[] };
    expect(workshop.lessons.at(-1)).toBe(SLUG);
    expect(workshop.breaks.length).toBeGreaterThan(0);
    const mdx = await readFile(path.join(root, `src/content/lessons/${SLUG}.mdx`), 'utf8');
    expect(mdx).toMatch(/^---\nsummary: ".{10,}"\nhints:\n(  - ".+"\n){2,4}minutes: \d+\n---\n/);
    expect(sourcesProblem(mdx), 'the scaffold ends with its Sources').toBeNull();
    expect(output.join('\n')).toMatch(/npm run verify -- --lesson 11-parallel-fetch/);
  });

  it('passes the verify command at once: the reference passes, the starter does not', async () => {
    const { code, out } = await node(['scripts/verify.ts', '--lesson', SLUG]);
    expect(out).toMatch(/ok {3}11-parallel-fetch +reference +pass/);
    expect(out).toMatch(/ok {3}11-parallel-fetch +starter +fail/);
    expect(out).toMatch(/all 2 checks as expected/);
    expect(code).toBe(0);
  });

  it('ships known-bad fixtures that are judged incorrect', async () => {
    const wrong = await node(['scripts/verify.ts', '--lesson', SLUG, '--candidate', `fixtures/${SLUG}/wrong-fast.ts`]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/incorrect: for input #\d+ item \d+/);
    const stateful = await node(['scripts/verify.ts', '--lesson', SLUG, '--candidate', `fixtures/${SLUG}/stateful.ts`]);
    expect(stateful.code).toBe(1);
    expect(stateful.out).toMatch(/incorrect: .*keep answers between calls/);
  });

  it('type-checks under the project\'s strict settings', async () => {
    await writeFile(
      path.join(root, 'tsconfig.scaffold.json'),
      JSON.stringify({ extends: './tsconfig.json', include: [`exercises/${SLUG}`, `solutions/${SLUG}`, `fixtures/${SLUG}`], exclude: [] }),
    );
    const { code, out } = await node([path.join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.scaffold.json']);
    expect(out).toBe('');
    expect(code).toBe(0);
  });

  it('refuses bad slugs, existing lessons and taken numbers, with a clear message', async () => {
    expect(await main(['Parallel Fetch', '--root', root])).toBe(2);
    expect(output.join('\n')).toMatch(/"Parallel Fetch" is not a lesson slug: use two digits, a dash and lowercase words/);
    for (const bad of ['1-x', '11_x', '11-', '11-a--b', '11-Caps']) expect(await main([bad, '--root', root])).toBe(2);
    output = [];
    expect(await main([SLUG, '--root', root])).toBe(2);
    expect(output.join('\n')).toMatch(/lesson 11-parallel-fetch already exists: exercises\/11-parallel-fetch is there/);
    output = [];
    expect(await main(['03-something-else', '--root', root])).toBe(2);
    expect(output.join('\n')).toMatch(/the number 03 is taken by 03-concurrency .* e\.g\. 12-something-else/);
    expect(await main(['--root', root])).toBe(2);
    expect(await main([])).toBe(2);
  });

  it('derives a title from the slug, or takes one', () => {
    expect(titleFromSlug('11-rate-limits')).toBe('Rate limits');
    expect(titleFromSlug('12-n-plus-one')).toBe('N plus one');
  });
});
