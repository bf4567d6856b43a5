import { VirtualClock, WallClock, type Clock } from '../clock.ts';
import { thrownByLearner, type CallContext, type ExerciseModule, type LessonSpec, type Threads } from '../lesson.ts';
import type { Counters, Side } from '../result.ts';
import { createRng } from '../rng.ts';
import { traceClock, type Trace } from '../trace.ts';
import { CounterBook } from './counters.ts';
import { CandidateError, ImpossibleFigureError, LessonError, lessonStep } from './errors.ts';
import type { MeasureOptions, Subjects } from './options.ts';
import { materialise } from './plain.ts';

/** One call of one side on a fresh workload. */
export interface CallOutcome<W, O> {
  work: W;
  /** The plain-data copy of what the call returned (see plain.ts). */
  output: O;
  counters: Counters;
  /** Milliseconds: virtual on a virtual clock, real otherwise. */
  ms: number;
  /** Set when the time is below what any honest program can reach; raised once the answer is known to be right. */
  impossible?: string;
  /** What the call did on the simulated clock, when it was traced. */
  trace?: Trace;
}

/** A frame of a stack trace, in V8's form ("at f (file:3:7)") or in Firefox's and Safari's ("f@file:3:7"). */
const STACK_FRAME = /(?:^\s+at .*:\d+:\d+\)?$|@.*:\d+:\d+$)/m;

/** An error's stack, or '' where reading it fails (a getter of the learner's that throws). */
function readStack(error: unknown): string {
  try {
    return error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  } catch {
    return '';
  }
}

function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
}

const noThreads: Threads = {
  cores: 1,
  pool: () => Promise.reject(new Error('this runtime offers no threads')),
};

/**
 * What every phase of a measurement shares: the lesson, the programs, the
 * seeds, and the one way to call a side. Every call, checked or timed, goes
 * through `once` or `invoke`, so each gets the same fresh workload, the same
 * plain-data copy of its output and the same counters.
 */
export class Run<W, O> {
  readonly baseSeed: number;
  readonly sides: Side[];
  readonly book: CounterBook;
  readonly spec: LessonSpec<W, O>;
  readonly subjects: Subjects;
  readonly options: MeasureOptions;
  private readonly contexts: Partial<Record<Side, CallContext>> = {};

  constructor(spec: LessonSpec<W, O>, subjects: Subjects, options: MeasureOptions) {
    this.spec = spec;
    this.subjects = subjects;
    this.options = options;
    // Unless a seed is asked for (to repeat a run), every run draws its own,
    // so no program can know its inputs ahead and answer from a table.
    this.baseSeed = options.seed ?? freshSeed();
    this.sides = subjects.reference ? ['baseline', 'candidate', 'reference'] : ['baseline', 'candidate'];
    this.book = new CounterBook(spec.counterSpecs);
    if (spec.metric && spec.timing !== 'virtual') throw new Error(`lesson ${spec.slug}: a metric other than time needs virtual timing`);
  }

  moduleOf(side: Side): ExerciseModule {
    return this.subjects[side]!;
  }

  contextOf(side: Side): CallContext {
    return (this.contexts[side] ??= {
      threads: this.options.threads?.(side) ?? noThreads,
      load: (options) => {
        if (!this.options.load) throw new Error('this runtime cannot load a second copy of a module');
        return this.options.load(side, options);
      },
    });
  }

  newClock(): Clock {
    return this.spec.timing === 'virtual' ? new VirtualClock() : new WallClock();
  }

  prepare(seed: number, clock: Clock, size = this.spec.size): W {
    return lessonStep('prepare', () => this.spec.prepare({ seed, rng: createRng(seed), clock, size }));
  }

  counters(work: W, output: O): Counters {
    const spec = this.spec;
    return spec.counters ? lessonStep('counters', () => spec.counters!(work, output)) : {};
  }

  check(expected: O, actual: O, work: W): string | null {
    return lessonStep('check', () => this.spec.check(expected, actual, work));
  }

