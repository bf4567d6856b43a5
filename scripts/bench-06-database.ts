import { measure } from 'mitata';
import { createRng, mixSeed } from '../src/core/rng.ts';
import { WallClock } from '../src/core/clock.ts';
import spec from '../exercises/06-database/spec.ts';
import * as starter from '../exercises/06-database/exercise.ts';
import * as reference from '../solutions/06-database/exercise.ts';

/**
 * An independent timing of lesson 06's pair: the starter and the reference
 * solution, each on the same calls the grader times (the spec's own prepare
 * and call, so the same queries on the same data), measured by mitata
 * instead of the workshop's protocol. Compare its ratio with the speedup
 * `npm run verify -- --lesson 06-database` reports.
 *
 *   npm run bench:06
 */
const context = {
  threads: { cores: 1, pool: () => Promise.reject(new Error('no threads here')) },
  load: () => {
    throw new Error('lesson 06 loads no second copy');
  },
};
const sides = { starter, reference } as const;
let calls = 0;

async function timeSide(name: keyof typeof sides): Promise<number> {
  const mod = sides[name];
  const stats = await measure(
    function* () {
      yield {
        [0]() {
          const seed = mixSeed(20261201, calls++);
          return spec.prepare({ seed, rng: createRng(seed), clock: new WallClock(), size: spec.size });
        },
        async bench(work: ReturnType<typeof spec.prepare>) {
          await spec.call(mod, work, context);
        },
      };
    },
    { min_cpu_time: 2_000 * 1e6 },
  );
  return stats.p50 / 1e6;
}

// The first calls set up each side's tables; they are not part of the timing.
for (const name of ['starter', 'reference'] as const) {
  const seed = mixSeed(1, name.length);
  await spec.call(sides[name], spec.prepare({ seed, rng: createRng(seed), clock: new WallClock(), size: spec.size }), context);
}

const ratios: number[] = [];
for (let round = 0; round < 3; round++) {
  const order = round % 2 === 0 ? (['starter', 'reference'] as const) : (['reference', 'starter'] as const);
  const ms: Record<string, number> = {};
  for (const name of order) ms[name] = await timeSide(name);
  ratios.push(ms.starter! / ms.reference!);
  console.log(`round ${round + 1}: starter ${ms.starter!.toFixed(2)} ms, reference ${ms.reference!.toFixed(2)} ms per call: ${(ms.starter! / ms.reference!).toFixed(2)}x`);
}
ratios.sort((a, b) => a - b);
console.log(`mitata, median of ${ratios.length} rounds: the reference is ${ratios[1]!.toFixed(2)}x faster than the starter`);
