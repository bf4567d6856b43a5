import { Bench } from 'tinybench';
import { WallClock } from '../clock.ts';
import type { Side } from '../result.ts';
import type { Trace } from '../trace.ts';
import { createRng, mixSeed } from '../rng.ts';
import { bootstrapMedian, widen, type Interval } from '../stats.ts';
import { timeVerdict } from '../verdict.ts';
import { CandidateError, ImpossibleFigureError, LessonError, NotPlainDataError, StaleAnswerError } from './errors.ts';
import type { CallOutcome, Run } from './run.ts';

/**
 * Phase 3, time, as a sequential design: rounds that rotate which side goes
 * first, looked at after each block of the schedule, stopping as soon as the
 * interval is decisive. Clear cases stop at the first look; a candidate near
 * the target gets more rounds, and then may honestly end inconclusive.
 *
 * - Each look is at confidence 1 − 5%/looks (Bonferroni), so taking several
 *   looks does not inflate the chance of a wrong verdict.
 * - The unit of evidence is the round: one time per side, one ratio.
 * - On the wall clock, a run in one process cannot see how much another
 *   process would differ (its compiled-code state, mostly). That variation
 *   was measured at a standard deviation of about 0.11 in the log ratio for
 *   a lesson 05 pair graded in 30 fresh processes, three times the
 *   within-run error; the interval is widened by it, so the same code
 *   graded again never flips between pass and fail.
 * - On the virtual clock times are exact for their seed: the interval is the
 *   spread over the rounds' workloads, not a measurement error.
 */
export interface Timing {
  perRound: Record<Side, number[]>;
  ks: Record<Side, number>;
  samples: Record<Side, number>;
  speedup: Interval;
  verdict: 'pass' | 'fail' | 'inconclusive';
  /** How many times the interval was looked at before it stopped. */
  looks: number;
  /** The confidence of each look's interval. */
  confidence: number;
  /** The log-ratio margin added on each side for variation between processes (0 on the virtual clock). */
  margin: number;
  /** Time per call after warm-up, per side (wall clock only). */
  warmMs?: Record<Side, number>;
  /** Each side's call of the first round, traced, where the lesson draws a timeline (virtual clock only). */
  traces: Traces;
}

/** Each side's traced call, where the lesson draws a timeline. */
export type Traces = Partial<Record<Side, Trace>>;

/** Standard deviation of the log speedup between fresh processes, on the wall clock (see above). */
export const BETWEEN_PROCESS_LOG_SD = 0.11;
/**
 * Rounds before each look. Virtual rounds are cheap and exact. Wall rounds
 * cost real time: a clear case (the starter, the reference) is decided at
 * the first look, after two rounds, whose interval is then dominated by the
 * between-process margin; only a candidate near the target pays for more.
 */
const VIRTUAL_LOOKS = [5, 10, 20];
const WALL_LOOKS = [2, 4, 8, 16];
/** Samples per side per wall round, each timing K calls: up to this many, fewer for a slow side (see samplesPerRound). */
const WALL_SAMPLES = 5;
/** A side's samples in one round take about this long, or one sample where a single one takes longer. */
const ROUND_SIDE_MS = 60;
/** A sample lasts at least this long, or 50 timer ticks, whichever is longer. */
const MIN_SAMPLE_MS = 2;
/** Warm-up, past the calls the correctness check made, lasts at most this long per side. */
const WARM_UP_MS = 300;

/** z for a two-sided interval at `confidence`, by Acklam's rational approximation of the normal quantile (error < 1e-8). */
export function zFor(confidence: number): number {
  const p = 1 - (1 - confidence) / 2;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.sqrt(-2 * Math.log(1 - p));
  if (p > 0.97575) return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  const r = p - 0.5;
  const t = r * r;
  return ((((((a[0]! * t + a[1]!) * t + a[2]!) * t + a[3]!) * t + a[4]!) * t + a[5]!) * r) / (((((b[0]! * t + b[1]!) * t + b[2]!) * t + b[3]!) * t + b[4]!) * t + 1);
}

/** How many samples a side gets per round: one sample of a slow side is already a long, steady measurement. */
export function samplesPerRound(msPerSample: number): number {
  return Math.max(1, Math.min(WALL_SAMPLES, Math.ceil(ROUND_SIDE_MS / Math.max(msPerSample, 1e-3))));
}

