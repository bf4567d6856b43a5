import { mixSeed } from '../rng.ts';
import type { Side } from '../result.ts';
import { median } from '../stats.ts';
import type { Run } from './run.ts';

export type Growth = Partial<Record<Side, { size: number; ms: number }[]>>;

/**
 * Phase 4, for lessons about complexity: time against input size, three
 * calls a size. At the lesson's own size the point is the rounds' time per
 * call, so the chart and the table show the same figure.
 */
export async function measureGrowth<W, O>(run: Run<W, O>, perRound: Record<Side, number[]>): Promise<Growth> {
  const growth: Growth = {};
  const sizes = run.spec.growth?.sizes;
  if (!sizes) return growth;
  const progress = run.options.onProgress ?? (() => {});
  for (const size of sizes) {
    progress({ phase: 'growth', size });
    for (const side of run.sides) {
      if (size === run.spec.size && perRound[side].length > 0) {
        (growth[side] ??= []).push({ size, ms: median(perRound[side]) });
        continue;
      }
      const times: number[] = [];
      for (let j = 0; j < 3; j++) times.push((await run.once(side, mixSeed(run.baseSeed, 2, size, j), size)).ms);
      (growth[side] ??= []).push({ size, ms: median(times) });
    }
  }
  return growth;
}
