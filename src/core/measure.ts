import { Bench } from 'tinybench';
import { VirtualClock, WallClock, type Clock } from './clock.ts';
import type { CallContext, CounterSpec, ExerciseModule, LessonSpec, SideDetails, Threads } from './lesson.ts';
import type { Counters, Environment, RunResult, Side, SideResult } from './result.ts';
import { createRng, mixSeed } from './rng.ts';
import { bootstrapMedian, median, type Interval } from './stats.ts';
import { describeCorrectRun, evaluateGates, timeVerdict } from './verdict.ts';

/**
 * The measurement protocol of MEASUREMENT.md, independent of where it runs:
 * correctness first, then timing in alternating rounds, then the verdict.
 * The browser worker, a WebContainer and the verify command all call this.
 */

export type Subjects = {
  baseline: ExerciseModule;
  candidate: ExerciseModule;
  reference?: ExerciseModule;
};

export type Progress =
  | { phase: 'checking'; input: number; of: number }
  | { phase: 'measuring'; round: number; of: number }
  | { phase: 'growth'; size: number }
  | { phase: 'advisory' };

export interface MeasureOptions {
  env: Environment;
  onProgress?: (progress: Progress) => void;
  /** Rounds per attempt; an inconclusive result adds this many again, up to twice. */
  rounds?: number;
  /** Inputs checked for correctness before anything is timed. */
  inputs?: number;
  /** Changes every seed, so a run can be repeated on other inputs. */
  seed?: number;
  /** Real threads for each side's module, where the runtime has them. */
  threads?: (side: Side) => Threads;
}

const noThreads: Threads = {
  cores: 1,
  pool: () => Promise.reject(new Error('this runtime offers no threads')),
};

/** An error thrown by the learner's code, kept apart from errors of the engine. */
export class CandidateError extends Error {
  readonly original: unknown;
  readonly side: Side;
  constructor(original: unknown, side: Side) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'CandidateError';
    this.original = original;
    this.side = side;
  }
}

/** A virtual time is exact for its seed, so one call per round suffices; the rounds vary the seed. */
const VIRTUAL_CALLS_PER_ROUND = 1;
const WALL_ROUND_MS = 40;
const WALL_MIN_SAMPLES = 3;

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as { then?: unknown } | null)?.then === 'function';
}

export async function measure<W, O>(
  spec: LessonSpec<W, O>,
  subjects: Subjects,
  options: MeasureOptions,
): Promise<RunResult> {
  const started = performance.now();
  try {
    return await measureSteps(spec, subjects, options, started);
  } catch (error) {
    if (!(error instanceof StaleAnswerError)) throw error;
    return incorrect(
      spec,
      options.env,
      started,
      undefined,
      `on a timed run your answer differed from a fresh answer on the same input (${error.difference}). Does your code keep answers between calls? Each call gets new data.`,
      { baseline: {}, candidate: {}, reference: {} },
    );
  }
}

