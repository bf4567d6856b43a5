/**
 * Errors about the learner's file itself, shared by the transform and the
 * sandbox. Kept apart from both so a pool thread, which only evaluates code,
 * does not load the TypeScript transform.
 */
import { ServiceError } from '../core/service-error.ts';

export interface SourceLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class LearnerSyntaxError extends Error {
  readonly location: SourceLocation | undefined;
  constructor(message: string, location: SourceLocation | undefined) {
    super(message);
    this.name = 'LearnerSyntaxError';
    this.location = location;
  }
}

/** Learner code reached for something outside what the lesson hands it. */
export class BoundaryError extends ServiceError {
  constructor(message: string) {
    super(message);
    this.name = 'BoundaryError';
  }
}

/** The TypeErrors a frozen object gives to code that writes to it. */
export function isFrozenWrite(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /read[- ]only|not extensible|Cannot (add|define|redefine|delete|assign to) property|object is frozen|not a valid constructor/i.test(error.message)
  );
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
