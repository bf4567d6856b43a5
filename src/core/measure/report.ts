import { VirtualClock } from '../clock.ts';
import type { LessonSpec, SideDetails } from '../lesson.ts';
import type { Counters, Environment, Gate, RunResult, Side, SideResult } from '../result.ts';
import { mixSeed } from '../rng.ts';
import { bootstrapMedian, median, widen } from '../stats.ts';
import { describeCorrectRun } from '../verdict.ts';
import { lessonStep } from './errors.ts';
import type { Growth } from './growth.ts';
import { ratiosOf, type Timing } from './rounds.ts';
import type { Run } from './run.ts';

/** Phase 7: the result the page and the verify command show, built from the phases' figures. */
export function correctResult<W, O>(
  run: Run<W, O>,
  gates: Gate[],
  timing: Timing,
  growth: Growth,
  details: Partial<Record<Side, SideDetails>>,
  started: number,
): RunResult {
  const { spec, options } = run;
  const missed = gates.filter((g) => !g.ok);
  const unsure = gates.filter((g) => g.unsure);
  const { perRound } = timing;
  const sides: SideResult[] = run.sides.map((side) => ({
    side,
    time: bootstrapMedian(perRound[side], 2000, run.baseSeed),
    // The candidate's speedup is the one the verdict used, so every place shows the same figure.
    speedup:
      side === 'baseline'
        ? undefined
        : side === 'candidate'
          ? timing.speedup
          : widen(bootstrapMedian(ratiosOf(run, perRound, side, timing.ks[side]), 2000, run.baseSeed, timing.confidence), timing.margin),
    counters: run.book.worst[side],
    k: timing.ks[side],
    samples: timing.samples[side],
    rounds: perRound[side].length,
    growth: growth[side],
    details: details[side],
    trace: timing.traces[side],
  }));
  // A gate that cannot tell keeps a run from passing, and only from passing: a slow run is still slow.
  const undecided = missed.length === 0 && unsure.length > 0 && timing.verdict === 'pass';
  const verdict = missed.length > 0 ? 'fail' : undecided ? 'inconclusive' : timing.verdict;
  const limit = spec.limit
    ? lessonStep('limit', () => spec.limit!(run.prepare(mixSeed(run.baseSeed, 0, 1), new VirtualClock())))
    : undefined;
  return {
    slug: spec.slug,
    verdict,
    correct: true,
    speedup: timing.speedup,
    target: spec.target,
    timing: spec.timing,
    counterSpecs: spec.counterSpecs,
    gates,
    message: describeCorrectRun({
      verdict,
      speedup: timing.speedup,
      target: spec.target,
      timing: spec.timing,
      missed,
      unsure: undecided ? unsure : undefined,
      specs: spec.counterSpecs,
      metric: spec.metric,
      medians: { baseline: median(perRound.baseline), candidate: median(perRound.candidate) },
    }),
    failure: verdict === 'pass' ? undefined : { kind: missed.length > 0 || undecided ? 'counter' : 'slow' },
    sides,
    limit,
    chart: spec.chart,
    timeline: spec.timeline && {
      caption: spec.timeline.caption,
      model: spec.timeline.model && lessonStep('timeline model', () => spec.timeline!.model!(timing.traces)),
      bars: spec.timeline.bars,
    },
    metric: spec.metric,
    protocol: {
      looks: timing.looks,
      confidence: timing.confidence,
      margin: timing.margin,
      spread: spec.timing === 'virtual' ? 'workloads' : 'measurement',
    },
    env: options.env,
    durationMs: performance.now() - started,
  };
}

/** A wrong answer: a verdict of its own, with the first difference, never a speedup. */
export function incorrectResult(
  spec: Pick<LessonSpec, 'slug' | 'target' | 'timing' | 'counterSpecs' | 'chart'>,
  env: Environment,
  started: number,
  input: number | undefined,
  difference: string,
  worst: Record<Side, Counters>,
  details: Partial<Record<Side, SideDetails>> = {},
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
    sides: incorrectSides(worst, details),
    env,
    durationMs: performance.now() - started,
  };
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
