import { describe, expect, it } from 'vitest';
import { badCode } from '../../e2e/bad-code.ts';
import { readLessonSources } from '../lessons/files.ts';
import type { PlaygroundFile } from '../playground/file.ts';
import { memoryMessage } from './controller.ts';
import { MEMORY_LIMIT_MB, runInNode } from './node/runtime.ts';

/**
 * Playgrounds in the runner's own sandbox and watchdog (a Node worker
 * thread here, a Web Worker on the page): every part in a compartment of its
 * own, and whatever goes wrong said of the part it happened in.
 */

const base: PlaygroundFile = {
  options: { title: '', baseline: 'a', size: 200, compare: true },
  setup: "export function setup({ rng, size }) {\n  return Array.from({ length: size }, () => rng.int(0, 9));\n}",
  snippets: [
    { name: 'a', code: 'export function run(xs) {\n  return xs.reduce((s, x) => s + x, 0);\n}' },
    { name: 'b', code: 'export function run(xs) {\n  let s = 0;\n  for (const x of xs) s += x;\n  return s;\n}' },
  ],
};

const run = (file: PlaygroundFile) => runInNode({ slug: 'playground', sources: { baseline: '', candidate: '' }, playground: file }).result;
const withB = (code: string): PlaygroundFile => ({ ...base, snippets: [base.snippets[0]!, { name: 'b', code }] });

describe('a playground in the runner', () => {
  it('measures every snippet against the baseline snippet', async () => {
    const result = await run(base);
    expect(result.playground?.snippets.map((s) => s.name)).toEqual(['a', 'b']);
    expect(result.playground?.snippets[1]?.speedup?.median).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    ['a syntax error in a snippet', withB('export function run( {\n}'), { kind: 'syntax', part: 'b', line: 2 }, /^snippet `b`: syntax error on line 2/],
    ['a syntax error in the setup', { ...base, setup: 'export function setup() {\n  return [;\n}' }, { kind: 'syntax', part: 'setup', line: 2 }, /^the setup: syntax error/],
    ['a throw in a snippet', withB('export function run() {\n  throw new RangeError("no");\n}'), { kind: 'error', part: 'b', line: 2 }, /^snippet `b` threw RangeError: no \(line 2\)$/],
    ['a throw in the setup', { ...base, setup: 'export function setup() {\n  throw new Error("no input");\n}' }, { kind: 'error', part: 'setup', line: 2 }, /^the setup threw Error: no input \(line 2\)$/],
    ['a setup that returns a promise', { ...base, setup: 'export function setup() {\n  return new Promise(() => {});\n}' }, { kind: 'shape', part: 'setup' }, /^the setup: setup\(\) returned a promise/],
    ['a setup that returns nothing', { ...base, setup: 'export function setup() {}' }, { kind: 'shape', part: 'setup' }, /^the setup: setup\(\) returned nothing/],
    ['a snippet without run', withB('export const x = 1;'), { kind: 'shape', part: 'b' }, /must export a function named `run`/],
    ['a write to a frozen built-in', withB('export function run() {\n  Array.prototype.map = () => [];\n}'), { kind: 'boundary', part: 'b', line: 2 }, /tried to change something it may only use/],
    ['a reach for the host', withB('export function run() {\n  return self.postMessage;\n}'), { kind: 'boundary', part: 'b' }, /reached for `self`/],
    ['different answers', withB('export function run(xs) {\n  return xs.length;\n}'), { kind: 'incorrect', part: 'b' }, /^`b` and `a` disagree, so nothing was timed: for input #1 `b` returned 200, `a` returned \d+/],
  ])('says what went wrong, and where: %s', async (_, file, failure, message) => {
    const result = await run(file);
    expect(result.playground).toBeUndefined();
    expect(result.failure).toMatchObject(failure);
    expect(result.message).toMatch(message);
  }, 60_000);

  it('stops a memory bomb in a snippet with the memory message', async () => {
    const result = await run(withB('export function run() {\n  const kept = [];\n  while (true) kept.push(new Array(1e6).fill(1));\n}'));
    expect(result.message).toBe(memoryMessage(MEMORY_LIMIT_MB));
  }, 60_000);

  it("in a lesson's playground, an error in the baseline snippet is the user's, and says so", async () => {
    const { baseline } = await readLessonSources('03-concurrency');
    const throwing = badCode('03-concurrency', 'throw')!;
    const result = await runInNode({ slug: '03-concurrency', sources: { baseline: throwing, candidate: baseline }, pairOf: { baseline: 'first try', candidate: 'second' } }).result;
    expect(result.message).toMatch(/^your code threw Error: boom/);
    expect(result.message).not.toMatch(/bug in the workshop/);
    expect(result.failure?.part).toBe('first try');
  }, 60_000);
});
