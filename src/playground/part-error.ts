import { CandidateError, LessonError } from '../core/measure.ts';

/** An error in one part of the playground: `setup`, or a snippet by name. */
export class PartError extends Error {
  readonly part: string;
  readonly original: unknown;
  constructor(part: string, original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'PartError';
    this.part = part;
    this.original = original;
  }
}

/** Whose an error in a pair's measurement is: the setup's (the lesson's prepare step), or one snippet's. */
export function partOf(error: unknown, pair: { baseline: string; candidate: string }): unknown {
  if (error instanceof LessonError && error.step === 'prepare') return new PartError('setup', error.original);
  if (error instanceof CandidateError) return new PartError(error.side === 'baseline' ? pair.baseline : pair.candidate, error.original);
  return error;
}
