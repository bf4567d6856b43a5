/// @playground 1
// A Fast Under Load playground. Open it in the playground (Open a file), or time it
// from a terminal with: npm run bench -- examples/playground/concat-vs-join.ts
/// @options {"title":"string += vs join","baseline":"+=","size":2000,"compare":true}

/// @setup
import type { SetupContext } from './types';

// Building a CSV export of `size` rows, one line each. Both snippets return
// the same text.
//
// What to look for: the old advice is that `+=` copies the whole string on
// every step, so it must lose to `join`. Today's engines keep a string built
// with `+=` as a chain of pieces (a "rope") and copy it once, when it is read,
// so the gap is much smaller than the advice suggests, and which one wins
// depends on the engine. Time it where your code runs rather than trusting
// either rule.
export function setup({ rng, size }: SetupContext) {
  const products = ['apples', 'bread', 'coffee', 'dates', 'eggs', 'flour'];
  const lines = Array.from({ length: size }, (_, i) => `${i + 1},${rng.pick(products)},${rng.int(1, 20)},${rng.int(100, 9999) / 100}`);
  return { lines };
}

export type Input = ReturnType<typeof setup>;

/// @snippet +=
import type { Input } from './setup';

export function run({ lines }: Input) {
  let csv = 'id,product,quantity,price';
  for (const line of lines) {
    csv += '\n';
    csv += line;
  }
  return csv;
}

/// @snippet join
import type { Input } from './setup';

export function run({ lines }: Input) {
  return 'id,product,quantity,price\n' + lines.join('\n');
}
