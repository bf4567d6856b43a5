import type { CounterSpec } from '../lesson.ts';
import type { Counters, Side } from '../result.ts';

/**
 * The worst value of each counter over every call a side made, checked and
 * timed alike: a candidate that behaves only while it is checked is caught
 * by the calls that follow. Noisy counters (CounterSpec.noisy) also keep
 * every call's value, as their gate weighs the calls together.
 */
export class CounterBook {
  readonly worst: Record<Side, Counters> = { baseline: {}, candidate: {}, reference: {} };
  readonly noisy: Record<Side, Record<string, number[]>> = { baseline: {}, candidate: {}, reference: {} };
  private readonly better: Map<string, CounterSpec['better']>;
  private readonly noisyKeys: Set<string>;

  constructor(specs: readonly CounterSpec[]) {
    this.better = new Map(specs.map((s) => [s.key, s.better]));
    this.noisyKeys = new Set(specs.filter((s) => s.noisy).map((s) => s.key));
  }

  record(side: Side, from: Counters): void {
    const into = this.worst[side];
    for (const [key, value] of Object.entries(from)) {
      const prev = into[key];
      const lower = (this.better.get(key) ?? 'lower') === 'lower';
      into[key] = prev === undefined ? value : lower ? Math.max(prev, value) : Math.min(prev, value);
      if (this.noisyKeys.has(key)) (this.noisy[side][key] ??= []).push(value);
    }
  }

  /** Figures that inform but are not worst-of (advisory measurements), added as they are. */
  assign(side: Side, extra: Counters): void {
    Object.assign(this.worst[side], extra);
  }
}
