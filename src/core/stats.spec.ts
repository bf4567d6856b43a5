import { describe, expect, it } from 'vitest';
import { bootstrapMedian, median, percentile, percentileCurve } from './stats.ts';

describe('percentile (nearest rank)', () => {
  const ten = [15, 20, 35, 40, 50, 1, 2, 3, 4, 5];
  it('picks the smallest value with at least p% at or below it', () => {
    // sorted: 1 2 3 4 5 15 20 35 40 50
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 90)).toBe(40);
    expect(percentile(ten, 95)).toBe(50);
    expect(percentile(ten, 100)).toBe(50);
    expect(percentile(ten, 0)).toBe(1);
    // 99.9 / 100 × 1000 is 999.0000000000001 in floating point; the rank is 999.
    expect(percentile(Array.from({ length: 1000 }, (_, i) => i + 1), 99.9)).toBe(999);
  });
  it('never invents a value that was not observed', () => {
    expect(ten).toContain(percentile(ten, 37));
  });
  it('refuses empty input and out-of-range p', () => {
    expect(() => percentile([], 50)).toThrow();
    expect(() => percentile([1], 101)).toThrow();
  });
});

describe('median', () => {
  it('handles odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('bootstrapMedian', () => {
  it('is deterministic for a seed and brackets the median', () => {
    const values = [10, 12, 11, 13, 9, 10, 11, 12, 30, 10];
    const a = bootstrapMedian(values, 1000, 7);
    const b = bootstrapMedian(values, 1000, 7);
    expect(a).toEqual(b);
    expect(a.low).toBeLessThanOrEqual(a.median);
    expect(a.high).toBeGreaterThanOrEqual(a.median);
    expect(a.median).toBe(11);
  });
  it('collapses to a point for identical values', () => {
    expect(bootstrapMedian([5, 5, 5, 5])).toEqual({ median: 5, low: 5, high: 5 });
  });
  it('widens with spread', () => {
    const tight = bootstrapMedian([10, 10.1, 9.9, 10, 10.05, 9.95, 10, 10.02], 1000, 3);
    const loose = bootstrapMedian([5, 15, 8, 12, 10, 20, 3, 10], 1000, 3);
    expect(loose.high - loose.low).toBeGreaterThan(tight.high - tight.low);
  });
});

describe('bootstrapMedian confidence and widen', () => {
  it('a higher confidence gives a wider interval, and widen adds a margin on each side', async () => {
    const { widen } = await import('./stats.ts');
    const values = [5, 15, 8, 12, 10, 20, 3, 10, 9, 11];
    const at95 = bootstrapMedian(values, 2000, 3);
    const at99 = bootstrapMedian(values, 2000, 3, 0.99);
    expect(at99.low).toBeLessThanOrEqual(at95.low);
    expect(at99.high).toBeGreaterThanOrEqual(at95.high);
    const wide = widen({ median: 2, low: 2, high: 2 }, Math.log(1.5));
    expect(wide.low).toBeCloseTo(2 / 1.5, 10);
    expect(wide.high).toBeCloseTo(3, 10);
    expect(widen(at95, 0)).toEqual(at95);
  });
});

describe('percentileCurve', () => {
  it('gives each percentile the samples can tell apart, then the largest value at 100', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1..1000, in reverse
    const curve = percentileCurve(values);
    expect(curve.map((c) => c.percentile)).toEqual([0, 50, 75, 90, 95, 99, 99.5, 99.9, 100]);
    expect(curve.find((c) => c.percentile === 99.9)!.value).toBe(999);
    expect(curve.at(0)).toEqual({ percentile: 0, value: 1 });
    expect(curve.at(-1)).toEqual({ percentile: 100, value: 1000 });
    // 20 samples: nothing past p95.
    expect(percentileCurve(values.slice(0, 20)).map((c) => c.percentile)).toEqual([0, 50, 75, 90, 95, 100]);
    expect(percentileCurve([])).toEqual([]);
  });
});
