import type { LessonSpec } from './lesson.ts';
import { checkCorrectness } from './measure/correctness.ts';
import { measureAdvisory } from './measure/advisory.ts';
import { NotPlainDataError, StaleAnswerError } from './measure/errors.ts';
import { measureGrowth } from './measure/growth.ts';
import type { MeasureOptions, Subjects } from './measure/options.ts';
import { correctResult, incorrectResult } from './measure/report.ts';
import { timeRounds } from './measure/rounds.ts';
import { profileSides } from './measure/profile.ts';
import { Run } from './measure/run.ts';
import type { Profiler } from './measure/profile.ts';
import type { RunResult, Side } from './result.ts';
import { evaluateGates } from './verdict.ts';

/**
 * The measurement protocol of MEASUREMENT.md, independent of where it runs.
 * The browser worker, a WebContainer and the verify command all call this.
 * Its phases each live in a module of their own under measure/:
 *   1. correctness.ts  the same seeded inputs for every side, compared first
 *   2. advisory.ts     untimed figures that inform but never gate
 *   3. (here)          counters gate, worst over every call so far (noisy ones weigh every call)
 *   4. rounds.ts       time in alternating rounds; every timed call counted and spot-checked
 *                      (the first virtual round's calls traced, for lessons with a timeline)
 *   5. growth.ts       time against input size, for lessons about complexity
 *   6. profile.ts      a CPU profile per side, when the runtime is asked for one
 *   7. report.ts       the result
 * Every call of every phase goes through run.ts, the one place that
 * prepares a workload, calls a side and copies its output.
 */

export type { MeasureOptions, Progress, Subjects } from './measure/options.ts';
export { CandidateError, ImpossibleFigureError, LessonError, NotPlainDataError, StaleAnswerError } from './measure/errors.ts';

export async function measure<W, O>(spec: LessonSpec<W, O>, subjects: Subjects, options: MeasureOptions): Promise<RunResult> {
  const run = new Run(spec, subjects, options);
  return { ...(await measureRun(run)), seed: run.baseSeed };
}

/**
 * A profile run, with no verdict: each side is set up, then makes a few
 * untimed calls under `profiler` (profile.ts). The learner asks for it after
 * a run, to see where the time went; nothing here is timed or judged.
 */
export async function profileOnly<W, O>(
  spec: LessonSpec<W, O>,
  subjects: Subjects,
  options: MeasureOptions & { profiler: Profiler },
): Promise<Partial<Record<Side, unknown>>> {
  const run = new Run(spec, subjects, options);
  for (const side of run.sides) await run.setUp(side);
  return profileSides(run, options.profiler);
}

async function measureRun<W, O>(run: Run<W, O>): Promise<RunResult> {
  const { spec, options } = run;
  const started = performance.now();
  try {
    const correctness = await checkCorrectness(run);
    if (!correctness.ok) {
      return incorrectResult(spec, options.env, started, correctness.input, correctness.difference, run.book.worst, correctness.details);
    }
    const { details, timesMs } = correctness;
    await measureAdvisory(run, details);
    const early = evaluateGates(spec.counterSpecs, run.book.worst.candidate, run.book.noisy.candidate);
    const timing = await timeRounds(run, timesMs, early.some((g) => !g.ok));
    const growth = await measureGrowth(run, timing.perRound);
    const profiles = options.profiler ? await profileSides(run, options.profiler) : undefined;
    // Gates judge every call, the timed ones too: worst values may have grown since the check.
    const gates = evaluateGates(spec.counterSpecs, run.book.worst.candidate, run.book.noisy.candidate);
    return { ...correctResult(run, gates, timing, growth, details, started), ...(profiles ? { profiles } : {}) };
  } catch (error) {
    if (error instanceof StaleAnswerError) {
      return incorrectResult(
        spec,
        options.env,
        started,
        undefined,
        `on a timed run your answer differed from a fresh answer on the same input (${error.difference}). Does your code keep answers between calls? Each call gets new data.`,
        run.book.worst,
      );
    }
    if (error instanceof NotPlainDataError) return incorrectResult(spec, options.env, started, undefined, error.message, run.book.worst);
    throw error;
  }
}
