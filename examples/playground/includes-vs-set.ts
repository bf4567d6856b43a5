/// @playground 1
// A Fast Under Load playground. Open it in the playground (Open a file), or time it
// from a terminal with: npm run bench -- examples/playground/includes-vs-set.ts
/// @options {"title":"includes vs Set.has","baseline":"includes","size":50,"sizes":[10,100,1000,10000],"compare":true}

/// @setup
import type { SetupContext } from './types';

// Which of `size` incoming requests come from a blocked account, with
// `size` accounts on the blocklist. Both snippets count the same requests.
//
// What to look for:
// - At size 50 the Set usually loses: `Set.has` builds its Set inside `run`,
//   as code that gets a fresh list on every call must, and building a Set of
//   50 costs more than the 50 short scans of an array that it saves.
// - The sweep is where they part. `includes` scans the list for each request,
//   so its work grows with size × size (n²). How steep its time looks depends
//   on the engine: some scan arrays of numbers with vector instructions, many
//   at a time, and fixed costs weigh more at size 10, so the fit may say
//   "between n and n²" or even "about n" over these sizes. The Set pays once
//   to build, then each lookup costs about the same at any size, so it grows
//   about as n. Where the lines cross, and how fast they part after it, is
//   this engine's answer; run it in another browser, and with
//   npm run bench, to see how much that answer depends on where it runs.
export function setup({ rng, size }: SetupContext) {
  const blocked = Array.from({ length: size }, () => rng.int(0, 2 * size));
  const requests = Array.from({ length: size }, () => rng.int(0, 2 * size));
  return { blocked, requests };
}

export type Input = ReturnType<typeof setup>;

/// @snippet includes
import type { Input } from './setup';

export function run({ blocked, requests }: Input) {
  let found = 0;
  for (const account of requests) if (blocked.includes(account)) found++;
  return found;
}

/// @snippet Set.has
import type { Input } from './setup';

export function run({ blocked, requests }: Input) {
  const blockedSet = new Set(blocked);
  let found = 0;
  for (const account of requests) if (blockedSet.has(account)) found++;
  return found;
}
