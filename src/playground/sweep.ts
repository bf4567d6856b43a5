import type { Progress } from '../core/measure.ts';
import type { Environment } from '../core/result.ts';
import { mixSeed } from '../core/rng.ts';
import { median } from '../core/stats.ts';
import { snippetCalls } from './calls.ts';
import type { PlaygroundModules } from './compare.ts';
import type { PlaygroundFile } from './file.ts';
import type { CallNotes } from './spec.ts';

/**
 * Time against input size, for the growth chart and its fit: at each size
 * every snippet is timed in a few samples of K calls, K chosen so a sample
 * lasts well over the timer's tick, each call on a fresh input. Snippets take
 * turns going first. It informs; the verdicts come from the rounds at the
 * playground's own size.
 */

const SAMPLES = 3;
/** A sample lasts at least this long (or 50 ticks of the timer). */
const SAMPLE_MS = 3;
/** Past this, one call is a steady measurement on its own, and one sample is enough. */
const LONG_CALL_MS = 50;

export async function sweepSizes(
  file: PlaygroundFile,
  modules: PlaygroundModules,
  options: { seed: number; env: Environment; notes: CallNotes; onProgress?: (progress: Progress) => void },
): Promise<Record<string, { size: number; ms: number }[]>> {
  const sizes = file.options.sizes ?? [];
  const names = file.snippets.map((s) => s.name);
  const growth: Record<string, { size: number; ms: number }[]> = Object.fromEntries(names.map((n) => [n, []]));
  const sampleMs = Math.max(SAMPLE_MS, 50 * options.env.timerTickMs);
  for (const [at, size] of sizes.entries()) {
    options.onProgress?.({ phase: 'growth', size });
    const order = names.map((_, i) => names[(i + at) % names.length]!);
    for (const name of order) {
      // Every snippet gets the same inputs at a size.
      const calls = snippetCalls(file, modules, name, { seed: mixSeed(options.seed, 9), size, notes: options.notes });
      // One untimed call says how long a call takes at this size.
      const warm = performance.now();
      await calls.call(calls.input(0));
      const once = performance.now() - warm;
      const long = once >= LONG_CALL_MS;
      const k = long ? 1 : Math.min(1000, Math.max(1, Math.ceil(sampleMs / Math.max(once, 1e-4))));
      const perCall: number[] = [];
      for (let sample = 0; sample < (long ? 1 : SAMPLES); sample++) {
        const inputs = Array.from({ length: k }, (_, j) => calls.input(1 + sample * k + j));
        const t0 = performance.now();
        for (const input of inputs) await calls.call(input);
        perCall.push((performance.now() - t0) / k);
        options.onProgress?.({ phase: 'growth', size });
      }
      growth[name]!.push({ size, ms: median(perCall) });
    }
  }
  return growth;
}
