import { Bench } from 'tinybench';
import { WallClock } from '../clock.ts';
import type { Side } from '../result.ts';
import { createRng, mixSeed } from '../rng.ts';
import { bootstrapMedian, type Interval } from '../stats.ts';
import { timeVerdict } from '../verdict.ts';
import { CandidateError, ImpossibleFigureError, LessonError, NotPlainDataError, StaleAnswerError } from './errors.ts';
import type { Run } from './run.ts';

/**
 * Phase 3, time: rounds that alternate which side goes first. The unit of
 * evidence is the round: each gives one time per side, and the speedup is
 * the median of the per-round ratios with a bootstrap interval.
 */
export interface Timing {
  perRound: Record<Side, number[]>;
  ks: Record<Side, number>;
  samples: Record<Side, number>;
  speedup: Interval;
  verdict: 'pass' | 'fail' | 'inconclusive';
}

/** A virtual time is exact for its seed, so one call per round suffices; the rounds vary the seed. */
const WALL_ROUND_MS = 40;
const WALL_MIN_SAMPLES = 3;

export async function timeRounds<W, O>(
  run: Run<W, O>,
  firstMs: Record<Side, number>,
  countersDecided: boolean,
): Promise<Timing> {
  const { spec, options } = run;
  const progress = options.onProgress ?? (() => {});
  const perRound: Record<Side, number[]> = { baseline: [], candidate: [], reference: [] };
  const ks: Record<Side, number> = { baseline: 1, candidate: 1, reference: 1 };
  const samples: Record<Side, number> = { baseline: 0, candidate: 0, reference: 0 };
  if (spec.timing === 'wall') {
    const sampleMs = Math.max(1, 50 * options.env.timerTickMs);
    for (const side of run.sides) ks[side] = Math.min(1000, Math.max(1, Math.ceil(sampleMs / Math.max(firstMs[side], 1e-3))));
  }
  const roundsPerAttempt = options.rounds ?? 10;
  let speedup: Interval = { median: NaN, low: NaN, high: NaN };
  let verdict: Timing['verdict'] = 'inconclusive';
  let round = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const totalRounds = roundsPerAttempt * (attempt + 1);
    for (; round < totalRounds; round++) {
      const order = round % 2 === 0 ? run.sides : [...run.sides].reverse();
      if (spec.timing === 'virtual') await virtualRound(run, round, order, perRound, samples);
      else await wallRound(run, round, order, ks, perRound, samples);
      progress({ phase: 'measuring', round: round + 1, of: totalRounds });
    }
    speedup = bootstrapMedian(ratiosOf(run, perRound, 'candidate'), 2000, run.baseSeed);
    verdict = timeVerdict(speedup, spec.target);
    // Counters already decide a miss; more rounds could not change that.
    if (verdict !== 'inconclusive' || countersDecided) break;
  }
  return { perRound, ks, samples, speedup, verdict };
}

/** Per-round ratios of baseline to `side`, on time or on the lesson's metric. */
export function ratiosOf<W, O>(run: Run<W, O>, perRound: Record<Side, number[]>, side: Side): number[] {
  const floor = run.spec.metric ? (run.spec.metric.floor ?? 1) : 1e-6;
  return perRound.baseline.map((b, r) => b / Math.max(perRound[side][r]!, floor));
}

async function virtualRound<W, O>(run: Run<W, O>, round: number, order: Side[], perRound: Record<Side, number[]>, samples: Record<Side, number>) {
  const metric = run.spec.metric;
  for (const side of order) {
    const seed = mixSeed(run.baseSeed, 1, round, 0);
    const call = await run.once(side, seed);
    perRound[side].push(metric ? metricOf(call.counters, metric.key) : call.ms);
    samples[side] += 1;
    if (side === 'candidate') await spotCheck(run, call.output, seed);
  }
}

/**
 * A wall-clock round: a fresh tinybench Bench, each sample timing K calls on
 * K fresh workloads. Every output is copied inside the timed region and its
 * counters recorded; one output a sample, drawn at random, is checked
 * against a fresh answer, so no call can count on being unwatched.
 */
async function wallRound<W, O>(
  run: Run<W, O>,
  round: number,
  order: Side[],
  ks: Record<Side, number>,
  perRound: Record<Side, number[]>,
  samples: Record<Side, number>,
) {
  const bench = new Bench({
    time: WALL_ROUND_MS,
    iterations: WALL_MIN_SAMPLES,
    warmup: round === 0,
    warmupIterations: 1,
    warmupTime: 0,
    throws: true,
    retainSamples: false,
  });
  const pick = createRng(mixSeed(run.baseSeed, 3, round));
  const toCheck: { output: O; seed: number }[] = [];
  for (const side of order) {
    const k = ks[side];
    let iteration = 0;
    bench.add(
      side,
      async () => {
        const began = performance.now();
        const seeds = Array.from({ length: k }, (_, j) => mixSeed(run.baseSeed, 1, round, iteration, j));
        iteration += 1;
        const works = seeds.map((seed) => run.prepare(seed, new WallClock()));
        const outputs: O[] = [];
        const t0 = performance.now();
        for (const work of works) outputs.push(await run.invoke(side, work));
        const elapsed = performance.now() - t0;
        for (let j = 0; j < k; j++) run.book.record(side, run.counters(works[j]!, outputs[j]!));
        if (side === 'candidate') {
          const j = pick.int(0, k - 1);
          toCheck.push({ output: outputs[j]!, seed: seeds[j]! });
        }
        return { overriddenDuration: elapsed / k, overriddenIterationCost: performance.now() - began };
      },
      { async: true },
    );
  }
  try {
    await bench.run();
  } catch (error) {
    // tinybench wraps errors thrown by a task; unwrap ours.
    throw findOurError(error) ?? error;
  }
  for (const side of order) {
    const result = bench.getTask(side)?.result;
    if (!result || !('latency' in result)) throw new Error(`no timing for ${side}`);
    perRound[side].push(result.latency.p50);
    samples[side] += result.latency.samplesCount;
  }
  // Check a few of the round's drawn outputs, not all: each check costs a call of the reference.
  for (const { output, seed } of sample(toCheck, 3, pick)) await spotCheck(run, output, seed);
}

function sample<T>(items: T[], n: number, rng: ReturnType<typeof createRng>): T[] {
  const copy = [...items];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(rng.int(0, copy.length - 1), 1)[0]!);
  return out;
}

/**
 * Checks one timed output against a fresh untimed answer on the same input,
 * so a candidate that remembers answers between calls is caught.
 */
async function spotCheck<W, O>(run: Run<W, O>, output: O, seed: number): Promise<void> {
  const truth = await run.truth(seed);
  const difference = run.check(truth.output, output, truth.work);
  if (difference !== null) throw new StaleAnswerError(difference);
}

function metricOf(counters: Record<string, number>, key: string): number {
  const value = counters[key];
  if (value === undefined) throw new Error(`the lesson's counters() did not report its metric "${key}"`);
  return value;
}

const ours = [CandidateError, StaleAnswerError, LessonError, NotPlainDataError, ImpossibleFigureError];

function findOurError(error: unknown): Error | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (ours.some((kind) => current instanceof kind)) return current as Error;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

