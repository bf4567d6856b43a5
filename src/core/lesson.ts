import type { Clock } from './clock.ts';
import type { Side } from './result.ts';
import type { TimelineBars, Trace } from './trace.ts';
import type { PlanNode } from './query-plan.ts';
import type { Rng } from './rng.ts';
import { ServiceError } from './service-error.ts';

/**
 * The contract every lesson's `exercises/<slug>/spec.ts` fulfils. The
 * measurement core knows nothing else about a lesson: adding a lesson means
 * adding files that export a `LessonSpec`, never editing the engine.
 */

/** What the learner's file exports, after it is transpiled and loaded. */
export type ExerciseModule = Readonly<Record<string, unknown>>;

/** How a lesson spends time, and so how it is timed. */
export type Timing =
  /** Simulated I/O on a virtual clock: exact, deterministic milliseconds. */
  | 'virtual'
  /** CPU work timed for real with tinybench, in rounds. */
  | 'wall';

export interface PrepareContext {
  /** Seeds the workload and the services' latencies. */
  seed: number;
  rng: Rng;
  /** The clock services must spend their time on. */
  clock: Clock;
  /** Input size; lessons with a growth check get each of `growth.sizes`. */
  size: number;
}

/**
 * A deterministic counter that names the cause of slowness (round trips,
 * database reads, blocked milliseconds…). It is the same on every machine, so
 * it can gate a verdict without flaking.
 */
export interface CounterSpec {
  key: string;
  /** Plural noun phrase, e.g. "round trips". */
  label: string;
  unit?: string;
  better: 'lower' | 'higher';
  /** The learner's value must be at most this (a hard gate). */
  max?: number;
  /** The learner's value must be at least this (a hard gate). */
  min?: number;
  /** Told to the learner when the gate is missed. */
  advice?: string;
  /**
   * The value is real time a wall clock measured (CPU work charged in a
   * browser), which a busy machine only ever adds to. Such a gate is missed
   * only when every call was over its bound; when some calls were over and
   * others under, the run cannot tell, and is inconclusive, never a pass.
   */
  noisy?: boolean;
}

export interface LessonSpec<W = unknown, O = unknown> {
  slug: string;
  timing: Timing;
  /** Functions the learner's file must export; a missing one is reported by name. */
  exports: readonly string[];
  /** Default input size. */
  size: number;
  /**
   * Builds fresh inputs and services for one call. Never timed. Every call
   * gets its own, so nothing a candidate remembers between calls helps it.
   */
  prepare(ctx: PrepareContext): W;
  /** Calls the learner's code on prepared inputs. This is what is timed. */
  call(mod: ExerciseModule, work: W, context: CallContext): O | Promise<O>;
  /** Reads the counters after a call (from the services, or from the output). */
  counters?(work: W, output: O): Record<string, number>;
  /**
   * Compares a candidate's output with the expected one. Returns null when
   * they agree, otherwise what differs, phrased to follow "for input #3 ":
   * "you returned 41 orders, the baseline 42".
   */
  check(expected: O, actual: O, work: W): string | null;
  counterSpecs: readonly CounterSpec[];
  /** The time speedup over the baseline that passes (see MEASUREMENT.md). */
  target: number;
  /** The theoretical best time for a call on this input, where the lesson can compute it. */
  limit?(work: W): { ms: number; label: string };
  /** Lessons about growth are also timed at these sizes and charted. */
  growth?: { sizes: readonly number[] };
  /**
   * What the results chart shows. By default, time per call with its interval
   * (or time against input size when `growth` is set). `steps` draws a
   * waterfall of per-step times, read from the counters with these keys.
   */
  /**
   * A timeline of each side's call on input #1, on the simulated clock (so
   * virtual timing only): every request to a simulated service, in a lane per
   * service, and every stretch the event loop was held. `caption` says what
   * the bars are and where to look, without giving the answer away.
   */
  timeline?: {
    caption: string;
    /**
     * The model behind the picture, in a sentence or two, from the sides'
     * traces (for example Little's law on a service with a limit on requests
     * in flight), a line per point. Shown under the caption.
     */
    model?(traces: Partial<Record<Side, Trace>>): string | undefined;
    /** What the bars are, where they are not requests to a service (see TimelineBars). */
    bars?: TimelineBars;
  };
  chart?:
    | { kind: 'steps'; steps: readonly { key: string; label: string }[] }
    /** A line per side from `details().series`, e.g. errors over time. */
    | { kind: 'series'; xLabel: string; yLabel: string };
  /**
   * What the speedup is computed on. By default the time per call; a lesson
   * whose improvement is something else (users exposed to a fault, the p95 of
   * a handler inside a longer call) names one of its counters here. Lower is
   * better; the lesson must use virtual timing, so the value is exact.
   */
  metric?: {
    key: string;
    label: string;
    unit?: string;
    /**
     * The smallest value the ratio divides by (default 1): a metric that
     * reaches zero ("no user was exposed") reads as at least baseline ÷ floor,
     * never as an infinite speedup.
     */
    floor?: number;
  };
  /**
   * Extra material for the results panel, taken from each side's first
   * checked input: a text block shown side by side (a query plan, a report)
   * and a series for the `series` chart.
   */
  details?(work: W, output: O): SideDetails;
  /**
   * Measurements made once per side after the correctness check, never
   * timed: e.g. the speedup of real threads, which depends on the machine's
   * cores (10), or a second server's answers (09). Its counters join the
   * side's: one with a limit in counterSpecs gates like any other, one
   * without only informs.
   */
  advisory?(mod: ExerciseModule, context: CallContext): Promise<{ counters: Record<string, number>; text?: string; amdahl?: SideDetails['amdahl'] }>;
  /** How long the first call may take before the run is stopped. */
  budgetMs?: number;
  /**
   * Work that needs none of the learner's code, done while the page waits
   * for Run: building workloads, starting a database, setting up the
   * lesson's own programs. A run that comes before it is done waits for it.
   */
  warm?(lesson: LessonModules): Promise<void> | void;
  /**
   * What a side's first call would otherwise make for it, untimed (06: the
   * side's tables and indexes). On the wall clock the engine calls it for
   * the learner's side before anything else, as the run's first step (see
   * src/runner/watchdog.ts), so the learner's own first call is held to the
   * ordinary limits. Other sides make theirs on their first call.
   */
  setUp?(mod: ExerciseModule): Promise<void>;
}

