import { DeadlockError } from '../core/clock.ts';
import { ExerciseShapeError, type LessonModules, type LessonSpec } from '../core/lesson.ts';
import { CandidateError, ImpossibleFigureError, LessonError, measure, type MeasureOptions, type Subjects } from '../core/measure.ts';
import { failedRun, profiledRun, type Environment, type RunResult, type Side } from '../core/result.ts';
import { mixSeed } from '../core/rng.ts';
import type { LessonSources, RunRequest } from './protocol.ts';
import { BoundaryError, evaluateInSandbox, lockdownOnce } from './sandbox.ts';
import { profileLines } from './profile-run.ts';
import { runPlaygroundSession } from './playground-session.ts';
import { consoleSink, type SessionHost } from './session-host.ts';
import { describe, isFrozenWrite } from './learner-errors.ts';
import { createThreads } from './threads.ts';
import { syntaxMessage } from './syntax-check.ts';
import { LearnerSyntaxError, locateInStack, transpile, type SourceLocation } from './transform.ts';

export type { SessionHost } from './session-host.ts';

/**
 * What runs inside the isolated context (a Web Worker, a Node worker thread, a
 * WebContainer process): load the lesson, lock the environment down,
 * evaluate the three programs each in its own sandbox, measure, and turn
 * anything that goes wrong into a result a learner can act on. Each runtime
 * supplies a `SessionHost`; the logic here is shared by all.
 */

const DEFAULT_BUDGET_MS = 8000;

/**
 * The engine and the lesson, loaded and locked down, with the lesson's own
 * programs evaluated and its `warm` step under way: everything a run needs
 * but the learner's code. Made ahead of a run where the runtime can (the
 * page's spare worker), or at the start of the run otherwise.
 */
export interface PreparedLesson {
  slug: string;
  sources: LessonSources;
  seed: number | undefined;
  spec: LessonSpec<any, any>;
  subjects: LessonModules;
  codes: Partial<Record<Side, string>>;
  /** The lesson's warm step; a run waits for it, and a failure in it fails the run. */
  warmed: Promise<void>;
}

export async function prepareLesson(host: SessionHost, slug: string, sources: LessonSources, seed?: number): Promise<PreparedLesson> {
  // The engine's own modules load first; then the built-ins are frozen for good.
  const spec = await host.loadSpec(slug);
  lockdownOnce();
  const codes: Partial<Record<Side, string>> = {};
  const evaluate = (side: Side, source: string) => {
    codes[side] = transpileLessonSide(side, source);
    return evaluateInSandbox(codes[side]!, { sourceUrl: SOURCE_NAMES[side], seed: sideSeed(seed, side, sources), console: () => {} });
  };
  const subjects: LessonModules = { baseline: evaluate('baseline', sources.baseline) };
  if (sources.reference !== undefined) subjects.reference = evaluate('reference', sources.reference);
  const warmed = Promise.resolve().then(() => spec.warm?.(subjects));
  // Seen by the run that awaits it; never an unhandled rejection in a spare that is never used.
  warmed.catch(() => {});
  return { slug, sources, seed, spec, subjects, codes, warmed };
}

/** Each side's sandbox gets its own seeded Math.random. */
function sideSeed(seed: number | undefined, side: Side, sources: LessonSources): number {
  const sides: Side[] = sources.reference === undefined ? ['baseline', 'candidate'] : ['baseline', 'reference', 'candidate'];
  return mixSeed(seed ?? 0, sides.indexOf(side));
}

function preparedFor(prepared: PreparedLesson | undefined, request: RunRequest): boolean {
  return (
    prepared !== undefined &&
    prepared.slug === request.slug &&
    prepared.seed === request.seed &&
    prepared.sources.baseline === request.sources.baseline &&
    prepared.sources.reference === request.sources.reference
  );
}