async function measureSteps<W, O>(
  spec: LessonSpec<W, O>,
  subjects: Subjects,
  options: MeasureOptions,
  started: number,
): Promise<RunResult> {
  const baseSeed = options.seed ?? 20261129;
  const progress = options.onProgress ?? (() => {});
  const sides: Side[] = subjects.reference ? ['baseline', 'candidate', 'reference'] : ['baseline', 'candidate'];
  const moduleOf = (side: Side): ExerciseModule => subjects[side]!;
  const contexts: Partial<Record<Side, CallContext>> = {};
  const contextOf = (side: Side): CallContext => (contexts[side] ??= { threads: options.threads?.(side) ?? noThreads });

  if (spec.metric && spec.timing !== 'virtual') throw new Error(`lesson ${spec.slug}: a metric other than time needs virtual timing`);
  const prepare = (seed: number, clock: Clock, size = spec.size): W =>
    spec.prepare({ seed, rng: createRng(seed), clock, size });

  /** One call of one side on a fresh workload; returns output, counters and its time. */
  async function once(side: Side, seed: number, size = spec.size) {
    const clock = spec.timing === 'virtual' ? new VirtualClock() : new WallClock();
    const work = prepare(seed, clock, size);
    const mod = moduleOf(side);
    let output: O;
    let ms: number;
    try {
      if (clock instanceof VirtualClock) {
        const run = await clock.run(() => spec.call(mod, work, contextOf(side)));
        output = run.value;
        ms = run.elapsed;
      } else {
        const t0 = performance.now();
        const value = spec.call(mod, work, contextOf(side));
        output = isThenable(value) ? await value : value;
        ms = performance.now() - t0;
      }
    } catch (error) {
      throw new CandidateError(error, side);
    }
    const counters: Counters = spec.counters ? spec.counters(work, output) : {};
    return { work, output, counters, ms };
  }

  // 1. Correct first: the same seeded inputs for every side, compared with the baseline.
  const inputs = options.inputs ?? 3;
  const worst: Record<Side, Counters> = { baseline: {}, candidate: {}, reference: {} };
  const details: Partial<Record<Side, SideDetails>> = {};
  const firstMs: Record<Side, number> = { baseline: 0, candidate: 0, reference: 0 };
  for (let i = 1; i <= inputs; i++) {
    const seed = mixSeed(baseSeed, 0, i);
    const expected = await once('baseline', seed);
    progress({ phase: 'checking', input: i, of: inputs });
    mergeWorst(worst.baseline, expected.counters, spec);
    if (i === 1) {
      firstMs.baseline = expected.ms;
      if (spec.details) details.baseline = spec.details(expected.work, expected.output);
    }
    for (const side of sides) {
      if (side === 'baseline') continue;
      const got = await once(side, seed);
      progress({ phase: 'checking', input: i, of: inputs });
      mergeWorst(worst[side], got.counters, spec);
      const difference = spec.check(expected.output, got.output, got.work);
      if (i === 1) {
        firstMs[side] = got.ms;
        // Details of a wrong answer are still worth showing: they often explain it.
        if (spec.details) details[side] = spec.details(got.work, got.output);
      }
      if (difference !== null) {
        if (side === 'reference') {
          throw new Error(`the reference solution disagrees with the baseline for input #${i}: ${difference}`);
        }
        // Right before and wrong now, on new data: the likeliest cause is a remembered answer.
        const hint = i > 1 ? ' (It was right on input #1: does your code keep answers between calls? Each call gets new data.)' : '';
        return { ...incorrect(spec, options.env, started, i, `${difference}${hint}`, worst), sides: incorrectSides(worst, details) };
      }
    }
  }

  // Advisory figures (real threads, machine-dependent): measured once per side, never gated.
  if (spec.advisory) {
    progress({ phase: 'advisory' });
    for (const side of sides) {
      let extra: Awaited<ReturnType<NonNullable<typeof spec.advisory>>>;
      try {
        extra = await spec.advisory(moduleOf(side), contextOf(side));
      } catch (error) {
        throw new CandidateError(error, side);
      }
      Object.assign(worst[side], extra.counters);
      if (extra.text) details[side] = { ...details[side], text: [details[side]?.text, extra.text].filter(Boolean).join('\n\n') };
      progress({ phase: 'advisory' });
    }
  }

  // 2. Counters are deterministic: they gate before time is even looked at.
  const gates = evaluateGates(spec.counterSpecs, worst.candidate);
  const missed = gates.filter((g) => !g.ok);

  // 3. Time, in rounds that alternate which side goes first.
  const perRound: Record<Side, number[]> = { baseline: [], candidate: [], reference: [] };
  const ks: Record<Side, number> = { baseline: 1, candidate: 1, reference: 1 };
  const samples: Record<Side, number> = { baseline: 0, candidate: 0, reference: 0 };
  if (spec.timing === 'wall') {
    const sampleMs = Math.max(1, 50 * options.env.timerTickMs);
    for (const side of sides) ks[side] = Math.min(1000, Math.max(1, Math.ceil(sampleMs / Math.max(firstMs[side], 1e-3))));
  }
  const roundsPerAttempt = options.rounds ?? 10;
  let speedup: Interval | null = null;
  let verdictOfTime: 'pass' | 'fail' | 'inconclusive' = 'inconclusive';
  let round = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const totalRounds = roundsPerAttempt * (attempt + 1);
    for (; round < totalRounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      if (spec.timing === 'virtual') {
        for (const side of order) {
          const times: number[] = [];
          for (let j = 0; j < VIRTUAL_CALLS_PER_ROUND; j++) {
            const seed = mixSeed(baseSeed, 1, round, j);
            const run = await once(side, seed);
            times.push(spec.metric ? metricOf(run.counters, spec.metric.key) : run.ms);
            samples[side] += 1;
            if (side === 'candidate') await spotCheck(run.output, seed);
          }
          perRound[side].push(median(times));
        }
      } else {
        await wallRound(round, order);
      }
      progress({ phase: 'measuring', round: round + 1, of: totalRounds });
    }
    const ratios = perRound.baseline.map((b, r) => ratio(b, perRound.candidate[r]!));
    speedup = bootstrapMedian(ratios, 2000, baseSeed);
    verdictOfTime = timeVerdict(speedup, spec.target);
    // Counters already decide a miss; more rounds could not change that.
    if (verdictOfTime !== 'inconclusive' || missed.length > 0) break;
  }

  // 4. Growth: time against input size, for lessons about complexity.
  const growth: Partial<Record<Side, { size: number; ms: number }[]>> = {};
  if (spec.growth) {
    for (const size of spec.growth.sizes) {
      progress({ phase: 'growth', size });
      for (const side of sides) {
        const times: number[] = [];
        for (let j = 0; j < 3; j++) times.push((await once(side, mixSeed(baseSeed, 2, size, j), size)).ms);
        (growth[side] ??= []).push({ size, ms: median(times) });
      }
    }
  }

  const sideResults: SideResult[] = sides.map((side) => ({
    side,
    time: bootstrapMedian(perRound[side], 2000, baseSeed),
    speedup:
      side === 'baseline'
        ? undefined
        : bootstrapMedian(perRound.baseline.map((b, r) => ratio(b, perRound[side][r]!)), 2000, baseSeed),
    counters: worst[side],
    k: ks[side],
    samples: samples[side],
    rounds: perRound[side].length,
    growth: growth[side],
    details: details[side],
  }));

  const verdict = missed.length > 0 ? 'fail' : verdictOfTime;
  const limitWork = spec.limit ? prepare(mixSeed(baseSeed, 0, 1), new VirtualClock()) : undefined;
  return {
    slug: spec.slug,
    verdict,
    correct: true,
    speedup,
    target: spec.target,
    timing: spec.timing,
    counterSpecs: spec.counterSpecs,
    gates,
    message: describeCorrectRun({ verdict, speedup: speedup!, target: spec.target, timing: spec.timing, missed, specs: spec.counterSpecs, metric: spec.metric }),
    failure: verdict === 'pass' ? undefined : { kind: missed.length > 0 ? 'counter' : 'slow' },
    sides: sideResults,
    limit: spec.limit && limitWork !== undefined ? spec.limit(limitWork) : undefined,
    chart: spec.chart,
    metric: spec.metric,
    env: options.env,
    durationMs: performance.now() - started,
  };

  /**
   * Checks one timed output against a fresh untimed answer on the same input,
   * so a candidate that remembers answers between calls is caught.
   */
  async function spotCheck(output: O, seed: number): Promise<void> {
    const truthSide: Side = subjects.reference ? 'reference' : 'baseline';
    const truth = await once(truthSide, seed);
    const difference = spec.check(truth.output, output, truth.work);
    if (difference !== null) {
      throw new StaleAnswerError(difference);
    }
  }

  async function wallRound(r: number, order: Side[]): Promise<void> {
    const bench = new Bench({
      time: WALL_ROUND_MS,
      iterations: WALL_MIN_SAMPLES,
      warmup: r === 0,
      warmupIterations: 1,
      warmupTime: 0,
      throws: true,
      retainSamples: false,
    });
    const last: Partial<Record<Side, { output: O; seed: number }>> = {};
    for (const side of order) {
      const mod = moduleOf(side);
      const context = contextOf(side);
      const k = ks[side];
      let iteration = 0;
      bench.add(
        side,
        async () => {
          const began = performance.now();
          const seeds = Array.from({ length: k }, (_, j) => mixSeed(baseSeed, 1, r, iteration, j));
          iteration += 1;
          const works = seeds.map((seed) => prepare(seed, new WallClock()));
          let output: O | undefined;
          const t0 = performance.now();
          try {
            for (const work of works) {
              const value = spec.call(mod, work, context);
              output = isThenable(value) ? await value : value;
            }
          } catch (error) {
            throw new CandidateError(error, side);
          }
          const elapsed = performance.now() - t0;
          last[side] = { output: output as O, seed: seeds[k - 1]! };
          return { overriddenDuration: elapsed / k, overriddenIterationCost: performance.now() - began };
        },
        { async: true },
      );
    }
    try {
      await bench.run();
    } catch (error) {
      // tinybench wraps errors thrown by a task; unwrap ours.
      throw findCandidateError(error) ?? error;
    }
    for (const side of order) {
      const task = bench.getTask(side);
      const result = task?.result;
      if (!result || !('latency' in result)) throw new Error(`no timing for ${side}`);
      perRound[side].push(result.latency.p50);
      samples[side] += result.latency.samplesCount;
    }
    const candidateLast = last.candidate;
    if (candidateLast) await spotCheck(candidateLast.output, candidateLast.seed);
  }
}

