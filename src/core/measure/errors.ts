import type { Side } from '../result.ts';

/**
 * The errors a run can end in, kept apart by whose fault they are: the
 * learner's code (CandidateError, and the kinds it wraps), or the lesson's
 * own spec (LessonError), which is a bug in the workshop, never "your code
 * threw".
 */

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

/** A step of the lesson's spec (prepare, check, counters…) failed: the workshop's fault. */
export class LessonError extends Error {
  readonly step: string;
  readonly original: unknown;
  constructor(step: string, original: unknown) {
    const what = original instanceof Error ? `${original.name}: ${original.message}` : String(original);
    super(`the lesson's ${step} failed, which is a bug in the workshop: ${what}`);
    this.name = 'LessonError';
    this.step = step;
    this.original = original;
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

/** The learner's output could not be copied as plain data (a Proxy, a function, a promise inside it). */
export class NotPlainDataError extends Error {
  constructor(detail: string) {
    super(
      `your code returned something that is not plain data (${detail}). Return finished values: arrays, objects, strings, numbers, dates; no functions, promises or proxies inside`,
    );
    this.name = 'NotPlainDataError';
  }
}

/** A figure no honest program can reach: a time below the lesson's theoretical limit. */
export class ImpossibleFigureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImpossibleFigureError';
  }
}

/** Runs one step of the spec, so that its failure is reported as the lesson's. */
export function lessonStep<T>(step: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CandidateError || error instanceof LessonError) throw error;
    throw new LessonError(step, error);
  }
}
