import { WallClock } from '../core/clock.ts';
import type { Progress } from '../core/measure.ts';
import type { Environment } from '../core/result.ts';
import { createRng, mixSeed } from '../core/rng.ts';
import { median } from '../core/stats.ts';
import type { PlaygroundFile } from './file.ts';
import type { PlaygroundModules } from './compare.ts';
import { PartError } from './part-error.ts';
import { playgroundSpec, type CallNotes } from './spec.ts';

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
    const spec = playgroundSpec(file, modules.setup, { baseline: file.options.baseline, candidate: file.options.baseline }, options.notes, size);
    const order = names.map((_, i) => names[(i + at) % names.length]!);
    for (const name of order) {
      const mod = modules.snippets[name]!;
      const inputOf = (j: number) => {
        const seed = mixSeed(options.seed, 9, size, j);
        try {
          return spec.prepare({ seed, rng: createRng(seed), clock: new WallClock(), size });
        } catch (error) {
          throw new PartError('setup', error);
        }
      };
      const call = async (input: unknown) => {
        try {
          await spec.call(mod, input, context);
        } catch (error) {
          throw new PartError(name, error);
        }
      };
      const context = { threads: { cores: 1, pool: () => Promise.reject(new Error('no threads in a playground')) }, load: () => mod };
      // One untimed call compiles the code, and says how long a call takes.
      const warm = performance.now();
      await call(inputOf(0));
      const once = performance.now() - warm;
      const k = once >= LONG_CALL_MS ? 1 : Math.min(1000, Math.max(1, Math.ceil(sampleMs / Math.max(once, 1e-4))));
      const perCall: number[] = [];
      for (let sample = 0; sample < (once >= LONG_CALL_MS ? 1 : SAMPLES); sample++) {
        const inputs = Array.from({ length: k }, (_, j) => inputOf(1 + sample * k + j));
        const t0 = performance.now();
        for (const input of inputs) await call(input);
        perCall.push((performance.now() - t0) / k);
        options.onProgress?.({ phase: 'growth', size });
      }
      growth[name]!.push({ size, ms: median(perCall) });
    }
  }
  return growth;
}
