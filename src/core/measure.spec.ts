import { describe, expect, it } from 'vitest';
import { defineLesson, exported, type ExerciseModule, type LessonSpec } from './lesson.ts';
import { measure, type Subjects } from './measure.ts';
import type { Environment } from './result.ts';
import { timerTickMs } from './timer.ts';
import { timeVerdict } from './verdict.ts';

const env: Environment = { runtime: 'node', version: process.version, crossOriginIsolated: false, timerTickMs: timerTickMs() };

/** A waiting lesson: fetch `n` values from a service that takes 10 ms per call. */
interface FetchWork {
  ids: number[];
  base: number;
  get(id: number): Promise<number>;
  calls: number;
}
const fetchLesson = defineLesson<FetchWork, number[]>({
  slug: 'test-fetch',
  timing: 'virtual',
  exports: ['fetchAll'],
  size: 8,
  prepare: ({ rng, clock, size }) => {
    const work: FetchWork = {
      ids: Array.from({ length: size }, (_, i) => i),
      base: rng.int(1, 1000),
      calls: 0,
      get: async (id) => {
        work.calls += 1;
        await clock.sleep(10);
        return work.base + id;
      },
    };
    return work;
  },
  call: (mod, work) => exported<(ids: number[], get: (id: number) => Promise<number>) => Promise<number[]>>(mod, 'fetchAll')(work.ids, work.get),
  counters: (work) => ({ calls: work.calls }),
  check: (expected, actual) =>
    JSON.stringify(expected) === JSON.stringify(actual) ? null : `you returned ${JSON.stringify(actual)}, the baseline ${JSON.stringify(expected)}`,
  counterSpecs: [{ key: 'calls', label: 'calls to the service', better: 'lower', max: 8 }],
  target: 2,
});

const sequential: ExerciseModule = {
  fetchAll: async (ids: number[], get: (id: number) => Promise<number>) => {
    const out: number[] = [];
    for (const id of ids) out.push(await get(id));
    return out;
  },
};
const concurrent: ExerciseModule = {
  fetchAll: (ids: number[], get: (id: number) => Promise<number>) => Promise.all(ids.map(get)),
};

