import { describe, expect, it } from 'vitest';
import { failedRun } from '../core/result.ts';
import { FixtureHeaderError, meetsExpectation, parseFixtureHeader } from './fixtures.ts';

describe('parseFixtureHeader', () => {
  it('reads Tries, Expect and Message, over several lines', () => {
    const header = parseFixtureHeader('/**\n * Tries: a cache that\n * never expires.\n * Expect: incorrect\n * Message: ttl|expire\n */\nexport {}', 'x.ts');
    expect(header.tries).toBe('a cache that never expires.');
    expect(header.expect).toBe('incorrect');
    expect(header.message?.test('make entries EXPIRE')).toBe(true);
  });
  it('reads Seed: fresh, and refuses any other seed', () => {
    expect(parseFixtureHeader('/**\n * Tries: x\n * Expect: pass\n * Seed: fresh\n */', 'x.ts').freshSeed).toBe(true);
    expect(parseFixtureHeader('/**\n * Tries: x\n * Expect: pass\n */', 'x.ts').freshSeed).toBeUndefined();
    expect(() => parseFixtureHeader('/**\n * Tries: x\n * Expect: pass\n * Seed: 42\n */', 'x.ts')).toThrow(/can only be "fresh"/);
  });
  it('refuses a file without a header, or with an unknown verdict', () => {
    expect(() => parseFixtureHeader('export {}', 'x.ts')).toThrow(FixtureHeaderError);
    expect(() => parseFixtureHeader('/** Tries: x\n * Expect: maybe */', 'x.ts')).toThrow(/one of pass/);
  });
});

describe('meetsExpectation', () => {
  const env = { runtime: 'node' as const, version: '', crossOriginIsolated: false, timerTickMs: 0 };
  it('tells the kinds of failure apart', () => {
    const boundary = failedRun({ lesson: { slug: 's' }, env, kind: 'boundary', message: 'changed', verdict: 'fail' });
    expect(meetsExpectation(boundary, 'boundary')).toBeNull();
    expect(meetsExpectation(boundary, 'not-pass')).toBeNull();
    expect(meetsExpectation(boundary, 'incorrect')).toMatch(/expected incorrect, got fail \(boundary\)/);
    expect(meetsExpectation(boundary, 'pass')).not.toBeNull();
  });
});