/** The lesson's own programs, ready before the learner's. */
export interface LessonModules {
  baseline: ExerciseModule;
  reference?: ExerciseModule;
}

/** What the runtime offers a call besides the learner's module. */
export interface CallContext {
  threads: Threads;
  /**
   * A fresh copy of this side's module: the same code evaluated again in a
   * sandbox of its own, with none of the first copy's module state. What
   * another process (a second server, a restarted web process, a separate
   * worker process) would load. `clockOffsetMs` sets that process's clock
   * ahead: `Date` in it reads that much later.
   */
  load(options?: { clockOffsetMs?: number }): ExerciseModule;
}

/**
 * Real threads, for lessons about parallelism: Web Workers in the browser,
 * worker_threads in Node. Each thread loads its own copy of the module being
 * measured, so a pool can run the learner's exported functions in parallel.
 */
export interface Threads {
  /** Logical cores the runtime reports. */
  cores: number;
  /** A pool of `size` threads for the module being called; made once per run and reused. */
  pool(size: number): Promise<ThreadPool>;
}

export interface ThreadPool {
  readonly size: number;
  /** Runs the module's export `name` with `args` on the next free thread. Arguments and results are copied. */
  run<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
}

export interface SideDetails {
  text?: string;
  series?: { x: number; y: number }[];
  /** Query plans (query-plan.ts), drawn as trees with the node that read the most pages marked. */
  plans?: { title: string; root: PlanNode }[];
  /**
   * Threads measured against Amdahl's law (from an advisory): the share of
   * the time that was serial, the threads at work, the speedup measured, and
   * the cores the machine has. Drawn as each side's curve with its point.
   */
  amdahl?: { serial: number; threads: number; speedup: number; cores: number };
  /** A latency distribution (stats.ts percentileCurve) over `count` requests, drawn as a percentile plot. */
  latency?: { points: { percentile: number; value: number }[]; count: number; label: string };
}

/** Identity function that gives a spec file its types. */
export function defineLesson<W, O>(spec: LessonSpec<W, O>): LessonSpec<W, O> {
  return spec;
}

/** Reads an exported function from the learner's module, or explains what is missing. */
export function exported<F extends (...args: never[]) => unknown>(
  mod: ExerciseModule,
  name: string,
): F {
  const value = mod[name];
  if (typeof value !== 'function') {
    throw new ExerciseShapeError(
      value === undefined
        ? `your file must export a function named \`${name}\``
        : `\`${name}\` must be a function, but your file exports a ${typeof value}`,
    );
  }
  return throwsAsLearner(value as F);
}

/** Errors that came out of a function of the learner's (see throwsAsLearner). */
const fromLearner = new WeakSet<object>();

/**
 * Whether an error came out of the learner's code: thrown by, or rejecting
 * the promise of, one of its exported functions. Unlike its stack, which
 * the code can rewrite, this cannot be forged.
 */
export function thrownByLearner(error: unknown): boolean {
  return (typeof error === 'object' || typeof error === 'function') && error !== null && fromLearner.has(error);
}

function remember(error: unknown): void {
  if ((typeof error === 'object' || typeof error === 'function') && error !== null) fromLearner.add(error);
}

/** The learner's function, with every error that leaves it remembered as the learner's. */
function throwsAsLearner<F extends (...args: never[]) => unknown>(fn: F): F {
  return function (this: unknown, ...args: unknown[]) {
    let result: unknown;
    try {
      result = Reflect.apply(fn, this, args);
    } catch (error) {
      remember(error);
      throw error;
    }
    if (!(result instanceof Promise)) return result;
    return result.then(undefined, (error: unknown) => {
      remember(error);
      throw error;
    });
  } as unknown as F;
}

export class ExerciseShapeError extends ServiceError {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseShapeError';
  }
}
