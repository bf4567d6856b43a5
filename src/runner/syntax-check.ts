import { failedRun, type Environment, type RunResult } from '../core/result.ts';
import { LearnerSyntaxError, transpile } from './transform.ts';

/** The sentence for a syntax error, the same wherever it was found. */
export function syntaxMessage(error: LearnerSyntaxError): string {
  const where = error.location;
  return `syntax error${where ? ` on line ${where.line}` : ''}: ${error.message}`;
}

/**
 * The result for a learner's file that does not compile, or undefined when
 * it does. Compiling runs none of the learner's code, so a runtime can check
 * before it hands the file to a runner, and answer at once: a runner's
 * thread may be busy getting the lesson ready (06 opening its database),
 * and would read the file only when that is done.
 */
export function syntaxFailure(slug: string, source: string, env: Environment): RunResult | undefined {
  const started = performance.now();
  try {
    transpile(source);
    return undefined;
  } catch (error) {
    if (!(error instanceof LearnerSyntaxError)) return undefined;
    return failedRun({
      lesson: { slug },
      env,
      kind: 'syntax',
      message: syntaxMessage(error),
      line: error.location?.line,
      column: error.location?.column,
      durationMs: performance.now() - started,
    });
  }
}
