import { describe, expect, it } from 'vitest';
import type { SideResult } from '../core/result.ts';
import { describeLatency, latencyPoints, percentileName, rarity } from './latency-layout.ts';

const latency = {
  count: 2000,
  label: 'latency (simulated ms)',
  points: [
    { percentile: 0, value: 5 },
    { percentile: 50, value: 20 },
    { percentile: 99, value: 300 },
    { percentile: 99.9, value: 900 },
    { percentile: 99.95, value: 950 },
    { percentile: 100, value: 1200 },
  ],
};

describe('latency plot', () => {
  it('puts each percentile where it is ten times rarer per step, and the slowest request at 1 in n', () => {
    expect(rarity(0, 2000)).toBe(0);
    expect(rarity(90, 2000)).toBeCloseTo(1);
    expect(rarity(99.9, 2000)).toBeCloseTo(3);
    expect(rarity(100, 2000)).toBeCloseTo(Math.log10(2000));
  });

  it('names percentiles as people write them', () => {
    expect([0, 50, 90.00000000000001, 99.9, 99.99, 100].map(percentileName)).toEqual(['p0', 'p50', 'p90', 'p99.9', 'p99.99', 'max']);
  });

  it('leaves to the slowest request a percentile that would stand at its place or past it', () => {
    // p99.95 of 2,000 is 1 in 2,000: the slowest request's own place.
    expect(latencyPoints(latency).map((p) => p.name)).toEqual(['p0', 'p50', 'p99', 'p99.9', 'max']);
  });

  it('tells a screen reader the median, the tail and the slowest', () => {
    const side = { side: 'candidate', details: { latency } } as SideResult;
    expect(describeLatency(side)).toBe('Your code: p50 20 ms, p99 300 ms, p99.9 900 ms, max 1,200 ms.');
  });
});
