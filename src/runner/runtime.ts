import type { Environment } from '../core/result.ts';
import type { RunHandle, RunHandlers } from './controller.ts';
import type { LessonSources, RunRequest } from './protocol.ts';

/**
 * Where a lesson's comparison runs. The page picks one and never needs to
 * know which: the Web Worker runtime works everywhere, offline included; a
 * WebContainer runtime (real Node in the browser) can stand behind the same
 * interface.
 */
export interface Runtime {
  readonly kind: Environment['runtime'];
  /** Why this runtime is in use, in a few words, for the badge on the page. */
  readonly reason: string;
  /**
   * Gets a context ready for the next run of this lesson, ahead of the Run
   * click, where the runtime can: the lesson's own programs only, never the
   * learner's. Optional; a run works without it, only slower to start.
   */
  prepare?(slug: string, sources: LessonSources): void;
  run(request: RunRequest, handlers: RunHandlers): RunHandle;
}
