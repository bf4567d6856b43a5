import { describe, expect, it } from 'vitest';
import type { CounterSpec } from './lesson.ts';
import type { Gate } from './result.ts';
import { describeCorrectRun, describeGate, evaluateGates, formatCount, formatNumber } from './verdict.ts';

/** The verdict sentences, one pattern per test, as a learner reads them. */

const reads: CounterSpec = { key: 'reads', label: 'database reads', better: 'lower', max: 1600, advice: 'Read each row once.' };
const hits: CounterSpec = { key: 'hits', label: 'cache hits', better: 'higher', min: 50 };
const blocked: CounterSpec = { key: 'blocked', label: 'event loop blocked', unit: 'ms', better: 'lower', max: 50 };
const twice: CounterSpec = { key: 'twice', label: 'ids asked twice', better: 'lower', max: 0 };

const gate = (spec: CounterSpec, value: number): Gate => ({
  key: spec.key,
  label: spec.label,
  value,
  max: spec.max,
  min: spec.min,
  ok: (spec.max === undefined || value <= spec.max) && (spec.min === undefined || value >= spec.min),
});

const run = (overrides: Partial<Parameters<typeof describeCorrectRun>[0]>) =>
  describeCorrectRun({
    verdict: 'pass',
    speedup: { median: 3, low: 2.5, high: 3.5 },
    target: 2,
    timing: 'virtual',
    missed: [],
    specs: [reads, hits, blocked, twice],
    ...overrides,
  });

describe('numbers', () => {
  it('groups thousands and keeps a few decimals', () => {
    expect(formatNumber(4800)).toBe('4,800');
    expect(formatNumber(45128.4)).toBe('45,128');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(0.5)).toBe('0.50');
  });

  it('says a count of zero in words', () => {
    expect(formatCount(0)).toBe('none');
    expect(formatCount(3, 'ms')).toBe('3 ms');
  });
});

describe('a counter against its gate', () => {
  it('reads "label: value (at most N pass)"', () => {
    expect(describeGate(gate(reads, 4800), reads)).toBe('database reads: 4,800 (at most 1,600 pass)');
  });

  it('names a minimum the same way', () => {
    expect(describeGate(gate(hits, 12), hits)).toBe('cache hits: 12 (at least 50 pass)');
  });

  it('carries the unit on both the value and the bound', () => {
    expect(describeGate(gate(blocked, 1200), blocked)).toBe('event loop blocked: 1,200 ms (at most 50 ms pass)');
  });

  it('says a counter that reaches zero, and a bound of zero, in words', () => {
    expect(describeGate(gate(hits, 0), hits)).toBe('cache hits: none (at least 50 pass)');
    expect(describeGate(gate(twice, 3), twice)).toBe('ids asked twice: 3 (none allowed)');
  });
});

describe('the sentence for a correct run', () => {
  it('passes with its speedup and interval, both faster', () => {
    expect(run({})).toBe('correct, 3x faster than the baseline in simulated time (range over the workloads 2.5x to 3.5x faster); target 2x: passed');
    expect(run({ timing: 'wall' })).toBe('correct, 3x faster than the baseline (95% interval 2.5x to 3.5x faster); target 2x: passed');
  });

  it('a missed gate reads as one sentence, with its advice, and the other misses named the same way', () => {
    const missed = [gate(reads, 4800), gate(hits, 0)];
    expect(run({ verdict: 'fail', missed })).toBe(
      'correct and 3x faster than the baseline in simulated time (range over the workloads 2.5x to 3.5x faster), ' +
        'but over the limit on database reads: 4,800 (at most 1,600 pass). Read each row once. ' +
        'Also short of the mark on cache hits: none (at least 50 pass).',
    );
  });

  it('a slower headline has its interval in the same direction', () => {
    const message = run({ verdict: 'fail', timing: 'wall', speedup: { median: 0.855, low: 0.76, high: 0.93 } });
    expect(message).toBe(
      'correct, but 1.17x slower than the baseline (95% interval 1.08x to 1.32x slower); the target is 2x. Look for the cost the lesson is about and try again.',
    );
    expect(message).not.toMatch(/0\.\d+x/);
  });

  it('an interval across 1x says the direction of each end, under a headline that takes no side', () => {
    const message = run({ verdict: 'inconclusive', timing: 'wall', speedup: { median: 1.2, low: 0.9, high: 1.6 }, target: 1.25 });
    expect(message).toContain('about as fast as the baseline (95% interval from 1.11x slower to 1.6x faster)');
    // The median fell on the slow side: still no "slower" headline over an interval that reaches "faster".
    const slow = run({ verdict: 'fail', timing: 'wall', speedup: { median: 0.8, low: 0.7, high: 1.1 }, target: 1.25 });
    expect(slow).toContain('about as fast as the baseline (95% interval from 1.43x slower to 1.1x faster)');
  });

  it('a metric reads as lower or higher than the baseline\'s, its interval too', () => {
    const metric = { key: 'p95', label: 'p95 response time', unit: 'ms' };
    expect(run({ metric, speedup: { median: 4, low: 3, high: 5 } })).toContain("p95 response time 4x lower than the baseline's (range over the workloads 3x to 5x lower)");
    expect(run({ metric, verdict: 'fail', speedup: { median: 0.5, low: 0.4, high: 0.8 } })).toContain(
      "p95 response time 2x higher than the baseline's (range over the workloads 1.25x to 2.5x higher)",
    );
  });

  it('a metric that reaches zero is said in words, never as a huge ratio', () => {
    const metric = { key: 'usersExposed', label: 'users exposed to the fault' };
    const message = run({ metric, speedup: { median: 1045, low: 900, high: 1100 }, medians: { baseline: 1045, candidate: 0 } });
    expect(message).toBe('correct, users exposed to the fault: none, against 1,045 for the baseline; target 2x: passed');
  });
});

describe('a noisy gate (real time a busy machine only adds to)', () => {
  const held: CounterSpec = { key: 'held', label: 'time your code held the loop', unit: 'ms', better: 'lower', max: 4, noisy: true };
  const weigh = (calls: number[]) => evaluateGates([held], { held: Math.max(...calls) }, { held: calls })[0]!;

  it('passes when every call is within the bound', () => {
    const gate = weigh([0, 1.5, 4]);
    expect(gate.ok).toBe(true);
    expect(gate.unsure).toBeUndefined();
  });

  it('is missed only when every call is over, and then says the best call', () => {
    expect(weigh([30, 9, 12])).toMatchObject({ ok: false, value: 9 });
  });

  it('cannot tell when some calls are over and some within', () => {
    expect(weigh([0, 11.5, 2, 0])).toMatchObject({ ok: true, value: 11.5, unsure: { over: 1, calls: 4, best: 0 } });
  });

  it('is judged on its worst value, as any gate, where no call was kept', () => {
    expect(evaluateGates([held], { held: 5 })[0]).toMatchObject({ ok: false, value: 5 });
  });

  it('an unsure gate makes a fast run inconclusive, and says why and what to do', () => {
    const unsure = weigh([0, 11.5, 2, 0]);
    const message = run({ verdict: 'inconclusive', unsure: [unsure], specs: [held] });
    expect(message).toBe(
      'correct, 3x faster than the baseline in simulated time (range over the workloads 2.5x to 3.5x faster); target 2x: fast enough, ' +
        'but time your code held the loop was over its limit on 1 of 4 calls (up to 11.5 ms) and within it on the other 3. ' +
        'A busy machine adds to this figure, so this run cannot tell. Run again with the machine otherwise idle.',
    );
  });
});
