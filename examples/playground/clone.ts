/// @playground 1
// A Fast Under Load playground. Open it in the playground (Open a file), or time it
// from a terminal with: npm run bench -- examples/playground/clone.ts
/// @options {"title":"JSON round trip vs structuredClone","baseline":"JSON round trip","size":50,"compare":true}

/// @setup
import type { SetupContext } from './types';

// A deep copy of an order with `size` lines, so a change to the copy leaves
// the original alone. The order is plain data (strings, numbers, booleans,
// arrays and objects), so both ways give equal clones, and the answers are
// compared before anything is timed.
//
// What to look for: whether either one is faster at all. For small, plain
// data like this the two are often close, and the interval says so. Speed is
// not the only difference: the JSON round trip turns a Date into a string
// and drops `undefined`, Maps and Sets, where structuredClone keeps them (and
// keeps shared and circular references as they were). Add a Date to the
// order and the answers stop agreeing: the run says where they differ.
export function setup({ rng, size }: SetupContext) {
  const skus = ['A-100', 'B-220', 'C-310', 'D-404', 'E-512'];
  return {
    id: rng.int(1, 1_000_000),
    customer: { name: 'Ada', email: 'ada@example.com', tags: ['returning', 'newsletter'] },
    lines: Array.from({ length: size }, (_, i) => ({
      line: i + 1,
      sku: rng.pick(skus),
      quantity: rng.int(1, 5),
      price: rng.int(100, 5000) / 100,
      gift: rng.next() < 0.1,
    })),
  };
}

export type Input = ReturnType<typeof setup>;

/// @snippet JSON round trip
import type { Input } from './setup';

export function run(order: Input): Input {
  return JSON.parse(JSON.stringify(order));
}

/// @snippet structuredClone
import type { Input } from './setup';

export function run(order: Input): Input {
  return structuredClone(order);
}
