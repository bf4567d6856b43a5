import type { Comparison, PlaygroundReport, SnippetFigures } from '../core/playground-report.ts';
import type { Interval } from '../core/stats.ts';
import { formatNumber, formatRatio } from '../core/verdict.ts';

export type { Comparison, PlaygroundReport, SnippetFigures } from '../core/playground-report.ts';

/**
 * What a playground run found: each snippet's time per call, and each one's
 * speedup over the baseline snippet with its interval and what it means.
 * The page draws it, `npm run bench` prints it, and links carry it.
 */

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

/** What each snippet's figure is: its time per call, or, in a lesson's playground whose speedup is on a metric, that metric. */
export function figureName(report: Pick<PlaygroundReport, 'lesson'>): string {
  return report.lesson?.metric?.label ?? 'time per call';
}

/** A snippet's figure with its unit (see figureName). */
export function formatFigure(report: Pick<PlaygroundReport, 'lesson'>, value: number): string {
  const metric = report.lesson?.metric;
  if (!metric) return formatDuration(value);
  return `${formatNumber(value)}${metric.unit ? ` ${metric.unit}` : ''}`;
}

/** A time per call with a unit that keeps it readable: ns, µs, ms or s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0.001) return `${formatNumber(ms * 1e6)} ns`;
  if (ms < 1) return `${formatNumber(ms * 1e3)} µs`;
  if (ms < 1000) return `${formatNumber(ms)} ms`;
  return `${formatNumber(ms / 1000)} s`;
}
