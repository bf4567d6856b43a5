import { mixSeed } from '../rng.ts';
import type { Side } from '../result.ts';
import { median } from '../stats.ts';
import type { Run } from './run.ts';

export type Growth = Partial<Record<Side, { size: number; ms: number }[]>>;

/** A call at least this long is timed once per size. */
const STEADY_CALL_MS = 25;

/**
 * Phase 4, for lessons about complexity: time against input size, three
 * calls a size, or one for a long call. At the lesson's own size the point is the rounds' time per
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
      // Three calls where they are cheap; one where a call is long enough to be steady on its own.
      const times: number[] = [];
      for (let j = 0; j < 3 && (j === 0 || times[0]! < STEADY_CALL_MS); j++) times.push((await run.once(side, mixSeed(run.baseSeed, 2, size, j), size)).ms);
      (growth[side] ??= []).push({ size, ms: median(times) });
    }
  }
  return growth;
}
