import type { ExerciseModule, LessonSpec } from '../core/lesson.ts';
import { profileOnly, type MeasureOptions, type Subjects } from '../core/measure.ts';
import type { LineProfile, Side } from '../core/result.ts';
import { SIDE_ORDER } from '../core/side-labels.ts';
import type { RunSources } from './protocol.ts';
import { summariseLines } from './line-profile.ts';
import { createLineSampler, SAMPLE_INTERVAL_MS, type LineSamples, type SamplerThread } from './line-sampler.ts';

/**
 * A profile run's work in the isolated context: every side again, as a copy
 * marked line by line (line-marks.ts), called a few times under the line
 * sampler (line-sampler.ts). The copies are made for this run only; what is
 * timed in an ordinary run is never marked.
 */
export interface ProfileRunArgs {
  spec: LessonSpec<any, any>;
  /** Each side's transpiled code (the session's), and the files it came from, for the lines' text. */
  codes: Partial<Record<Side, string>>;
  sources: RunSources;
  /** Evaluates a side's marked code in a sandbox of its own, whose line marks call `lineMark`. */
  evaluate(side: Side, code: string, lineMark: (line: number) => void): ExerciseModule;
  startSampler: (() => SamplerThread) | undefined;
  options: Omit<MeasureOptions, 'profiler'>;
}

/** Each side's line profile, or the reason this context cannot take one. */
export async function profileLines(args: ProfileRunArgs): Promise<Partial<Record<Side, LineProfile>> | { unavailable: string }> {
  if (!args.startSampler) return { unavailable: 'this runtime has no thread to sample with; choose the Web Worker runtime to profile' };
  const sampler = createLineSampler(args.startSampler);
  if (!sampler) {
    return { unavailable: 'profiling needs memory shared between threads, which this page does not have (it is not cross-origin isolated)' };
  }
  // The parser is loaded only for a profile.
  const { markLines } = await import('./line-marks.ts');
  const sides = SIDE_ORDER.filter((side) => args.codes[side] !== undefined);
  const marked = new Map(sides.map((side) => [side, markLines(args.codes[side]!)]));
  const subjects = Object.fromEntries(
    sides.map((side) => [side, noneRunningOnReturn(args.evaluate(side, marked.get(side)!.code, sampler.mark), sampler.mark)]),
  ) as Subjects;
  const counts = await profileOnly(args.spec, subjects, { ...args.options, profiler: sampler.profiler });
  const profiles: Partial<Record<Side, LineProfile>> = {};
  for (const side of sides) {
    profiles[side] = summariseLines(counts[side] as LineSamples, args.sources[side]!, marked.get(side)!.functionOf, SAMPLE_INTERVAL_MS);
  }
  return profiles;
}

/**
 * The module with each exported function wrapped so that, once it returns
 * (or its promise settles), the slot says none of its lines runs: the
 * lesson's own work between calls is then not put on the side's last line.
 */
function noneRunningOnReturn(mod: ExerciseModule, mark: (line: number) => void): ExerciseModule {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    wrapped[name] = function (this: unknown, ...callArgs: unknown[]) {
      let returned: unknown;
      try {
        returned = fn.apply(this, callArgs);
      } catch (error) {
        mark(0);
        throw error;
      }
      if (returned instanceof Promise) return returned.finally(() => mark(0));
      mark(0);
      return returned;
    };
  }
  return harden(wrapped) as ExerciseModule;
}
