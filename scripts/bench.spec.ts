import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/lessons/files.ts';
import { EXIT, lineInFile, parseArgs, type BenchEntry } from './bench.ts';

/**
 * `npm run bench` as CI runs it: the real command in a child process, so the
 * exit codes and the printed table are what a CI job sees. Fixtures that
 * fail do so before anything is timed; only two runs time anything.
 */
const repo = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function bench(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/bench.ts', ...args], { cwd: repo, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bench-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const playground = (snippets: Record<string, string>, baseline = Object.keys(snippets)[0]!) =>
  [
    '/// @playground 1',
    `/// @options ${JSON.stringify({ title: 'fixture', baseline, size: 10 })}`,
    '/// @setup',
    'export function setup({ size }) { return Array.from({ length: size }, (_, i) => i); }',
    ...Object.entries(snippets).flatMap(([name, code]) => [`/// @snippet ${name}`, '', code]),
  ].join('\n');

async function fixture(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('npm run bench', () => {
  it('runs the A/A example and prints its table (exit 0), and --json writes the report', async () => {
    const json = path.join(dir, 'out', 'a-a.json');
    const { code, out } = await bench(['examples/playground/a-a.ts', '--json', json, '--seed', '7']);
    expect(code, out).toBe(EXIT.done);
    expect(out).toMatch(/^ {2}snippet +time per call \[95% interval\] +speedup over `A` \[[\d.]+% interval\]$/m);
    expect(out).toMatch(/^ {2}A {9}[\d.]+ µs \[[\d.]+ µs, [\d.]+ µs\] +baseline$/m);
    expect(out).toMatch(/^ {2}A again +[\d.]+ µs \[.*\] +[\d.]+x (faster|slower) \[[\d.]+x (faster|slower), [\d.]+x (faster|slower)\]$/m);
    expect(out).toMatch(/`A again`: (no measurable difference from `A`|[\d.]+x (faster|slower) than `A`)/);
    expect(out).toMatch(/node \(Node v\d+[^)]*\), timer tick [\d.]+ µs, cross-origin isolated: no/);
    expect(out).toMatch(/seed 7 \(--seed 7 repeats this run's inputs\); verdict in [\d.]+ s/);
    const written = JSON.parse(await readFile(json, 'utf8')) as BenchEntry;
    expect(written).toMatchObject({ file: 'examples/playground/a-a.ts', exitCode: 0, report: { baseline: 'A', seed: 7 } });
    expect(written.report!.snippets.map((s) => s.name)).toEqual(['A', 'A again']);
    expect(written.report!.snippets[1]!.speedup!.low).toBeLessThan(written.report!.snippets[1]!.speedup!.high);
  });

  it('exits 4 when an --expect is not met, and says which, with the measured interval', async () => {
    const { code, out } = await bench(['examples/playground/a-a.ts', '--expect', 'A again faster than A by 50x', '--expect', 'A again as fast as A by 2x']);
    // The second expectation cannot be read: nothing runs.
    expect(code).toBe(EXIT.usage);
    expect(out).toMatch(/no snippet named "A by 2x"; the snippets are "A", "A again"; "as fast as" takes no factor/);
    const unmet = await bench(['examples/playground/a-a.ts', '--expect', 'A again faster than A by 50x']);
    expect(unmet.code, unmet.out).toBe(EXIT.unmet);
    expect(unmet.out).toMatch(/expect NOT met: 'A again faster than A by 50x': `A again` measured [\d.]+x (faster|slower) than `A` \(interval from .* to .*\): the whole interval is below 50x faster/);
    expect(unmet.out).toMatch(/1 of 1 expectations not met/);
  });

  it('exits 1 when the snippets disagree, naming them, and times nothing', async () => {
    const file = await fixture('disagree.ts', playground({ length: 'export function run(xs) { return xs.length; }', 'length + 1': 'export function run(xs) { return xs.length + 1; }' }));
    const { code, out } = await bench([file]);
    expect(code).toBe(EXIT.disagree);
    expect(out).toMatch(/`length \+ 1` and `length` disagree, so nothing was timed: for input #1 `length \+ 1` returned 11, `length` returned 10/);
    expect(out).toMatch(/"compare": false/);
    expect(out).not.toMatch(/time per call/);
  });

  it('exits 3 when a snippet throws, with the line in the file', async () => {
    const file = await fixture('throws.ts', playground({ fine: 'export function run(xs) { return 1; }', broken: 'export function run(xs) {\n  throw new Error("boom");\n}' }));
    const { code, out } = await bench([file]);
    expect(code).toBe(EXIT.failed);
    expect(out).toMatch(/snippet `broken` threw Error: boom \(line 2\)/);
    expect(out).toContain(`at ${file}:11 (line 2 of snippet "broken")`);
  });

  it('exits 2 on usage errors, with a message that says what to do', async () => {
    const missing = await bench([path.join(dir, 'missing.ts')]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.out).toMatch(/cannot read .*missing\.ts: there is no such file/);
    const badExpect = await bench(['examples/playground/a-a.ts', '--expect', 'A beats A again']);
    expect(badExpect.code).toBe(EXIT.usage);
    expect(badExpect.out).toMatch(/cannot read --expect 'A beats A again': write it as '<a> faster than <b>'/);
    const unknown = await bench(['examples/playground/a-a.ts', '--expect', 'B faster than A']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.out).toMatch(/no snippet named "B"; the snippets are "A", "A again"/);
    const notPlayground = await bench([await fixture('plain.ts', 'export const x = 1;\n')]);
    expect(notPlayground.code).toBe(EXIT.usage);
    expect(notPlayground.out).toMatch(/is not a playground file we can read: .*no "\/\/\/ @playground 1" line/);
    expect((await bench(['--frobnicate'])).code).toBe(EXIT.usage);
  });
});

describe('reading the command line', () => {
  it('takes one file, repeated --expect, --json and --seed', () => {
    expect(parseArgs(['x.ts', '--expect', 'a faster than b', '--expect', 'a faster than b by 2x', '--json', 'o.json', '--seed', '3'])).toEqual({
      file: 'x.ts',
      expect: ['a faster than b', 'a faster than b by 2x'],
      json: 'o.json',
      seed: 3,
    });
    expect(parseArgs([])).toEqual({ expect: [] });
  });

  it('refuses what it cannot do', () => {
    expect(() => parseArgs(['--expect', 'a faster than b'])).toThrow(/--expect needs a file/);
    expect(() => parseArgs(['x.ts', 'y.ts'])).toThrow(/one file at a time/);
    expect(() => parseArgs(['x.ts', '--seed', '-1'])).toThrow(UsageError);
    expect(() => parseArgs(['x.ts', '--json'])).toThrow(/--json needs a value/);
  });
});

describe('lines of a part, as lines of the file', () => {
  it('counts from the first line of the part that is not empty', () => {
    const text = '/// @playground 1\n/// @options {}\n/// @setup\n\n\nexport function setup() {}\n/// @snippet Set.has\nexport function run() {\n  boom();\n}\n';
    expect(lineInFile(text, 'setup', 1)).toBe(6);
    expect(lineInFile(text, 'Set.has', 2)).toBe(9);
    expect(lineInFile(text, 'missing', 1)).toBeUndefined();
  });
});