describe('measure, on a virtual clock', () => {
  it('draws a seed of its own for every run unless one is given, and reports it', async () => {
    const subjects = { baseline: sequential, candidate: concurrent };
    const a = await measure(fetchLesson, subjects, { env, rounds: 2 });
    const b = await measure(fetchLesson, subjects, { env, rounds: 2 });
    expect(a.seed).toEqual(expect.any(Number));
    expect(a.seed).not.toBe(b.seed);
    const repeated = await measure(fetchLesson, subjects, { env, rounds: 2, seed: a.seed });
    expect(repeated.seed).toBe(a.seed);
  });

  it('passes a real improvement with an exact speedup', async () => {
    const result = await measure(fetchLesson, { baseline: sequential, candidate: concurrent, reference: concurrent }, { env, rounds: 4 });
    expect(result.verdict).toBe('pass');
    expect(result.correct).toBe(true);
    expect(result.speedup).toEqual({ median: 8, low: 8, high: 8 });
    expect(result.message).toMatch(/^correct, 8x faster than the baseline in simulated time; target 2x: passed$/);
    const candidate = result.sides.find((s) => s.side === 'candidate')!;
    expect(candidate.time.median).toBe(10);
    expect(candidate.counters.calls).toBe(8);
  });

  it('fails the starter against its own baseline: an A/A pair is never faster', async () => {
    const result = await measure(fetchLesson, { baseline: sequential, candidate: sequential }, { env, rounds: 4 });
    expect(result.verdict).toBe('fail');
    expect(result.speedup?.median).toBe(1);
    expect(result.message).toMatch(/about as fast as the baseline/);
  });

  it('never times a wrong answer, and names the input and the difference', async () => {
    let calls = 0;
    const wrong: ExerciseModule = {
      fetchAll: async (ids: number[], get: (id: number) => Promise<number>) => {
        calls += 1;
        const values = await Promise.all(ids.map(get));
        return values.slice(1);
      },
    };
    const result = await measure(fetchLesson, { baseline: sequential, candidate: wrong }, { env, rounds: 4 });
    expect(result.verdict).toBe('fail');
    expect(result.correct).toBe(false);
    expect(result.speedup).toBeNull();
    expect(result.failure).toMatchObject({ kind: 'incorrect', input: 1 });
    expect(result.message).toMatch(/^incorrect: for input #1 you returned \[/);
    expect(calls).toBe(1);
  });

  it('catches a candidate that remembers answers between calls', async () => {
    let memo: number[] | undefined;
    const stateful: ExerciseModule = {
      fetchAll: async (ids: number[], get: (id: number) => Promise<number>) => {
        // Right on the first inputs, then serves what it remembered.
        if (memo && memo.length === ids.length) return memo;
        memo = await Promise.all(ids.map(get));
        return memo;
      },
    };
    // The memo survives from one call to the next; input #2 has other data.
    const result = await measure(fetchLesson, { baseline: sequential, candidate: stateful }, { env, rounds: 4 });
    expect(result.verdict).toBe('fail');
    expect(result.correct).toBe(false);
    expect(result.message).toMatch(/^incorrect: for input #2 /);
  });

  it('fails a fast candidate that misses a counter gate, and says which', async () => {
    const chatty: ExerciseModule = {
      fetchAll: async (ids: number[], get: (id: number) => Promise<number>) => {
        const values = await Promise.all(ids.map(get));
        await get(0);
        return values;
      },
    };
    const result = await measure(fetchLesson, { baseline: sequential, candidate: chatty }, { env, rounds: 4 });
    expect(result.verdict).toBe('fail');
    expect(result.correct).toBe(true);
    expect(result.failure?.kind).toBe('counter');
    expect(result.gates).toEqual([{ key: 'calls', label: 'calls to the service', value: 9, max: 8, min: undefined, ok: false }]);
    expect(result.message).toMatch(/over the limit on calls to the service: 9 \(at most 8 pass\)/);
    expect(result.message).not.toMatch(/Also/);
  });

  it('names every missed gate, the first with its advice', async () => {
    const twoGates = defineLesson<FetchWork, number[]>({
      ...fetchLesson,
      counterSpecs: [
        { key: 'calls', label: 'calls to the service', better: 'lower', max: 4, advice: 'Ask once per id.' },
        { key: 'twice', label: 'ids asked twice', better: 'lower', max: 0 },
      ],
      counters: (work) => ({ calls: work.calls, twice: Math.max(0, work.calls - work.ids.length) }),
    });
    const chatty: ExerciseModule = {
      fetchAll: async (ids: number[], get: (id: number) => Promise<number>) => {
        const values = await Promise.all(ids.map(get));
        await get(0);
        return values;
      },
    };
    const result = await measure(twoGates, { baseline: sequential, candidate: chatty }, { env, rounds: 2 });
    expect(result.message).toMatch(/calls to the service: 9 \(at most 4 pass\)\. Ask once per id\. Also over the limit on ids asked twice: 1 \(none allowed\)\.$/);
  });
});

describe('measure, with a noisy gate', () => {
  const noisyLesson = defineLesson<FetchWork, number[]>({
    ...fetchLesson,
    counterSpecs: [{ key: 'calls', label: 'calls to the service', better: 'lower', max: 8, noisy: true }],
  });
  /** Concurrent, with one call too many on every `every`-th run: as a measurement a busy machine sometimes spoils. */
  const overEvery = (every: number): ExerciseModule => {
    let runs = 0;
    return {
      fetchAll: async (ids: number[], get: (id: number) => Promise<number>) => {
        const values = await Promise.all(ids.map(get));
        if (++runs % every === 0) await get(0);
        return values;
      },
    };
  };

  it('never passes a fast candidate some of whose calls were over, and says it cannot tell', async () => {
    const result = await measure(noisyLesson, { baseline: sequential, candidate: overEvery(3) }, { env, rounds: 4 });
    expect(result.verdict).toBe('inconclusive');
    expect(result.failure?.kind).toBe('counter');
    expect(result.gates[0]).toMatchObject({ ok: true, value: 9, unsure: { best: 8 } });
    expect(result.message).toMatch(/calls to the service was over its limit on \d+ of \d+ calls \(up to 9\)/);
    expect(result.message).toMatch(/cannot tell\. Run again/);
  });

  it('fails one every call of which was over', async () => {
    const result = await measure(noisyLesson, { baseline: sequential, candidate: overEvery(1) }, { env, rounds: 4 });
    expect(result.verdict).toBe('fail');
    expect(result.gates[0]).toMatchObject({ ok: false, value: 9 });
  });

  it('passes one no call of which was over', async () => {
    const result = await measure(noisyLesson, { baseline: sequential, candidate: concurrent }, { env, rounds: 4 });
    expect(result.verdict).toBe('pass');
  });
});

/** A CPU lesson: sum the squares of an array, timed for real. */
const sumLesson = defineLesson<{ values: number[] }, number>({
  slug: 'test-sum',
  timing: 'wall',
  exports: ['sum'],
  size: 20_000,
  prepare: ({ rng, size }) => ({ values: Array.from({ length: size }, () => rng.int(0, 100)) }),
  call: (mod, work) => exported<(v: number[]) => number>(mod, 'sum')(work.values),
  check: (expected, actual) => (expected === actual ? null : `you returned ${actual}, the baseline ${expected}`),
  counterSpecs: [],
  target: 1.25,
});
const plainSum: ExerciseModule = {
  sum: (values: number[]) => {
    let total = 0;
    for (const v of values) total += v * v;
    return total;
  },
};
const slowSum: ExerciseModule = {
  sum: (values: number[]) => {
    // Quadratic on purpose: rescans the prefix for every element.
    let total = 0;
    for (let i = 0; i < values.length; i += 40) {
      let prefix = 0;
      for (let j = 0; j <= i; j++) prefix += values[j]! * 0;
      total += prefix;
    }
    for (const v of values) total += v * v;
    return total;
  },
};

describe('measure, on the wall clock', () => {
  it('calls the candidate first on input #1, so code that throws says so before the slow baseline runs', async () => {
    let baselineCalls = 0;
    const counted: ExerciseModule = { sum: (values: number[]) => ((baselineCalls += 1), (plainSum.sum as (v: number[]) => number)(values)) };
    const throwing: ExerciseModule = {
      sum: () => {
        throw new Error('boom');
      },
    };
    await expect(measure(sumLesson, { baseline: counted, candidate: throwing }, { env, rounds: 2 })).rejects.toThrow(/boom/);
    expect(baselineCalls).toBe(0);
  });

  it("makes the learner's side first and says so, so the learner's first call is held to the ordinary limits", async () => {
    const events: string[] = [];
    const lesson: LessonSpec<{ values: number[] }, number> = {
      ...sumLesson,
      setUp: async (mod) => void events.push(`set up ${mod === plainSum ? 'baseline' : 'candidate'}`),
      call: (mod, work) => (events.push(`call ${mod === plainSum ? 'baseline' : 'candidate'}`), sumLesson.call(mod, work, undefined as never)),
    };
    await measure(lesson, { baseline: plainSum, candidate: { ...plainSum } }, { env, rounds: 2, onProgress: (p) => events.push(p.phase) });
    expect(events.slice(0, 4)).toEqual(['set up candidate', 'checking', 'call candidate', 'checking']);
    expect(events).not.toContain('set up baseline');
  });

  it('never judges an A/A pair faster than the target, over several seeds', async () => {
    // An A/A pair is inconclusive at best, so it runs every look of the schedule: keep the looks short.
    for (const seed of [1, 2]) {
      const subjects: Subjects = { baseline: plainSum, candidate: { ...plainSum } };
      const result = await measure(sumLesson, subjects, { env, rounds: 3, seed });
      expect(result.verdict).not.toBe('pass');
      expect(result.speedup!.low).toBeLessThan(1.25);
    }
  });

  it('finds a large real speedup with an interval that excludes 1', async () => {
    const result = await measure(sumLesson, { baseline: slowSum, candidate: plainSum }, { env, rounds: 6 });
    expect(result.verdict).toBe('pass');
    expect(result.speedup!.low).toBeGreaterThan(1.25);
    const candidate = result.sides.find((s) => s.side === 'candidate')!;
    expect(candidate.k).toBeGreaterThanOrEqual(1);
    // A clear case stops at the first look.
    expect(candidate.rounds).toBe(6);
    expect(candidate.samples).toBe(6 * 5);
    expect(result.protocol).toMatchObject({ looks: 1, spread: 'measurement' });
  });
});

describe('timeVerdict', () => {
  it('passes only when the whole interval clears the target, fails only when it is all below', () => {
    expect(timeVerdict({ median: 12, low: 10, high: 14 }, 10)).toBe('pass');
    expect(timeVerdict({ median: 11, low: 9.9, high: 14 }, 10)).toBe('inconclusive');
    expect(timeVerdict({ median: 8, low: 7, high: 9.99 }, 10)).toBe('fail');
  });
});

describe('formatRatio', () => {
  it('drops trailing zeros and keeps sensible precision', async () => {
    const { formatRatio } = await import('./verdict.ts');
    expect(formatRatio(8)).toBe('8x');
    expect(formatRatio(1.25)).toBe('1.25x');
    expect(formatRatio(1.3)).toBe('1.3x');
    expect(formatRatio(38.04)).toBe('38x');
    expect(formatRatio(152.6)).toBe('153x');
  });
});

describe('measure, on a lesson metric other than time', () => {
  const metricLesson = defineLesson<FetchWork, number[]>({
    ...fetchLesson,
    slug: 'test-metric',
    metric: { key: 'calls', label: 'calls to the service' },
    counterSpecs: [{ key: 'calls', label: 'calls to the service', better: 'lower' }],
    target: 1.5,
    advisory: async () => ({ counters: { cores: 2 }, text: 'two cores' }),
  });
  const once: ExerciseModule = {
    // Fetches each distinct id once: half the calls, since every id is asked twice.
    fetchAll: async (ids: number[], get: (id: number) => Promise<number>) => {
      const half = await Promise.all(ids.slice(0, ids.length / 2).map(get));
      return ids.map((id) => (id < ids.length / 2 ? half[id]! : half[id - ids.length / 2]! + ids.length / 2));
    },
  };

  it('computes the improvement on the counter and says so', async () => {
    const result = await measure(metricLesson, { baseline: sequential, candidate: once }, { env, rounds: 3 });
    expect(result.verdict).toBe('pass');
    expect(result.speedup!.median).toBe(2);
    expect(result.message).toBe("correct, calls to the service 2x lower than the baseline's; target 1.5x: passed");
    const candidate = result.sides.find((s) => s.side === 'candidate')!;
    expect(candidate.counters.cores).toBe(2);
    expect(candidate.details?.text).toBe('two cores');
  });
});

describe('the order of sides', () => {
  it('lets every side go first, forwards and backwards', async () => {
    const { orderFor } = await import('./measure/rounds.ts');
    const sides = ['baseline', 'candidate', 'reference'] as const;
    const firsts = Array.from({ length: 6 }, (_, r) => orderFor(sides, r)[0]);
    expect(new Set(firsts)).toEqual(new Set(sides));
    expect(orderFor(sides, 3)).toEqual(['reference', 'candidate', 'baseline']);
  });
});
