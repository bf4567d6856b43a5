import { describe, expect, it } from 'vitest';
import { LearnerSyntaxError, locateInStack, transpile } from './transform.ts';

describe('transpile', () => {
  it('removes types and type-only imports and keeps every line in place', () => {
    const source = [
      "import type { Api } from './types';",
      'export async function load(id: string, api: Api): Promise<number> {',
      '  const n: number = await api.get(id);',
      '  return n as number;',
      '}',
    ].join('\n');
    const out = transpile(source);
    expect(out).not.toContain('import');
    expect(out).not.toMatch(/: (string|number|Api)/);
    const lines = out.split('\n');
    expect(lines[1]).toContain('async function load(id, api)');
    expect(out).toContain('exports.load = load');
    expect(lines[2]).toContain('await api.get(id)');
  });

  it('reports a syntax error with its line and column', () => {
    const source = 'const a = 1;\nconst b = ;\n';
    try {
      transpile(source);
      expect.unreachable('transpile should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(LearnerSyntaxError);
      const e = error as LearnerSyntaxError;
      expect(e.location?.line).toBe(2);
      expect(e.message).toMatch(/Unexpected token/);
      expect(e.message).not.toMatch(/\(2:/);
    }
  });
});

describe('locateInStack', () => {
  const url = 'blob:http://localhost:4321/8e1c-42';
  it('finds the first frame in the learner module', () => {
    const stack = [
      'TypeError: Cannot read properties of undefined',
      `    at helper (${url}:7:13)`,
      `    at loadAll (${url}:3:9)`,
      '    at measure (http://localhost:4321/_astro/worker.js:1:2000)',
    ].join('\n');
    expect(locateInStack(stack, url)).toEqual({ line: 7, column: 13 });
  });

  it('ignores frames from other files', () => {
    const stack = 'Error: x\n    at run (http://localhost:4321/_astro/worker.js:10:2)';
    expect(locateInStack(stack, url)).toBeUndefined();
  });

  it('reads Firefox-style frames too', () => {
    expect(locateInStack(`loadAll@${url}:12:5\n`, url)).toEqual({ line: 12, column: 5 });
  });
});
