import type { GrowthFit } from './growth-fit.ts';
import type { Environment } from './result.ts';
import type { Interval } from './stats.ts';

/**
 * What a playground run found (src/playground/): each snippet's time per
 * call, and each one's speedup over the baseline snippet with its interval
 * and what it means. The page draws it, `npm run bench` prints it, links
 * carry it; a run's result holds it (RunResult.playground).
 */

/**
 * How a snippet compares with the baseline: `same` when the interval holds
 * 1, which is what two versions of the same code give; faster or slower only
 * when the whole interval is on one side.
 */
export type Comparison = 'faster' | 'slower' | 'same';

export interface SnippetFigures {
  name: string;
  /** Milliseconds per call: the median over rounds with its 95% interval. */
  time: Interval;
  /** Calls timed per sample, samples and rounds. */
  k: number;
  samples: number;
  rounds: number;
  /** The baseline's time ÷ this snippet's, with its interval; absent for the baseline. */
  speedup?: Interval;
  comparison?: Comparison;
  /** Time per call at each size of the sweep, when the playground asks for one. */
  growth?: { size: number; ms: number }[];
  fit?: GrowthFit;
}

export interface PlaygroundReport {
  title: string;
  baseline: string;
  size: number;
  /** Whether the answers were compared before timing (PlaygroundOptions.compare). */
  compared: boolean;
  /** Whether any snippet returned a promise (and was timed until it settled). */
  awaited: boolean;
  snippets: SnippetFigures[];
  /** Confidence of each speedup's interval, corrected for the looks the sequential design took. */
  confidence: number;
  /** The log-ratio margin for variation between processes, added on each side of every speedup. */
  margin: number;
  env: Environment;
  seed: number;
  durationMs: number;
  /**
   * For a playground of a lesson: which, and what its intervals are. On a
   * lesson's simulated clock each time is exact for its input, and the
   * interval is the spread over the rounds' inputs, not a measurement error.
   */
  lesson?: { slug: string; spread: 'measurement' | 'workloads'; metric?: { label: string; unit?: string } };
}
