import type { SideResult } from '../core/result.ts';
import { SIDE_LABELS } from '../core/side-labels.ts';
import { formatNumber } from '../core/verdict.ts';

/**
 * Where the latency plot's points go (latency-chart.ts draws them), and what
 * it says in words: no DOM and no chart here, so it is tested on its own.
 */

/** Where a percentile goes along the bottom: −log10 of the share of requests slower than it; the slowest one at 1 in `count`. */
export function rarity(percentile: number, count: number): number {
  return percentile >= 100 ? Math.log10(Math.max(count, 1)) : Math.abs(Math.log10(1 - percentile / 100));
}

/** "p99.9", "p50", "max". */
export const percentileName = (percentile: number): string => (percentile >= 100 ? 'max' : `p${Number(percentile.toFixed(2))}`);

/** Each side's points along the rarity axis; a percentile at or past the slowest request's place is left to it. */
export function latencyPoints(latency: NonNullable<NonNullable<SideResult['details']>['latency']>): { x: number; y: number; name: string }[] {
  const end = rarity(100, latency.count);
  return latency.points
    .filter((p) => p.percentile >= 100 || rarity(p.percentile, latency.count) < end)
    .map((p) => ({ x: rarity(p.percentile, latency.count), y: p.value, name: percentileName(p.percentile) }));
}

/** A sentence per side for screen readers: the median, the p99 and the slowest. */
export function describeLatency(side: SideResult): string {
  const latency = side.details!.latency!;
  const at = (p: number) => latency.points.find((q) => q.percentile === p);
  const parts = [50, 99, 99.9, 100].flatMap((p) => {
    const point = at(p);
    return point ? [`${percentileName(p)} ${formatNumber(point.value)} ms`] : [];
  });
  return `${SIDE_LABELS[side.side]}: ${parts.join(', ')}.`;
}

