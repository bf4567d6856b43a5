import { describe, expect, it } from 'vitest';
import { orderFor, samplesPerRound, zFor } from './rounds.ts';

describe('the sequential design of the wall-clock rounds', () => {
  it('takes z from the confidence of each look', () => {
    expect(zFor(0.95)).toBeCloseTo(1.95996, 4);
    // Four looks, Bonferroni: 98.75% each.
    expect(zFor(1 - 0.05 / 4)).toBeCloseTo(2.49771, 4);
    expect(zFor(1 - 0.05 / 3)).toBeCloseTo(2.39398, 4);
  });

  it('gives a slow side one sample a round and a fast side five', () => {
    expect(samplesPerRound(400)).toBe(1);
    expect(samplesPerRound(60)).toBe(1);
    expect(samplesPerRound(20)).toBe(3);
    expect(samplesPerRound(2)).toBe(5);
  });

  it('lets every side lead as often as the others', () => {
    const sides = ['baseline', 'candidate', 'reference'] as const;
    const leads = Array.from({ length: 6 }, (_, round) => orderFor([...sides], round)[0]);
    for (const side of sides) expect(leads.filter((s) => s === side)).toHaveLength(2);
  });
});
