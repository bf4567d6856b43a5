import { describe, expect, it } from 'vitest';
import { checkExpectation, ExpectationError, parseExpectation } from './expect.ts';
import { compare, type PlaygroundReport } from './report.ts';

const names = ['includes', 'Set.has', 'await in a loop'];
const parse = (text: string, baseline = 'includes') => parseExpectation(text, names, baseline);

/** A report of `includes` (the baseline) and `Set.has` at the given speedup interval. */
function report(low: number, median: number, high: number): PlaygroundReport {
  const time = { median: 1, low: 1, high: 1 };
  const speedup = { low, median, high };
  return {
    title: '',
    baseline: 'includes',
    size: 50,
    compared: true,
    awaited: false,
    snippets: [
      { name: 'includes', time, k: 1, samples: 1, rounds: 1 },
      { name: 'Set.has', time, k: 1, samples: 1, rounds: 1, speedup, comparison: compare(speedup) },
    ],
    confidence: 0.95,
    margin: 0,
    env: { runtime: 'node', version: 'Node', crossOriginIsolated: false, timerTickMs: 0.001 },
    seed: 1,
    durationMs: 1,
  };
}

describe('reading --expect', () => {
  it('reads the three forms, with names that hold dots and spaces', () => {
    expect(parse('Set.has faster than includes')).toEqual({ text: 'Set.has faster than includes', a: 'Set.has', b: 'includes', relation: 'faster' });
    expect(parse(' Set.has faster than includes by 2.5x ')).toMatchObject({ a: 'Set.has', b: 'includes', relation: 'faster', by: 2.5 });
    expect(parse('Set.has faster than includes by 3')).toMatchObject({ by: 3 });
    expect(parse('await in a loop as fast as includes')).toMatchObject({ a: 'await in a loop', b: 'includes', relation: 'same' });
    expect(parse('`Set.has` faster than "includes"')).toMatchObject({ a: 'Set.has', b: 'includes' });
  });

  it('finds the split that names two snippets when a name holds a keyword', () => {
    const tricky = ['fast by design', 'slow'];
    expect(parseExpectation('fast by design faster than slow by 2x', tricky, 'slow')).toMatchObject({ a: 'fast by design', b: 'slow', by: 2 });
    expect(parseExpectation('slow as fast as fast by design', tricky, 'slow')).toMatchObject({ a: 'slow', b: 'fast by design', relation: 'same' });
  });

  it('says what is wrong, in words a user can act on', () => {
    expect(() => parse('Set.has beats includes')).toThrow(/cannot read --expect 'Set.has beats includes': write it as '<a> faster than <b>'/);
    expect(() => parse('Set.hash faster than includes')).toThrow(/no snippet named "Set.hash"; the snippets are "includes", "Set.has", "await in a loop"/);
    expect(() => parse('Set.has faster than includes by two')).toThrow(/the factor after "by" is a number of at least 1 with an x/);
    expect(() => parse('Set.has faster than includes by 0.5x')).toThrow(/swap the two snippets/);
    expect(() => parse('Set.has faster than Set.has')).toThrow(/with itself/);
    expect(() => parse('Set.has faster than await in a loop')).toThrow(/against the baseline "includes", so an expectation names the baseline on one side/);
    expect(() => parse('Set.has as fast as includes by 2x')).toThrow(/"as fast as" takes no factor/);
    expect(() => parse('nothing')).toThrow(ExpectationError);
  });
});

describe('checking an expectation against a report', () => {
  it('is met exactly when the table says it: faster when the whole interval is above 1', () => {
    expect(checkExpectation(parse('Set.has faster than includes'), report(1.1, 1.5, 2)).met).toBe(true);
    expect(checkExpectation(parse('Set.has faster than includes'), report(0.9, 1.5, 2)).met).toBe(false);
    expect(checkExpectation(parse('Set.has as fast as includes'), report(0.9, 1.5, 2)).met).toBe(true);
    expect(checkExpectation(parse('Set.has as fast as includes'), report(1.1, 1.5, 2)).met).toBe(false);
  });

  it('asks the whole interval to reach a factor, and says how it fell short', () => {
    expect(checkExpectation(parse('Set.has faster than includes by 2x'), report(2, 2.4, 3)).met).toBe(true);
    const straddles = checkExpectation(parse('Set.has faster than includes by 2x'), report(1.6, 2.4, 3));
    expect(straddles.met).toBe(false);
    expect(straddles.sentence).toBe(
      "NOT met: 'Set.has faster than includes by 2x': `Set.has` measured 2.4x faster than `includes` (interval from 1.6x faster to 3x faster): the interval reaches below 2x faster, so this run does not show it",
    );
    expect(checkExpectation(parse('Set.has faster than includes by 2x'), report(1.2, 1.4, 1.6)).sentence).toMatch(/the whole interval is below 2x faster$/);
  });

  it('turns the interval round when the baseline is named first', () => {
    const check = checkExpectation(parse('includes faster than Set.has by 2x'), report(0.25, 0.4, 0.5));
    expect(check.measured).toEqual({ low: 2, median: 2.5, high: 4 });
    expect(check.met).toBe(true);
    expect(check.sentence).toMatch(/^met: .*`includes` measured 2.5x faster than `Set.has` \(interval from 2x faster to 4x faster\)$/);
  });
});
