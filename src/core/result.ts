import type { CounterSpec, LessonSpec, SideDetails, Timing } from './lesson.ts';
import type { Interval } from './stats.ts';
import type { TimelineBars, Trace } from './trace.ts';
import type { PlaygroundReport } from './playground-report.ts';

/** The three programs a run compares. */
export type Side = 'baseline' | 'candidate' | 'reference';

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error';

/** Why a run did not pass, for the UI to point at the right place. */
export type FailureKind =
  | 'incorrect'
  | 'counter'
  | 'slow'
  | 'timeout'
  | 'error'
  | 'syntax'
  | 'shape'
  | 'stopped'
  /** The code reached for what measures it: a frozen built-in, the timer, the result channel. */
  | 'boundary';

export type Counters = Record<string, number>;

/** Where the code that is measured runs. */
export interface Environment {
  runtime: 'worker' | 'node' | 'webcontainer';
  /** Browser user agent, or the Node version. */
  version: string;
  crossOriginIsolated: boolean;
  /** The smallest step `performance.now()` was seen to take, in ms. */
  timerTickMs: number;
}

export interface SideResult {
  side: Side;
  /** Median time per call in ms (or the lesson's metric), with a 95% interval over rounds. */
  time: Interval;
  /** Speedup over the baseline (absent for the baseline itself). */
  speedup?: Interval;
  counters: Counters;
  /** Calls timed per sample. */
  k: number;
  samples: number;
  rounds: number;
  /** Median ms per call at each input size, for lessons with a growth check. */
  growth?: { size: number; ms: number }[];
  details?: SideDetails;
  /** The side's call on input #1, where the lesson has a timeline (LessonSpec.timeline). */
  trace?: Trace;
}

export interface Gate {
  key: string;
  label: string;
  value: number;
  max?: number;
  min?: number;
  ok: boolean;
  /** A noisy gate (CounterSpec.noisy) some calls were over and some under: it cannot tell, so the run cannot pass. */
  unsure?: { over: number; calls: number; best: number };
}

export interface Failure {
  kind: FailureKind;
  /** 1-based input number, for incorrect answers. */
  input?: number;
  /** 1-based line and column in the learner's file, where known. */
  line?: number;
  column?: number;
  /** The raw error text, for the console panel. */
  detail?: string;
  /** In a playground, the part the line is in: `setup`, or a snippet's name. */
  part?: string;
}

export interface RunResult {
  slug: string;
  verdict: Verdict;
  /** Null when the run stopped before correctness was known. */
  correct: boolean | null;
  /** The candidate's speedup over the baseline. */
  speedup: Interval | null;
  target: number;
  timing: Timing;
  counterSpecs: readonly CounterSpec[];
  gates: Gate[];
  /** One sentence a learner can act on. */
  message: string;
  failure?: Failure;
  sides: SideResult[];
  limit?: { ms: number; label: string };
  /** The lesson's own chart, where it has one (see LessonSpec.chart). */
  chart?: LessonSpec['chart'];
  /** The lesson's timeline caption and model, where it has one; the spans are on each side (SideResult.trace). */
  timeline?: { caption: string; model?: string; bars?: TimelineBars };
  /** Set when the speedup is on a counter rather than time (see LessonSpec.metric). */
  metric?: LessonSpec['metric'];
  /** How the speedup's interval was reached (see measure/rounds.ts). */
  protocol?: {
    /** Looks at the interval before it stopped (a sequential design). */
    looks: number;
    /** Confidence of the final interval, corrected for the looks. */
    confidence: number;
    /** Log-ratio margin added on each side for variation between processes. */
    margin: number;
    /**
     * What the interval's width is: `measurement`, the uncertainty of real
     * timings; `workloads`, on a virtual clock, the spread over the rounds'
     * different workloads (each time is exact for its workload).
     */
    spread: 'measurement' | 'workloads';
  };
  env: Environment;
  /** The seed the run's inputs were drawn from: `verify --seed` repeats them. */
  seed?: number;
  /** Wall time the whole run took. */
  durationMs: number;
  /** Each side's CPU profile (a V8 .cpuprofile), when the run was asked to profile (verify --profile). */
  profiles?: Partial<Record<Side, unknown>>;
  /**
   * Each side's lines by the share of time they ran, from a profile run
   * (RunRequest.profileLines). Such a run times nothing and judges nothing:
   * its verdict is `inconclusive` unless the code failed.
   */
  lineProfiles?: Partial<Record<Side, LineProfile>>;
  /** A playground run's figures (RunRequest.playground). */
  playground?: PlaygroundReport;
}

/** Where a side's time went, line by line (src/runner/line-sampler.ts takes the samples). */
export interface LineProfile {
  /** Samples taken while the side's calls ran, one every `intervalMs`. */
  samples: number;
  intervalMs: number;
  /** How long the side's calls ran, sampled or not. */
  ms: number;
  /** Of those, the samples when none of the side's own lines was running (the lesson's work around each call). */
  outside: number;
  /** The side's lines, most samples first (the first few only). */
  lines: { line: number; samples: number; text: string; fn: string }[];
  /** The side's functions by the samples of their lines, most first (the first few only). */
  functions: { name: string; samples: number }[];
}

/** The counters of one side, or an empty record when that side was not measured. */
export function countersOf(result: RunResult, side: Side): Counters {
  return result.sides.find((s) => s.side === side)?.counters ?? {};
}

/** What a failed run needs to know about its lesson, which may not have loaded. */
export interface LessonFacts {
  slug: string;
  target?: number;
  timing?: Timing;
  counterSpecs?: readonly CounterSpec[];
}

/** A result with nothing measured: the lesson's facts, no speedup, no sides. */
function unmeasured(lesson: LessonFacts, env: Environment, verdict: Verdict, message: string, durationMs: number): RunResult {
  return {
    slug: lesson.slug,
    verdict,
    correct: null,
    speedup: null,
    target: lesson.target ?? 0,
    timing: lesson.timing ?? 'wall',
    counterSpecs: lesson.counterSpecs ?? [],
    gates: [],
    message,
    sides: [],
    env,
    durationMs,
  };
}

/** A run that ended before any verdict on speed: a syntax error, a crash, a timeout, Stop. */
export function failedRun(args: {
  lesson: LessonFacts;
  env: Environment;
  kind: FailureKind;
  message: string;
  verdict?: Verdict;
  line?: number;
  column?: number;
  detail?: string;
  part?: string;
  durationMs?: number;
}): RunResult {
  return {
    ...unmeasured(args.lesson, args.env, args.verdict ?? 'error', args.message, args.durationMs ?? 0),
    failure: { kind: args.kind, line: args.line, column: args.column, detail: args.detail, ...(args.part !== undefined ? { part: args.part } : {}) },
  };
}

/** A playground run that measured every pair: its figures, and no verdict to pass or fail. */
export function playgroundRun(args: { env: Environment; report: PlaygroundReport; durationMs: number }): RunResult {
  const message = 'a playground comparison: each snippet against the baseline snippet';
  return { ...unmeasured({ slug: 'playground', target: 1 }, args.env, 'inconclusive', message, args.durationMs), correct: true, playground: args.report };
}

/** The result of a profile run (RunRequest.profileLines): each side's lines, and no verdict on speed. */
export function profiledRun(args: { lesson: LessonFacts; env: Environment; lineProfiles: Partial<Record<Side, LineProfile>>; durationMs: number }): RunResult {
  const message = 'a profile: each side ran a few more times, untimed, and nothing was judged';
  return { ...unmeasured(args.lesson, args.env, 'inconclusive', message, args.durationMs), lineProfiles: args.lineProfiles };
}
