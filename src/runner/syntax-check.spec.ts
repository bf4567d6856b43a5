import { describe, expect, it } from 'vitest';
import type { Environment } from '../core/result.ts';
import { syntaxFailure } from './syntax-check.ts';

const env: Environment = { runtime: 'worker', version: 'test', crossOriginIsolated: false, timerTickMs: 0 };

describe('a syntax check before any runner', () => {
  it('answers a file that does not compile with the line to look at', () => {
    const result = syntaxFailure('06-database', 'export const orderIndexes = [];\nexport function recentOrders() { return 1 +; }\n', env);
    expect(result?.verdict).toBe('error');
    expect(result?.failure).toMatchObject({ kind: 'syntax', line: 2 });
    expect(result?.message).toMatch(/^syntax error on line 2: /);
  });

  it('lets a file that compiles go on to the runner, whatever it will do there', () => {
    expect(syntaxFailure('01-async-io', 'export async function handleLogin() { while (true) {} }\n', env)).toBeUndefined();
    expect(syntaxFailure('01-async-io', '', env)).toBeUndefined();
  });
});
