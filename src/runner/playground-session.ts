import { ExerciseShapeError, type ExerciseModule } from '../core/lesson.ts';
import { failedRun, playgroundRun, type FailureKind, type RunResult } from '../core/result.ts';
import { mixSeed } from '../core/rng.ts';
import { runPlayground } from '../playground/compare.ts';
import type { PlaygroundFile } from '../playground/file.ts';
import { PartError } from '../playground/part-error.ts';
import { BoundaryError, evaluateInSandbox, lockdownOnce } from './sandbox.ts';
import { describe, isFrozenWrite } from './learner-errors.ts';
import { consoleSink, type SessionHost } from './session-host.ts';
import { syntaxMessage } from './syntax-check.ts';
import { LearnerSyntaxError, locateInStack, transpile, type SourceLocation } from './transform.ts';

/**
 * A playground run inside the isolated context: every part (the setup and
 * each snippet) compiled and evaluated in a sandbox of its own, then
 * compared (src/playground/compare.ts). What goes wrong is said about the
 * part it happened in, with its line, so the page can mark that editor.
 */

const PLAYGROUND_BUDGET_MS = 8000;

/** The file name a part's code carries in stack traces: `setup.ts`, `snippet-1.ts`… */
export function sourceNameOf(file: PlaygroundFile, part: string): string {
  if (part === 'setup') return 'setup.ts';
  return `snippet-${file.snippets.findIndex((s) => s.name === part) + 1}.ts`;
}

export async function runPlaygroundSession(host: SessionHost, file: PlaygroundFile, seed?: number): Promise<void> {
  const started = performance.now();
  const fail = (kind: FailureKind, message: string, part?: string, where?: SourceLocation, detail?: string): RunResult =>
    failedRun({
      lesson: { slug: 'playground', target: 1 },
      env: host.env,
      kind,
      verdict: kind === 'incorrect' || kind === 'boundary' ? 'fail' : 'error',
      message,
      part,
      line: where?.line,
      column: where?.column,
      detail,
      durationMs: performance.now() - started,
    });
  const named = (part: string) => (part === 'setup' ? 'the setup' : `snippet \`${part}\``);

  let result: RunResult;
  try {
    lockdownOnce();
    const parts = [{ part: 'setup', code: file.setup }, ...file.snippets.map((s) => ({ part: s.name, code: s.code }))];
    const compiled = new Map<string, string>();
    for (const { part, code } of parts) {
      try {
        compiled.set(part, transpile(code, sourceNameOf(file, part)));
      } catch (error) {
        if (!(error instanceof LearnerSyntaxError)) throw error;
        throw new PartError(part, error);
      }
    }
    host.post({ type: 'started', budgetMs: PLAYGROUND_BUDGET_MS });
    const learnerConsole = consoleSink(host);
    const evaluate = (part: string, index: number): ExerciseModule => {
      try {
        return evaluateInSandbox(compiled.get(part)!, { sourceUrl: sourceNameOf(file, part), seed: mixSeed(seed ?? 0, 11, index), console: learnerConsole });
      } catch (error) {
        throw new PartError(part, error);
      }
    };
    const setup = evaluate('setup', 0);
    if (typeof setup.setup !== 'function') throw new PartError('setup', new ExerciseShapeError('the setup must export a function named `setup`, which returns the input every snippet gets'));
    const snippets: Record<string, ExerciseModule> = {};
    for (const [index, snippet] of file.snippets.entries()) {
      const mod = evaluate(snippet.name, index + 1);
      if (typeof mod.run !== 'function') throw new PartError(snippet.name, new ExerciseShapeError('a snippet must export a function named `run`, which takes the setup\'s input'));
      snippets[snippet.name] = mod;
    }
    const outcome = await runPlayground(
      file,
      { setup, snippets },
      { env: host.env, seed, onProgress: (progress) => host.post({ type: 'progress', progress }), sourceNameOf: (part) => sourceNameOf(file, part) },
    );
    if (outcome.ok) {
      result = playgroundRun({ env: host.env, report: outcome.report, durationMs: performance.now() - started });
    } else {
      const { snippet, baseline, input, message } = outcome.disagreement;
      const on = input === undefined ? '' : `for input #${input} `;
      result = fail(
        'incorrect',
        `\`${snippet}\` and \`${baseline}\` disagree, so nothing was timed: ${on}${message}. Snippets that are meant to give different answers (random ones, or ones that only have side effects) can be timed with "Compare answers first" off.`,
        snippet,
      );
    }
  } catch (error) {
    result = explain(error);
  }
  host.post({ type: 'result', result });

  function explain(error: unknown): RunResult {
    if (!(error instanceof PartError)) return fail('error', `the playground failed, which is a bug in the workshop: ${describe(error)}`);
    const { part, original } = error;
    if (original instanceof LearnerSyntaxError) return fail('syntax', `${named(part)}: ${syntaxMessage(original)}`, part, original.location);
    if (original instanceof ExerciseShapeError) return fail('shape', `${named(part)}: ${original.message}`, part);
    let stack: string | undefined;
    try {
      stack = (original as Error | undefined)?.stack;
    } catch {
      stack = undefined;
    }
    const where = locateInStack(stack, sourceNameOf(file, part));
    const at = where ? ` (line ${where.line})` : '';
    if (original instanceof BoundaryError) return fail('boundary', `${named(part)} changed the measuring environment: ${original.message}`, part, where);
    if (isFrozenWrite(original)) {
      return fail('boundary', `${named(part)} tried to change something it may only use (${(original as Error).message})${at}: JavaScript's built-ins are frozen while snippets are measured.`, part, where);
    }
    return fail('error', `${named(part)} threw ${describe(original)}${at}`, part, where, stack);
  }
}
