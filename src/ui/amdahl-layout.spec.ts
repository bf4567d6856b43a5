import { describe, expect, it } from 'vitest';
import type { SideResult } from '../core/result.ts';
import { amdahlCurve, describeAmdahl, threadsShown } from './amdahl-layout.ts';

describe('Amdahl chart', () => {
  it('draws each side’s curve from 1 thread, flattening towards 1 ÷ serial', () => {
    const curve = amdahlCurve(0.1, 16);
    expect(curve[0]).toEqual({ x: 1, y: 1 });
    expect(curve[1]!.y).toBeCloseTo(1 / (0.1 + 0.9 / 2));
    expect(curve.at(-1)!.y).toBeLessThan(10);
    expect(amdahlCurve(0, 4).map((p) => p.y)).toEqual([1, 2, 3, 4]);
    expect(threadsShown([{ serial: 0, threads: 12, speedup: 1, cores: 12 }])).toBe(48);
    expect(threadsShown([])).toBe(8);
  });

  it('says the serial share, the measured speedup, the law’s figure and its ceiling', () => {
    const side = { side: 'reference', details: { amdahl: { serial: 0.05, threads: 2, speedup: 1.8, cores: 2 } } } as SideResult;
    expect(describeAmdahl(side)).toBe('Reference: 5.0% serial, 1.8x measured with 2 threads at work, where the law allows 1.9x, and no number of threads past 20x.');
  });
});
