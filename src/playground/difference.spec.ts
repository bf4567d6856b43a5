import { describe, expect, it } from 'vitest';
import { firstDifference } from './difference.ts';

const names = { expected: 'a', actual: 'b' };

describe('the first difference between two answers', () => {
  it('is none for equal plain data, NaN included', () => {
    const value = { list: [1, NaN, 'x'], when: new Date(5), set: new Set([1, 2]), map: new Map([[1, { y: 2 }]]) };
    expect(firstDifference(value, structuredClone(value), names)).toBeNull();
  });

  it('names the snippets and the place', () => {
    expect(firstDifference(42, 41, names)).toBe('`b` returned 41, `a` returned 42');
    expect(firstDifference([{ total: 1 }, { total: 2 }], [{ total: 1 }, { total: 3 }], names)).toBe('at [1].total: `b` returned 3, `a` returned 2');
    expect(firstDifference([1, 2], [1], names)).toBe('at length: `b` returned 1, `a` returned 2');
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 }, names)).toBe('at b: `b` returned 2, `a` returned undefined');
    expect(firstDifference(new Set([1, 2]), new Set([2, 1]), names)).toBe('at (in order)[0]: `b` returned 2, `a` returned 1');
  });

  it('says the kinds when two different values read alike', () => {
    expect(firstDifference(new Date(0), new Date(0).toJSON(), names)).toBe('`b` returned "1970-01-01T00:00:00.000Z" (a string), `a` returned "1970-01-01T00:00:00.000Z" (a Date)');
    expect(firstDifference(1, '1', names)).toBe('`b` returned "1", `a` returned 1');
  });

  it('tells a list from an object with the same entries', () => {
    expect(firstDifference([1], { 0: 1 }, names)).toMatch(/^`b` returned/);
  });
});
