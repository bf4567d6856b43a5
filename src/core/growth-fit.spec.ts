import { describe, expect, it } from 'vitest';
import { fitGrowth } from './growth-fit.ts';

const sizes = [2_500, 5_000, 10_000, 20_000];
const samples = (f: (n: number) => number) => sizes.map((size) => ({ size, ms: f(size) }));

describe('fitGrowth', () => {
  it('finds the exponent of exact power laws, with a perfect fit', () => {
    const square = fitGrowth(samples((n) => 3e-7 * n * n))!;
    expect(square.exponent).toBeCloseTo(2, 6);
    expect(square.r2).toBeCloseTo(1, 6);
    expect(square.name).toBe('about n²');
    expect(fitGrowth(samples((n) => 0.002 * n))!.name).toBe('about n');
    expect(fitGrowth(samples(() => 4))!.name).toBe('about constant');
    expect(fitGrowth(samples((n) => 1e-11 * n ** 3))!.name).toBe('faster than n²');
  });

  it('calls n log n "about n": over four doublings its slope is about 1.1', () => {
    const fit = fitGrowth(samples((n) => 1e-4 * n * Math.log2(n)))!;
    expect(fit.exponent).toBeGreaterThan(1.05);
    expect(fit.exponent).toBeLessThan(1.15);
    expect(fit.name).toBe('about n');
  });

  it('keeps a band between n and n², so a little noise cannot swap one for the other', () => {
    expect(fitGrowth(samples((n) => 1e-5 * n ** 1.4))!.name).toBe('between n and n²');
    expect(fitGrowth(samples((n) => 1e-5 * n ** 1.7))!.name).toBe('between n and n²');
  });

  it('names nothing for noisy times, and fits nothing from too few sizes', () => {
    const noisy = fitGrowth([
      { size: 2_500, ms: 10 },
      { size: 5_000, ms: 2 },
      { size: 10_000, ms: 12 },
      { size: 20_000, ms: 3 },
    ])!;
    expect(noisy.r2).toBeLessThan(0.2);
    expect(noisy.name).toMatch(/^no clear growth/);
    expect(fitGrowth(samples((n) => n).slice(0, 2))).toBeUndefined();
    expect(fitGrowth([{ size: 10, ms: 0 }, { size: 20, ms: 0 }, { size: 40, ms: 0 }])).toBeUndefined();
  });
});
