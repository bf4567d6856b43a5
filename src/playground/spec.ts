import { ExerciseShapeError, exported, type ExerciseModule, type LessonSpec } from '../core/lesson.ts';
import type { Rng } from '../core/rng.ts';
import { firstDifference } from './difference.ts';
import type { PlaygroundFile } from './file.ts';

/**
 * A playground pair as a lesson: the measurement core needs nothing else
 * to time two snippets with the lessons' protocol (alternating rounds, K
 * calls a sample under the timer's tick, a fresh input for every call).
 * The setup is the lesson's `prepare`; the baseline snippet is its baseline,
 * and the other snippet sits where a learner's code would.
 */

/** What the setup's function is given: a seeded random source and the size of input to make. */
export interface SetupContext {
  rng: Rng;
  size: number;
}

/** Facts about the run, seen by every pair's calls. */
export interface CallNotes {
  /** A snippet returned a promise: it was timed until the promise settled. */
  awaited: boolean;
  /** The last answer of a snippet whose answers are not compared. */
  sink?: unknown;
}

/** What the setup returned, or why it cannot be every snippet's input (said of the setup: see part-error.ts). */
function checkedInput(input: unknown): unknown {
  if (input === undefined) throw new ExerciseShapeError('setup() returned nothing: return the input every snippet\'s run() takes');
  if (input instanceof Promise) {
    throw new ExerciseShapeError('setup() returned a promise, and setup is never awaited: make the input at once (a simulated service inside it may return promises)');
  }
  return input;
}

export function playgroundSpec(
  file: PlaygroundFile,
  setup: ExerciseModule,
  names: { baseline: string; candidate: string },
  notes: CallNotes,
  size = file.options.size,
): LessonSpec<unknown, unknown> {
  const makeInput = exported<(context: SetupContext) => unknown>(setup, 'setup');
  const compared = file.options.compare;
  return {
    slug: 'playground',
    timing: 'wall',
    exports: ['run'],
    size,
    prepare: ({ rng, size: n }) => checkedInput(makeInput(Object.freeze({ rng, size: n }))),
    async call(mod, input) {
      const returned = exported<(input: unknown) => unknown>(mod, 'run')(input);
      if (returned instanceof Promise) notes.awaited = true;
      const output = await returned;
      if (compared) return output;
      // Nothing is checked, but what came back is kept, so no engine can drop the work as unused.
      notes.sink = output;
      return undefined;
    },
    check: (expected, actual) => (compared ? firstDifference(expected, actual, { expected: names.baseline, actual: names.candidate }) : null),
    counterSpecs: [],
    // A playground has no goal to pass: an interval above 1 is faster, below it slower, across it the same.
    target: 1,
  };
}
