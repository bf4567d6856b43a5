import type { Progress } from '../core/measure.ts';
import type { RunResult } from '../core/result.ts';
import type { PlaygroundFile } from '../playground/file.ts';

/**
 * Messages between the page (or the verify command) and the isolated context
 * that runs learner code. Every runtime speaks this protocol, so the watchdog,
 * the progress bar and the results panel work the same on each.
 */

/** The slug of a playground run (RunRequest.playground), which has no lesson behind it. */
export const PLAYGROUND_SLUG = 'playground';

export interface RunSources {
  baseline: string;
  candidate: string;
  reference?: string;
}

export interface RunRequest {
  slug: string;
  sources: RunSources;
  /** Rounds per attempt (see MEASUREMENT.md); fewer is faster and less certain. */
  rounds?: number;
  seed?: number;
  /** Check every input against the baseline (see MeasureOptions.strictOracle). */
  strictOracle?: boolean;
  /** Profile each side after the measurement, where the runtime can (Node: verify --profile). */
  profile?: boolean;
  /**
   * Measure nothing: profile each side's lines instead (RunResult.lineProfiles),
   * from a few untimed calls of copies marked line by line (line-marks.ts).
   */
  profileLines?: boolean;
  /** A playground to compare instead of a lesson (slug `playground`; `sources` unused). */
  playground?: PlaygroundFile;
  /**
   * A pair of a lesson's playground (src/playground/start.ts): both sides are
   * the user's snippets, by these names, so an error in either is theirs and
   * says which (RunResult.failure.part).
   */
  pairOf?: { baseline: string; candidate: string };
}

/** The programs known before the learner's: the lesson's own, which may be made ready ahead of a run. */
export type LessonSources = Omit<RunSources, 'candidate'>;

export type HostMessage =
  /**
   * Sent before any Run: load the engine and the lesson, lock the environment
   * down and make the lesson's own programs ready (lesson 06 starts its
   * database). No learner code is in it; that comes only with `start`.
   */
  | { type: 'prepare'; slug: string; sources: LessonSources; seed?: number }
  | { type: 'start'; request: RunRequest };

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error';

export type WorkerMessage =
  /** The engine is loaded and the learner's code is about to run; the watchdog starts now. */
  | { type: 'started'; budgetMs: number }
  | { type: 'progress'; progress: Progress }
  | { type: 'console'; level: ConsoleLevel; text: string }
  | { type: 'result'; result: RunResult }
  /** Sent by the context's own timer every few hundred ms: its thread is not held by synchronous code. */
  | { type: 'alive' }
  /** The learner's code is ending the context (`close()`, `process.exit()`) before its result. */
  | { type: 'exiting'; code?: number };