  /** The lesson's set-up for a side, before its first call (LessonSpec.setUp); an error in it is the side's. */
  async setUp(side: Side): Promise<void> {
    const setUp = this.spec.setUp;
    if (!setUp) return;
    try {
      await setUp(this.moduleOf(side));
    } catch (error) {
      throw this.attribute(error, side);
    }
  }

  /** Calls a side on a prepared workload and returns the plain copy of its output; the caller times it. */
  async invoke(side: Side, work: W): Promise<O> {
    try {
      return materialise(await this.spec.call(this.moduleOf(side), work, this.contextOf(side)));
    } catch (error) {
      throw this.attribute(error, side);
    }
  }

  /**
   * One call on a fresh workload, timed on the lesson's clock. Its counters
   * are recorded against the side when it runs at the lesson's size. With
   * `traced`, on a virtual clock, what its services and its event loop did
   * comes back too.
   */
  async once(side: Side, seed: number, size = this.spec.size, traced = false): Promise<CallOutcome<W, O>> {
    const clock = this.newClock();
    const recorder = traced && clock instanceof VirtualClock ? traceClock(clock) : undefined;
    const work = this.prepare(seed, clock, size);
    let output: O;
    let ms: number;
    if (clock instanceof VirtualClock) {
      const run = await clock.run(() => this.invoke(side, work));
      output = run.value;
      ms = run.elapsed;
    } else {
      const t0 = performance.now();
      output = await this.invoke(side, work);
      ms = performance.now() - t0;
    }
    const counters = this.counters(work, output);
    if (size === this.spec.size) this.book.record(side, counters);
    const impossible = side === 'candidate' ? this.impossibility(work, ms) : undefined;
    return { work, output, counters, ms, impossible, trace: recorder && { ...recorder.finish(ms), limit: this.timeLimit(work) } };
  }

  /**
   * Ends the run if a call's figures were impossible. Called after its answer
   * was checked, so a wrong answer is reported as wrong first.
   */
  refuseIfImpossible(call: CallOutcome<W, O>): void {
    if (call.impossible) throw new ImpossibleFigureError(call.impossible);
  }

  /** A fresh, untimed answer on the same input, from the reference where there is one. */
  async truth(seed: number): Promise<CallOutcome<W, O>> {
    return this.once(this.subjects.reference ? 'reference' : 'baseline', seed);
  }

  /** The lesson's limit on a call's time for this workload; none where the limit is on another figure (a metric). */
  private timeLimit(work: W): { ms: number; label: string } | undefined {
    const spec = this.spec;
    return spec.limit && !spec.metric ? lessonStep('limit', () => spec.limit!(work)) : undefined;
  }

  /** On a virtual clock no honest program beats the lesson's theoretical limit. */
  private impossibility(work: W, ms: number): string | undefined {
    const spec = this.spec;
    if (spec.timing !== 'virtual' || spec.metric || !spec.limit) return undefined;
    const limit = lessonStep('limit', () => spec.limit!(work));
    if (ms >= limit.ms - 1e-6) return undefined;
    return `it finished in ${ms.toFixed(1)} ms of simulated time, below the fastest possible ${limit.ms.toFixed(1)} ms (${limit.label}). Something skipped work the lesson requires.`;
  }

  /**
   * Whose fault an error in a call is. The learner's code is on the stack of
   * nearly everything it causes; a TypeError or ReferenceError whose stack
   * shows where it was thrown, with no learner frame among them, comes from
   * the spec itself. A stack with no frames at all (the code replaced it)
   * proves nothing, and stays the learner's.
   */
  private attribute(error: unknown, side: Side): Error {
    if (error instanceof CandidateError || error instanceof LessonError || error instanceof ImpossibleFigureError) return error;
    if (thrownByLearner(error)) return new CandidateError(error, side);
    const name = this.options.sourceNames?.[side];
    const stack = readStack(error);
    const engineBug =
      name !== undefined &&
      (error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError) &&
      STACK_FRAME.test(stack) &&
      !stack.includes(name);
    return engineBug ? new LessonError('call', error) : new CandidateError(error, side);
  }
}
