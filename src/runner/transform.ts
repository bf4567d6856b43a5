import { transform } from 'sucrase';
import { LearnerSyntaxError, type SourceLocation } from './learner-errors.ts';

/**
 * Turns the learner's TypeScript into a script the sandbox can evaluate.
 * Sucrase removes types and keeps every statement on its original line, so a
 * line number in an error is already a line number in the editor. Modules
 * become CommonJS-shaped (`exports.name = …`): `import type` disappears, and
 * any other import becomes a `require` that the sandbox refuses.
 */

export { LearnerSyntaxError, type SourceLocation } from './learner-errors.ts';

export function transpile(source: string, fileName = 'exercise.ts'): string {
  try {
    return transform(source, {
      transforms: ['typescript', 'imports'],
      disableESTransforms: true,
      filePath: fileName,
      production: true,
    }).code;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const raw = error instanceof Error ? error.message : String(error);
    // Sucrase appends "(line:column)" to its messages; the location is reported separately.
    const message = raw.replace(/^Error transforming [^:]*:\s*/, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
    throw new LearnerSyntaxError(message, loc ? { line: loc.line, column: loc.column } : undefined);
  }
}

/**
 * Finds where in the learner's file an error was thrown, from its stack.
 * `moduleUrl` is the name the sandbox gave the file in stack traces;
 * frames from anywhere else are ignored.
 */
export function locateInStack(stack: string | undefined, moduleUrl: string): SourceLocation | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n')) {
    const at = line.lastIndexOf(moduleUrl);
    if (at === -1) continue;
    const match = /^:(\d+):(\d+)/.exec(line.slice(at + moduleUrl.length));
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}
