import { describe, expect, it } from 'vitest';
import type { ExerciseModule } from '../core/lesson.ts';
import { timerTickMs } from '../core/timer.ts';
import { runPlayground, type PlaygroundModules } from './compare.ts';
import type { PlaygroundFile, PlaygroundOptions } from './file.ts';
import { PartError } from './part-error.ts';
import type { SetupContext } from './spec.ts';

/**
 * The playground's comparison on plain modules (the sandbox is the runner's
 * concern, tested there): the verdicts it must get right are the honest
 * "no measurable difference" for two copies of one snippet, and a clear
 * speedup for a pair that differs tenfold.
 */

const env = { runtime: 'node' as const, version: `Node ${process.version}`, crossOriginIsolated: false, timerTickMs: timerTickMs() };

/** Sums `input` `times` times over, so the cost of a call is set by `times`. */
const summing = (times: number): ExerciseModule => ({
  run: (input: number[]) => {
    let total = 0;
    for (let t = 0; t < times; t++) for (let i = 0; i < input.length; i++) total += input[i]!;
    return total / times;
  },
});

const setup: ExerciseModule = { setup: ({ rng, size }: SetupContext) => Array.from({ length: size }, () => rng.int(0, 1000)) };

function playground(snippets: Record<string, ExerciseModule>, options: Partial<PlaygroundOptions> = {}): [PlaygroundFile, PlaygroundModules] {
  const names = Object.keys(snippets);
  const file: PlaygroundFile = {
    options: { title: '', baseline: names[0]!, size: 2000, compare: true, ...options },
    setup: '',
    snippets: names.map((name) => ({ name, code: '' })),
  };
  return [file, { setup, snippets }];
}

const sourceNameOf = (part: string) => `${part}.ts`;

describe('a playground comparison', () => {
  it('finds no measurable difference between two copies of one snippet, 20 times in 20', async () => {
    // A small input: the setup's cost, paid for every call, is most of a run's time.
    const [file, modules] = playground({ a: summing(2), b: summing(2) }, { size: 300 });
    const comparisons: string[] = [];
    for (let run = 0; run < 20; run++) {
      const outcome = await runPlayground(file, modules, { env, sourceNameOf });
      if (!outcome.ok) throw new Error(outcome.disagreement.message);
      comparisons.push(outcome.report.snippets[1]!.comparison!);
    }
    expect(comparisons).toEqual(Array(20).fill('same'));
  }, 120_000);

  it('finds a tenfold pair faster, with the whole interval above 5', async () => {
    // A small input, summed many times over: the work is in the CPU, not in reading memory, so it is tenfold.
    const [file, modules] = playground({ slow: summing(2000), fast: summing(200) }, { size: 100 });
    const outcome = await runPlayground(file, modules, { env, sourceNameOf });
    if (!outcome.ok) throw new Error(outcome.disagreement.message);
    const fast = outcome.report.snippets.find((s) => s.name === 'fast')!;
    expect(fast.comparison).toBe('faster');
    expect(fast.speedup!.low).toBeGreaterThan(5);
    // The baseline carries times and no speedup of its own.
    expect(outcome.report.snippets[0]!.name).toBe('slow');
    expect(outcome.report.snippets[0]!.speedup).toBeUndefined();
    expect(outcome.report.snippets[0]!.time.median).toBeGreaterThan(fast.time.median * 5);
  }, 60_000);

  it('catches snippets that disagree before timing anything, and names them', async () => {
    const [file, modules] = playground({ right: summing(1), wrong: { run: (input: number[]) => input.length } });
    const outcome = await runPlayground(file, modules, { env, sourceNameOf });
    expect(outcome).toMatchObject({ ok: false, disagreement: { snippet: 'wrong', baseline: 'right', input: 1 } });
    if (outcome.ok) return;
    expect(outcome.disagreement.message).toMatch(/^`wrong` returned 2,?000, `right` returned \d+/);
  });

  it('times snippets whose answers differ when comparing is off', async () => {
    const [file, modules] = playground({ right: summing(1), other: { run: (input: number[]) => input.length } }, { compare: false });
    const outcome = await runPlayground(file, modules, { env, sourceNameOf });
    expect(outcome.ok).toBe(true);
  });

  it('times a promise until it settles, and says it did', async () => {
    const wait = (ms: number): ExerciseModule => ({ run: () => new Promise((resolve) => setTimeout(() => resolve(1), ms)) });
    const [file, modules] = playground({ slow: wait(12), quick: wait(1) }, { size: 1 });
    const outcome = await runPlayground(file, modules, { env, sourceNameOf });
    if (!outcome.ok) throw new Error(outcome.disagreement.message);
    expect(outcome.report.awaited).toBe(true);
    expect(outcome.report.snippets[0]!.time.median).toBeGreaterThan(10);
    expect(outcome.report.snippets[1]!.comparison).toBe('faster');
  }, 60_000);

  it('puts an error on the part it came from', async () => {
    const broken: ExerciseModule = { setup: () => { throw new Error('no input'); } };
    const [file, modules] = playground({ a: summing(1), b: summing(1) });
    await expect(runPlayground(file, { ...modules, setup: broken }, { env, sourceNameOf })).rejects.toMatchObject({ part: 'setup' });
    const throwing: ExerciseModule = { run: () => { throw new RangeError('bad'); } };
    const error = await runPlayground(file, { ...modules, snippets: { a: summing(1), b: throwing } }, { env, sourceNameOf }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartError);
    expect(error).toMatchObject({ part: 'b' });
  });

  it('sweeps sizes and names how each snippet grows', async () => {
    const quadratic: ExerciseModule = {
      run: (input: number[]) => {
        let pairs = 0;
        for (let i = 0; i < input.length; i++) for (let j = 0; j < input.length; j++) if (input[i]! < input[j]!) pairs++;
        return pairs > -1 ? input.reduce((a, b) => a + b, 0) : 0;
      },
    };
    const [file, modules] = playground({ linear: summing(1), quadratic }, { size: 1000, sizes: [1000, 2000, 4000, 8000] });
    const outcome = await runPlayground(file, modules, { env, sourceNameOf });
    if (!outcome.ok) throw new Error(outcome.disagreement.message);
    const [linear, square] = outcome.report.snippets;
    expect(linear!.growth!.map((p) => p.size)).toEqual([1000, 2000, 4000, 8000]);
    expect(linear!.fit!.name).toBe('about n');
    expect(square!.fit!.name).toBe('about n²');
  }, 60_000);
});
