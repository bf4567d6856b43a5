import type { GrowthFit } from '../core/growth-fit.ts';
import type { Environment } from '../core/result.ts';
import type { Interval } from '../core/stats.ts';
import { formatNumber, formatRatio } from '../core/verdict.ts';

/**
 * What a playground run found: each snippet's time per call, and each one's
 * speedup over the baseline snippet with its interval and what it means.
 * The page draws it, `npm run bench` prints it, and links carry it.
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
  lesson?: { slug: string; spread: 'measurement' | 'workloads'; metric?: string };
}

export function compare(speedup: Interval): Comparison {
  if (speedup.low > 1) return 'faster';
  if (speedup.high < 1) return 'slower';
  return 'same';
}

/** "2.3x faster than `includes` (95% interval 2.1x to 2.6x)", or the honest "no measurable difference". */
export function describeComparison(snippet: Pick<SnippetFigures, 'name' | 'speedup' | 'comparison'>, baseline: string): string {
  const s = snippet.speedup;
  if (!s || !snippet.comparison) return `\`${snippet.name}\` is the baseline`;
  if (snippet.comparison === 'same') {
    if (formatSpeed(s.low) === 'as fast' && formatSpeed(s.high) === 'as fast') return `no measurable difference from \`${baseline}\` (as fast, within half a percent, across its interval)`;
    return `no measurable difference from \`${baseline}\` (its interval runs from ${formatBound(s.low)} to ${formatBound(s.high)})`;
  }
  return `${formatSpeed(s.median)} than \`${baseline}\` (interval from ${formatBound(s.low)} to ${formatBound(s.high)})`;
}

/** An end of an interval, always with its direction: "1x faster" rather than "as fast", which reads oddly as an end. */
export function formatBound(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return formatRatio(ratio);
  return ratio >= 1 ? `${formatRatio(ratio)} faster` : `${formatRatio(1 / ratio)} slower`;
}

/** A speedup as the reader says it: 2.3x faster, 1.6x slower (never "0.62x faster"), or "as fast" within half a percent. */
export function formatSpeed(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return formatRatio(ratio);
  if (Math.abs(Math.log(ratio)) < 0.005) return 'as fast';
  return ratio >= 1 ? `${formatRatio(ratio)} faster` : `${formatRatio(1 / ratio)} slower`;
}

/** How the intervals were reached, in a sentence: the confidence, and what their width is made of. */
export function describeIntervals(report: Pick<PlaygroundReport, 'confidence' | 'margin' | 'lesson'>): string {
  const percent = Math.round(report.confidence * 1000) / 10;
  if (report.lesson?.spread === 'workloads') {
    return `Times are on the lesson's simulated clock, exact for each input: an interval (at ${percent}%) is the spread over the rounds' different inputs.`;
  }
  return `Intervals at ${percent}% confidence${report.margin > 0 ? ', widened by the variation between processes' : ''}.`;
}

/** A time per call with a unit that keeps it readable: ns, µs, ms or s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0.001) return `${formatNumber(ms * 1e6)} ns`;
  if (ms < 1) return `${formatNumber(ms * 1e3)} µs`;
  if (ms < 1000) return `${formatNumber(ms)} ms`;
  return `${formatNumber(ms / 1000)} s`;
}
