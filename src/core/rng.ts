/**
 * A small seeded random number generator (mulberry32). Workloads and simulated
 * latencies come from it, so the same seed gives the same inputs on every
 * runtime and every machine.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick() needs at least one item');
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

/** `count` distinct integers in [min, max], in the order drawn. */
export function distinctInts(rng: Rng, count: number, min: number, max: number): number[] {
  if (count > max - min + 1) throw new RangeError(`cannot draw ${count} distinct integers from [${min}, ${max}]`);
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const n = rng.int(min, max);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}

/** Mixes several integers into one seed, so (round, iteration) pairs never collide. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h ^= part >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= h >>> 13;
  }
  return h >>> 0;
}
