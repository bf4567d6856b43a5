/**
 * Counters kept on the service side: the spec's services write to a meter,
 * and `counters()` reads it. The learner's code is handed the services, never
 * the meter, so it cannot reset or lower what is counted about it.
 */
export interface Meter {
  /** Adds `by` (default 1) to a count. */
  add(key: string, by?: number): void;
  /** Keeps the largest value seen for a key. */
  peak(key: string, value: number): void;
  get(key: string): number;
  /** Every count and peak, as plain numbers. */
  read(): Record<string, number>;
}

export function createMeter(keys: readonly string[] = []): Meter {
  const values = new Map<string, number>(keys.map((k) => [k, 0]));
  return {
    add: (key, by = 1) => void values.set(key, (values.get(key) ?? 0) + by),
    peak: (key, value) => void values.set(key, Math.max(values.get(key) ?? -Infinity, value)),
    get: (key) => values.get(key) ?? 0,
    read: () => Object.fromEntries(values),
  };
}
