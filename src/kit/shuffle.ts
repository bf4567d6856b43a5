import type { Rng } from '../core/rng.ts';

/** A seeded Fisher–Yates shuffle into a new array; the input is left as it was. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
