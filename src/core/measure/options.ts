import type { ExerciseModule, Threads } from '../lesson.ts';
import type { Environment, Side } from '../result.ts';
import type { Profiler } from './profile.ts';

export type Subjects = {
  baseline: ExerciseModule;
  candidate: ExerciseModule;
  reference?: ExerciseModule;
};

export type Progress =
  | { phase: 'checking'; input: number; of: number }
  | { phase: 'warming'; side: Side }
  | { phase: 'measuring'; round: number; of: number }
  | { phase: 'growth'; size: number }
  | { phase: 'advisory' }
  | { phase: 'profiling'; side: Side }
  /** The playground: the pair being measured next, `index` of `of` (src/playground/compare.ts). */
  | { phase: 'comparing'; snippet: string; baseline: string; index: number; of: number };

export interface MeasureOptions {
  env: Environment;
  onProgress?: (progress: Progress) => void;
  /** Rounds per attempt; an inconclusive result adds this many again, up to twice. */
  rounds?: number;
  /**
   * Check every input against the baseline itself, the reference included,
   * not only input #1 (see correctness.ts). For verify, which proves the
   * reference right; a learner's run takes the reference's answers.
   */
  strictOracle?: boolean;
  /** Inputs checked for correctness before anything is timed. */
  inputs?: number;
  /** Changes every seed, so a run can be repeated on other inputs. */
  seed?: number;
  /** Real threads for each side's module, where the runtime has them. */
  threads?: (side: Side) => Threads;
  /** Evaluates a side's code again, in a sandbox of its own (see CallContext.load). */
  load?: (side: Side, options?: { clockOffsetMs?: number }) => ExerciseModule;
  /**
   * The file name each side's code carries in stack traces (from the
   * sandbox), so an error can be told apart: the learner's or the lesson's.
   */
  sourceNames?: Partial<Record<Side, string>>;
  /**
   * Stop looking once more rounds could not decide: the interval, before the
   * between-process margin is added, lies within that margin of the target,
   * so the widened interval would hold the target however many rounds came.
   * The playground's "no measurable difference" is such an ending.
   */
  stopWhenFutile?: boolean;
  /** Profiles each side after the measurement (see profile.ts); the result then carries the profiles. */
  profiler?: Profiler;
}