export async function timeRounds<W, O>(
  run: Run<W, O>,
  checkedMs: Record<Side, number[]>,
  countersDecided: boolean,
): Promise<Timing> {
  const { spec, options } = run;
  const progress = options.onProgress ?? (() => {});
  const perRound: Record<Side, number[]> = { baseline: [], candidate: [], reference: [] };
  const ks: Record<Side, number> = { baseline: 1, candidate: 1, reference: 1 };
  const samples: Record<Side, number> = { baseline: 0, candidate: 0, reference: 0 };
  const wall = spec.timing === 'wall';
  const perSample: Record<Side, number> = { baseline: WALL_SAMPLES, candidate: WALL_SAMPLES, reference: WALL_SAMPLES };
  let warmMs: Record<Side, number> | undefined;
  const traces: Traces = {};
  if (wall) {
    warmMs = { baseline: 0, candidate: 0, reference: 0 };
    for (const side of run.sides) {
      progress({ phase: 'warming', side });
      warmMs[side] = await warmUp(run, side, checkedMs[side], () => progress({ phase: 'warming', side }));
    }
    const sampleMs = Math.max(MIN_SAMPLE_MS, 50 * options.env.timerTickMs);
    // K is set from the warmed-up time, not the cold first call.
    for (const side of run.sides) {
      ks[side] = Math.min(1000, Math.max(1, Math.ceil(sampleMs / Math.max(warmMs[side], 1e-3))));
      perSample[side] = samplesPerRound(ks[side] * warmMs[side]);
    }
  }
  const looks = options.rounds ? [options.rounds, options.rounds * 2, options.rounds * 4] : wall ? WALL_LOOKS : VIRTUAL_LOOKS;
  const confidence = 1 - 0.05 / looks.length;
  const margin = wall ? zFor(confidence) * BETWEEN_PROCESS_LOG_SD : 0;
  let speedup: Interval = { median: NaN, low: NaN, high: NaN };
  let verdict: Timing['verdict'] = 'inconclusive';
  let round = 0;
  let looked = 0;
  for (const upTo of looks) {
    for (; round < upTo; round++) {
      const order = orderFor(run.sides, round);
      // A wall round can take seconds on a slow side: each sample tells the watchdog the run is alive.
      const alive = () => progress({ phase: 'measuring', round: round + 1, of: upTo });
      if (wall) await wallRound(run, round, order, ks, perSample, perRound, samples, alive);
      else await virtualRound(run, round, order, perRound, samples, traces);
      progress({ phase: 'measuring', round: round + 1, of: upTo });
    }
    looked += 1;
    const measured = bootstrapMedian(ratiosOf(run, perRound, 'candidate', ks.candidate), 2000, run.baseSeed, confidence);
    speedup = widen(measured, margin);
    verdict = timeVerdict(speedup, spec.target);
    // Counters already decide a miss; more rounds could not change that.
    if (verdict !== 'inconclusive' || countersDecided) break;
    if (options.stopWhenFutile && withinMargin(measured, spec.target, margin)) break;
  }
  return { perRound, ks, samples, speedup, verdict, looks: looked, confidence, margin, warmMs, traces };
}

/** Whether an interval lies within a log margin of the target on both sides (see MeasureOptions.stopWhenFutile). */
export function withinMargin(interval: Interval, target: number, margin: number): boolean {
  return margin > 0 && interval.low >= target * Math.exp(-margin) && interval.high <= target * Math.exp(margin);
}

/**
 * Which side goes first in a round: every rotation of the sides, then every
 * rotation reversed, so each side leads as often as the others.
 */
export function orderFor(sides: readonly Side[], round: number): Side[] {
  const n = sides.length;
  const shift = round % n;
  const rotated = [...sides.slice(shift), ...sides.slice(0, shift)];
  return Math.floor(round / n) % 2 === 0 ? rotated : rotated.reverse();
}

/**
 * Untimed calls until the time per call settles (three in a row within 15%),
 * so round 0 is not a cold start. The correctness check's calls count, so a
 * side that settled there needs none; a slow side needs few, as one long
 * call is already mostly compiled code.
 */
