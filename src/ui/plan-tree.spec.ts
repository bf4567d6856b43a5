import { describe, expect, it } from 'vitest';
import { figuresOf } from './plan-tree.ts';

describe('figuresOf', () => {
  it('gives the rows over every loop and the pages the node read itself', () => {
    const node = { name: 'Index Scan', rows: 2.5, loops: 4, pages: 40, ownPages: 12, notes: [], children: [] };
    expect(figuresOf(node)).toBe('10 rows · 12 pages read');
    expect(figuresOf({ ...node, rows: 1, loops: 1, ownPages: 0 })).toBe('1 row · no pages read');
    expect(figuresOf({ ...node, rows: undefined, ownPages: 1 })).toBe('1 page read');
  });
});