export async function runSession(host: SessionHost, request: RunRequest, ahead?: Promise<PreparedLesson>): Promise<void> {
  if (request.playground) return runPlaygroundSession(host, request.playground, request.seed);
  const started = performance.now();
  let spec: LessonSpec<any, any> | undefined;
  const codes: Partial<Record<Side, string>> = {};
  const pools: { close(): void }[] = [];
  const fail = (kind: Parameters<typeof failedRun>[0]['kind'], message: string, where?: SourceLocation, detail?: string): RunResult =>
    failedRun({
      lesson: spec ?? { slug: request.slug },
      env: host.env,
      kind,
      message,
      line: where?.line,
      column: where?.column,
      detail,
      durationMs: performance.now() - started,
    });

  const boundary = (message: string, where?: SourceLocation): RunResult =>
    failedRun({
      lesson: spec ?? { slug: request.slug },
      env: host.env,
      kind: 'boundary',
      verdict: 'fail',
      message,
      line: where?.line,
      column: where?.column,
      durationMs: performance.now() - started,
    });

  let result: RunResult;
  /** Whose code an error came from; the learner's, unless explain() finds otherwise. */
  const blame: { side: Side } = { side: 'candidate' };
  const learnerConsole = consoleSink(host);
  let copies = 0;
  try {
    const early = ahead ? await ahead.catch(() => undefined) : undefined;
    const { baseline, reference } = request.sources;
    const lesson = preparedFor(early, request) ? early! : await prepareLesson(host, request.slug, { baseline, reference }, request.seed);
    spec = lesson.spec;
    Object.assign(codes, lesson.codes);
    // Compiling runs none of the learner's code: a syntax error shows before the lesson's warm step is done.
    codes.candidate = transpile(request.sources.candidate);
    await lesson.warmed;
    host.post({ type: 'started', budgetMs: spec.budgetMs ?? DEFAULT_BUDGET_MS });
    const subjects: Subjects = {
      ...lesson.subjects,
      candidate: evaluateInSandbox(codes.candidate, {
        sourceUrl: SOURCE_NAMES.candidate,
        seed: sideSeed(request.seed, 'candidate', lesson.sources),
        console: learnerConsole,
      }),
    };
    for (const name of spec.exports) {
      if (typeof subjects.candidate[name] !== 'function') {
        throw new ExerciseShapeError(`your file must export a function named \`${name}\` (it is what the lesson calls)`);
      }
    }
    const options: MeasureOptions = {
      env: host.env,
      rounds: request.rounds,
      seed: request.seed,
      strictOracle: request.strictOracle,
      profiler: request.profile ? host.profiler : undefined,
      onProgress: (progress) => host.post({ type: 'progress', progress }),
      sourceNames: SOURCE_NAMES,
      // Another process draws other random numbers: each copy gets a seed of its own.
      load: (side, options) =>
        evaluateInSandbox(codes[side]!, {
          sourceUrl: SOURCE_NAMES[side],
          seed: (sideSeed(request.seed, side, lesson.sources) + 7919 * ++copies) >>> 0,
          console: side === 'candidate' ? learnerConsole : () => {},
          clockOffsetMs: options?.clockOffsetMs,
        }),
      threads: (side) => {
        const threads = createThreads(host.cores, { code: codes[side]!, sourceUrl: SOURCE_NAMES[side] }, () => host.spawnThread());
        pools.push(threads);
        return threads;
      },
    };
    result = request.profileLines ? await profileRun(spec, options) : await measure(spec, subjects, options);
  } catch (error) {
    result = explainSafely(error);
  } finally {
    for (const pool of pools) pool.close();
  }
  if (request.pairOf && result.failure) result = { ...result, failure: { ...result.failure, part: request.pairOf[blame.side === 'baseline' ? 'baseline' : 'candidate'] } };
  host.post({ type: 'result', result });

  /** A profile run's result: each side's lines, or why they cannot be had here. */
  async function profileRun(lessonSpec: LessonSpec<any, any>, options: MeasureOptions): Promise<RunResult> {
    const profiles = await profileLines({
      spec: lessonSpec,
      codes,
      sources: request.sources,
      evaluate: (side, code, lineMark) =>
        evaluateInSandbox(code, {
          sourceUrl: SOURCE_NAMES[side],
          seed: sideSeed(request.seed, side, request.sources),
          console: side === 'candidate' ? learnerConsole : () => {},
          lineMark,
        }),
      startSampler: host.startSampler,
      options,
    });
    if ('unavailable' in profiles) return fail('error', profiles.unavailable);
    return profiledRun({ lesson: lessonSpec, env: host.env, lineProfiles: profiles, durationMs: performance.now() - started });
  }

  /** An error whose message or stack throws when read (a getter of the learner's) still gets a verdict. */
  function explainSafely(error: unknown): RunResult {
    try {
      return explain(error);
    } catch {
      return fail('error', 'your code threw something that cannot be read: reading its message or its stack threw in turn. Throw an ordinary Error.');
    }
  }

  function explain(error: unknown): RunResult {
    if (error instanceof LearnerSyntaxError) return fail('syntax', syntaxMessage(error), error.location);
    if (error instanceof ExerciseShapeError) return fail('shape', error.message);
    if (error instanceof LessonError) return fail('error', error.message, undefined, (error.original as Error | undefined)?.stack);
    if (error instanceof ImpossibleFigureError) return boundary(`your code's figures are impossible: ${error.message}`);
    const original = error instanceof CandidateError ? error.original : error;
    const side: Side = error instanceof CandidateError ? error.side : 'candidate';
    if (original instanceof DeadlockError) return fail('error', original.message);
    if (original instanceof ExerciseShapeError) return fail('shape', original.message);
    // In a lesson's playground the baseline is a snippet of the user's too: its errors are theirs.
    const learners = side === 'candidate' || (side === 'baseline' && request.pairOf !== undefined);
    if (!learners) {
      return fail('error', `the lesson's ${side} failed, which is a bug in the workshop: ${describe(original)}`);
    }
    blame.side = side;
    const stack = (original as Error | undefined)?.stack;
    const where = locateInStack(stack, SOURCE_NAMES[side]);
    // Only the sandbox's own BoundaryError counts (a pool thread's is made again from its message): an error
    // the learner's code merely names BoundaryError is an ordinary error.
    if (original instanceof BoundaryError) return boundary(`your code changed the measuring environment: ${(original as Error).message}`, where);
    if (isFrozenWrite(original)) {
      return boundary(
        `your code changed the measuring environment: it tried to change something it may only use (${(original as Error).message}${where ? `, line ${where.line}` : ''}). JavaScript's built-ins and what the lesson hands your code are frozen while it is measured.`,
        where,
      );
    }
    if (original instanceof SyntaxError && !where) {
      return fail('syntax', `syntax error: ${original.message}. The editor underlines the place in red.`, undefined, stack);
    }
    const at = where ? ` (line ${where.line})` : '';
    return fail('error', `your code threw ${describe(original)}${at}`, where, stack);
  }
}

/** The lesson's own programs always compile; if one does not, the workshop is at fault, not the learner. */
function transpileLessonSide(side: Side, source: string): string {
  try {
    return transpile(source);
  } catch (error) {
    throw new Error(`the lesson's ${side} does not compile: ${(error as Error).message}`);
  }
}

/** The names each side's code carries in stack traces. */
const SOURCE_NAMES: Record<Side, string> = { baseline: 'baseline.ts', candidate: 'your-code.ts', reference: 'reference.ts' };