async function warmUp<W, O>(run: Run<W, O>, side: Side, checkedMs: readonly number[], tick: () => void): Promise<number> {
  const times: number[] = [...checkedMs];
  const settled = () => {
    const last = times.slice(-3);
    return last.length === 3 && Math.max(...last) <= 1.15 * Math.min(...last);
  };
  const budget = performance.now() + WARM_UP_MS;
  for (let i = 0; i < 12 && !settled() && (times.length < 2 || performance.now() < budget); i++) {
    const call = await run.once(side, mixSeed(run.baseSeed, 4, i));
    times.push(call.ms);
    tick();
  }
  const last = times.slice(-3).sort((a, b) => a - b);
  return last[Math.floor(last.length / 2)]!;
}

/**
 * Per-round ratios of baseline to `side`, on time or on the lesson's metric.
 * The divisor never goes below what can be told apart from zero: one unit of
 * a metric ("no user was exposed" reads as at least baseline ÷ 1), a tenth of
 * a simulated millisecond, or one timer tick over the K calls of a sample. So
 * no ratio is ever infinite or a meaningless 1e12.
 */
export function ratiosOf<W, O>(run: Run<W, O>, perRound: Record<Side, number[]>, side: Side, k = 1): number[] {
  const { spec, options } = run;
  const floor = spec.metric
    ? (spec.metric.floor ?? 1)
    : spec.timing === 'virtual'
      ? 0.1
      : Math.max(options.env.timerTickMs, 1e-4) / k;
  return perRound.baseline.map((b, r) => b / Math.max(perRound[side][r]!, floor));
}

/**
 * A virtual round: one call a side on the round's workload, which is exact;
 * the rounds vary the workload. Every side gets the same seed, so the
 * answer side's call (the reference, else the baseline) is the fresh answer
 * the candidate's output is checked against.
 */
async function virtualRound<W, O>(
  run: Run<W, O>,
  round: number,
  order: Side[],
  perRound: Record<Side, number[]>,
  samples: Record<Side, number>,
  traces: Traces,
) {
  const metric = run.spec.metric;
  const seed = mixSeed(run.baseSeed, 1, round, 0);
  const answerSide: Side = run.sides.includes('reference') ? 'reference' : 'baseline';
  const calls: Partial<Record<Side, CallOutcome<W, O>>> = {};
  // The first round's calls are the timeline's: the same workload for every side, and no call of its
  // own (the checked inputs came first, so the engine's code is compiled by then, not charged as work).
  const traced = round === 0 && run.spec.timeline !== undefined;
  for (const side of order) {
    const call = await run.once(side, seed, run.spec.size, traced);
    calls[side] = call;
    if (call.trace) traces[side] = call.trace;
    perRound[side].push(metric ? metricOf(call.counters, metric.key) : call.ms);
    samples[side] += 1;
  }
  const candidate = calls.candidate!;
  checkAgainst(run, calls[answerSide]!, candidate.output);
  run.refuseIfImpossible(candidate);
}

/**
 * A wall-clock round: for each side in the round's order, a fresh tinybench
 * Bench of that side's samples, each timing K calls on K fresh workloads.
 * Every output is copied inside the timed region and its counters recorded;
 * one output a sample, drawn at random, is kept to be checked against a
 * fresh answer, so no call can count on being unwatched.
 */
async function wallRound<W, O>(
  run: Run<W, O>,
  round: number,
  order: Side[],
  ks: Record<Side, number>,
  perSample: Record<Side, number>,
  perRound: Record<Side, number[]>,
  samples: Record<Side, number>,
  alive: () => void,
) {
  const pick = createRng(mixSeed(run.baseSeed, 3, round));
  const toCheck: { output: O; seed: number }[] = [];
  for (const side of order) {
    const k = ks[side];
    // Sample i of every side gets the same workloads: the sides are compared on the same inputs.
    let iteration = 0;
    // A fixed number of samples: a time budget would count the untimed workload preparation too.
    const bench = new Bench({ time: 0, iterations: perSample[side], warmup: false, throws: true, retainSamples: false });
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
        alive();
        return { overriddenDuration: elapsed / k, overriddenIterationCost: performance.now() - began };
      },
      { async: true },
    );
    try {
      await bench.run();
    } catch (error) {
      // tinybench wraps errors thrown by a task; unwrap ours.
      throw findOurError(error) ?? error;
    }
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
  checkAgainst(run, await run.truth(seed), output);
}

/** A timed output that differs from a fresh answer on the same input was remembered, not computed. */
function checkAgainst<W, O>(run: Run<W, O>, truth: CallOutcome<W, O>, output: O): void {
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