/** A timed answer that differs from a fresh answer on the same input. */
export class StaleAnswerError extends Error {
  readonly difference: string;
  constructor(difference: string) {
    super(difference);
    this.name = 'StaleAnswerError';
    this.difference = difference;
  }
}

/** A ratio that stays finite when the candidate brings a counter down to zero. */
function ratio(baseline: number, candidate: number): number {
  return baseline / Math.max(candidate, 1e-9);
}

function metricOf(counters: Counters, key: string): number {
  const value = counters[key];
  if (value === undefined) throw new Error(`the lesson's counters() did not report its metric "${key}"`);
  return value;
}

function incorrectSides(worst: Record<Side, Counters>, details: Partial<Record<Side, SideDetails>>): SideResult[] {
  return (['baseline', 'candidate', 'reference'] as const)
    .filter((side) => Object.keys(worst[side]).length > 0 || details[side])
    .map((side) => ({
      side,
      time: { median: NaN, low: NaN, high: NaN },
      counters: worst[side],
      k: 0,
      samples: 0,
      rounds: 0,
      details: details[side],
    }));
}

function findCandidateError(error: unknown): CandidateError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof CandidateError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Keeps, per counter, the worst value seen over the checked inputs. */
function mergeWorst(into: Counters, from: Counters, spec: { counterSpecs: readonly CounterSpec[] }): void {
  for (const [key, value] of Object.entries(from)) {
    const better = spec.counterSpecs.find((c) => c.key === key)?.better ?? 'lower';
    const prev = into[key];
    into[key] = prev === undefined ? value : better === 'lower' ? Math.max(prev, value) : Math.min(prev, value);
  }
}

function incorrect(
  spec: Pick<LessonSpec, 'slug' | 'target' | 'timing' | 'counterSpecs' | 'chart'>,
  env: Environment,
  started: number,
  input: number | undefined,
  difference: string,
  worst: Record<Side, Counters>,
): RunResult {
  return {
    slug: spec.slug,
    verdict: 'fail',
    correct: false,
    speedup: null,
    target: spec.target,
    timing: spec.timing,
    counterSpecs: spec.counterSpecs,
    gates: [],
    message: input === undefined ? `incorrect: ${difference}` : `incorrect: for input #${input} ${difference}`,
    failure: { kind: 'incorrect', input },
    chart: spec.chart,
    sides: incorrectSides(worst, {}),
    env,
    durationMs: performance.now() - started,
  };
}
