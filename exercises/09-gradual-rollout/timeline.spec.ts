import { describe, expect, it } from 'vitest';
import type { RunResult, Side } from '../../src/core/result.ts';
import { peakOverlap, type Span } from '../../src/core/trace.ts';
import { readLessonSources } from '../../src/lessons/files.ts';
import { runInNode } from '../../src/runner/node/runtime.ts';
import { faultMinutes } from './spec.ts';

/** 09's timeline, from a whole run in the Node runner: each side's rollout, minute by minute. */
async function run(which: 'starter' | 'reference'): Promise<RunResult> {
  const sources = await readLessonSources('09-gradual-rollout');
  return runInNode({ slug: '09-gradual-rollout', seed: 9, sources: { baseline: sources.baseline, reference: sources.reference, candidate: sources[which] } }).result;
}

const MINUTE = 60_000;
const spansOf = (result: RunResult, side: Side): Span[] => result.sides.find((s) => s.side === side)!.trace!.spans;
const faultOf = (spans: Span[]) => spans.filter((s) => s.lane.endsWith(': fault'));
/** The new version's stretches in the healthy or the faulty release: the faulty one's flag is the one with a lane of its fault. */
function rolloutOf(result: RunResult, side: Side, health: 'healthy' | 'faulty'): Span[] {
  const trace = result.sides.find((s) => s.side === side)!.trace!;
  const faultyFlag = trace.lanes!.find((lane) => lane.endsWith(': fault'))!.replace(': fault', '');
  return trace.spans.filter((s) => s.lane.endsWith(': new version') && (s.lane === `${faultyFlag}: new version`) === (health === 'faulty'));
}

describe('09-gradual-rollout timeline', () => {
  it('draws the starter as everyone on the new version for each whole hour, and the fault failing requests every minute', async () => {
    const result = await run('starter');
    const spans = spansOf(result, 'candidate');
    for (const health of ['healthy', 'faulty'] as const) {
      const [stretch, ...more] = rolloutOf(result, 'candidate', health);
      expect(more).toEqual([]);
      expect(stretch!.label).toBe('100% on the new version, minutes 0 to 60');
      // An hour, and the few ms the lesson's CPU work adds to the simulated clock.
      expect(stretch!.end - stretch!.start).toBeGreaterThanOrEqual(60 * MINUTE);
      expect(stretch!.end - stretch!.start).toBeLessThan(60 * MINUTE + 1_000);
    }
    const fault = faultOf(spans);
    expect(fault).toHaveLength(60);
    expect(fault.every((s) => s.end - s.start >= MINUTE && s.end - s.start < MINUTE + 1_000 && /^[\d,]+ requests failed by the fault$/.test(s.label))).toBe(true);
    // A minute's bar ends before the next one's begins: one row.
    expect(peakOverlap(fault)).toBe(1);
    expect(result.timeline?.bars).toEqual({ one: 'bar', many: 'bars', unit: { ms: MINUTE, name: 'min' } });
    expect(result.timeline?.model).toContain('Your code: 60 of 60.');
  });

  it('draws the reference as a ramp in steps, one at a time, and the fault stopped within minutes', async () => {
    const result = await run('reference');
    const spans = spansOf(result, 'candidate');
    const healthy = rolloutOf(result, 'candidate', 'healthy');
    expect(healthy.length).toBeGreaterThan(2);
    // The steps follow one another, each at a higher percentage, up to everyone.
    expect(peakOverlap(healthy)).toBe(1);
    const percents = healthy.map((s) => Number(/^(\d+)%/.exec(s.label)?.[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    const faulty = rolloutOf(result, 'candidate', 'faulty');
    expect(faulty.every((s) => !s.label.startsWith('100%'))).toBe(true);
    expect(faultOf(spans).length).toBeLessThan(10);
    // The baseline is still the one that failed every minute.
    expect(faultOf(spansOf(result, 'baseline'))).toHaveLength(60);
  });
});

describe('faultMinutes', () => {
  const minute = (at: number): Span => ({ lane: 'gift-wrap: fault', label: '3 requests failed by the fault', start: at, end: at + MINUTE, kind: 'request' });
  it('counts, for each side, the minutes in which the fault failed requests', () => {
    const text = faultMinutes({
      baseline: { spans: [minute(0), minute(MINUTE), { ...minute(0), lane: 'gift-wrap: new version' }], dropped: 0, endMs: 2 * MINUTE },
      candidate: { spans: [], dropped: 0, endMs: 2 * MINUTE },
    });
    expect(text).toBe('Minutes of the faulty release in which its fault failed requests:\nBaseline: 2 of 60.\nYour code: 0 of 60.');
    expect(faultMinutes({})).toBeUndefined();
  });
});
