/// @playground 1
// A Fast Under Load playground. Open it in the playground (Open a file), or time it
// from a terminal with: npm run bench -- examples/playground/a-a.ts
/// @options {"title":"An A/A pair: the same code twice","baseline":"A","size":1000,"compare":true}

/// @setup
import type { SetupContext } from './types';

// The same snippet twice, character for character: an A/A test. There is
// no difference to find, so this is what "no measurable difference" looks
// like: the speedup's interval holds 1, from a little slower to a little
// faster. Its width is this machine's noise, plus a fixed allowance for how
// much one process differs from the next.
//
// What to look for: the two times per call are close but rarely equal, and
// that is not a finding. Before you believe a small speedup in your own
// comparison, check that it is clearly larger than what this pair shows.
// On a busy machine (a build running beside it) even this pair can now and
// then come out "faster" or "slower": run it again when nothing else runs.
export function setup({ rng, size }: SetupContext) {
  return { prices: Array.from({ length: size }, () => rng.int(1, 10_000)) };
}

export type Input = ReturnType<typeof setup>;

/// @snippet A
import type { Input } from './setup';

export function run({ prices }: Input) {
  let total = 0;
  for (const price of prices) total += price;
  return total;
}

/// @snippet A again
import type { Input } from './setup';

export function run({ prices }: Input) {
  let total = 0;
  for (const price of prices) total += price;
  return total;
}
