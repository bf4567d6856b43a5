import { createRng } from './rng.ts';

/**
 * Statistics used by the measurement protocol. Percentiles use the
 * nearest-rank definition (the smallest value with at least p% of the samples
 * at or below it), which never invents a value that was not observed.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0..100`);
  return atRank([...values].sort((a, b) => a - b), p);
}

/** The nearest-rank percentile of values already sorted. */
function atRank(sorted: readonly number[], p: number): number {
  // p × n first, then ÷ 100: (p / 100) × n is off by one rank at p99.9 of 1000 in floating point.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1]!;
}

/** The percentiles a latency plot shows, where there are samples enough to tell them apart. */
const CURVE_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

/**
 * The latency distribution as a percentile curve, HdrHistogram's way: each
 * percentile with at least one sample beyond it (p99.9 needs 1,000), and the
 * largest value at 100.
 */
export function percentileCurve(values: readonly number[]): { percentile: number; value: number }[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  // (100 − p) × n ≥ 100, with room for floating point: 100 − 99.9 is not exactly 0.1.
  const shown = CURVE_PERCENTILES.filter((p) => p === 0 || (100 - p) * sorted.length >= 100 - 1e-9);
  return [...shown.map((p) => ({ percentile: p, value: atRank(sorted, p) })), { percentile: 100, value: sorted.at(-1)! }];
}

/** Amdahl's law: the most `threads` can speed up work of which a share `serial` (0 to 1) runs on one thread only. */
export function amdahlSpeedup(serial: number, threads: number): number {
  return 1 / (serial + (1 - serial) / threads);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Interval {
  median: number;
  low: number;
  high: number;
}

/**
 * Median with a percentile-bootstrap interval (95% unless `confidence` says
 * otherwise). The resampling is seeded, so the same observations always give
 * the same interval.
 */
export function bootstrapMedian(values: readonly number[], resamples = 2000, seed = 1, confidence = 0.95): Interval {
  const m = median(values);
  if (values.length < 2) return { median: m, low: m, high: m };
  const rng = createRng(seed);
  const medians: number[] = [];
  const draw: number[] = new Array<number>(values.length);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < values.length; j++) draw[j] = values[Math.floor(rng.next() * values.length)]!;
    medians.push(median(draw));
  }
  medians.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return {
    median: m,
    low: medians[Math.floor(tail * (resamples - 1))]!,
    high: medians[Math.ceil((1 - tail) * (resamples - 1))]!,
  };
}

/** Widens an interval of ratios by a factor on each side: exp(±logMargin). */
export function widen(interval: Interval, logMargin: number): Interval {
  if (logMargin <= 0) return interval;
  return { median: interval.median, low: interval.low * Math.exp(-logMargin), high: interval.high * Math.exp(logMargin) };
}
