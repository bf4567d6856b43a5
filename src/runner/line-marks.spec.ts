import { describe, expect, it } from 'vitest';
import { LINE_MARK } from './line-mark.ts';
import { markLines } from './line-marks.ts';
import { transpile } from './transform.ts';

/** Runs marked code and returns what it returned and the lines it marked, in order. */
function runMarked(code: string, call: string): { value: unknown; marks: number[] } {
  const marks: number[] = [];
  const marked = markLines(code).code;
  const value = new Function(LINE_MARK, `${marked}\nreturn (${call});`)((line: number) => marks.push(line));
  return { value, marks };
}

describe('markLines', () => {
  it('marks each statement with its own line, and keeps what the code does', () => {
    const code = ['function total(xs) {', '  let sum = 0;', '  for (const x of xs) sum += x;', '  return sum;', '}'].join('\n');
    const { value, marks } = runMarked(code, 'total([1, 2, 3])');
    expect(value).toBe(6);
    // The loop's body is marked on each pass.
    expect(marks).toEqual([2, 3, 3, 3, 3, 4]);
  });

  it('adds no line, so a line of the marked code is a line of the editor', () => {
    const code = transpile(['export function f(a: number): number {', '  if (a > 1) return a;', '  else return -a;', '}'].join('\n'));
    const marked = markLines(code).code;
    expect(marked.split('\n')).toHaveLength(code.split('\n').length);
  });

  it('keeps single-statement bodies, else-if chains, arrows with expression bodies and labels working', () => {
    const code = [
      'function sign(n) {',
      '  if (n > 0) return 1;',
      '  else if (n < 0) return -1;',
      '  else return 0;',
      '}',
      'const double = (xs) => xs.map((x) => x * 2);',
      'const pairOf = (x) => ({ x });',
      'function firstPair(rows) {',
      '  outer: for (const row of rows) {',
      '    for (const cell of row) if (cell) { continue outer; }',
      '    return row;',
      '  }',
      '}',
    ].join('\n');
    expect(runMarked(code, '[sign(5), sign(-2), sign(0)]').value).toEqual([1, -1, 0]);
    expect(runMarked(code, 'double([1, 2])').value).toEqual([2, 4]);
    expect(runMarked(code, 'pairOf(3)').value).toEqual({ x: 3 });
    expect(runMarked(code, 'firstPair([[1], [0, 0]])').value).toEqual([0, 0]);
    expect(runMarked(code, 'double([7])').marks).toContain(6);
  });

  it("leaves a 'use strict' directive first, where it keeps its meaning", () => {
    const { code } = markLines("'use strict';\nfunction f() { return this; }");
    expect(code.startsWith("'use strict';")).toBe(true);
    expect(new Function(LINE_MARK, `${code}\nreturn f();`)(() => {})).toBeUndefined();
  });

  it('names the function each line is in, however it was declared', () => {
    const code = transpile(
      [
        'export function buildReport(orders: number[]) {',
        '  return orders.length;',
        '}',
        'const helper = (x: number) => {',
        '  return x + 1;',
        '};',
        'const shop = {',
        '  price(n: number) {',
        '    return n * 2;',
        '  },',
        '};',
        'let count = 0;',
      ].join('\n'),
    );
    const { functionOf } = markLines(code);
    expect(functionOf.get(2)).toBe('buildReport');
    expect(functionOf.get(5)).toBe('helper');
    expect(functionOf.get(9)).toBe('price');
    expect(functionOf.get(12)).toBe('(top level)');
  });
});
