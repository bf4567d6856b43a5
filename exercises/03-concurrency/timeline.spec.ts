import { describe, expect, it } from 'vitest';
import type { RunResult, Side } from '../../src/core/result.ts';
import { peakOverlap, type Span } from '../../src/core/trace.ts';
import { readLessonSources } from '../../src/lessons/files.ts';
import { runInNode } from '../../src/runner/node/runtime.ts';
import { littlesLaw } from './spec.ts';

/** 03's timeline, from a whole run in the Node runner: what each side's traced call did. */
async function run(which: 'starter' | 'reference'): Promise<RunResult> {
  const sources = await readLessonSources('03-concurrency');
  return runInNode({ slug: '03-concurrency', seed: 7, sources: { baseline: sources.baseline, reference: sources.reference, candidate: sources[which] } }).result;
}

const PAGE_LANES = ['catalog service', 'recommendations service', 'stock service'];
const spansOf = (result: RunResult, side: Side): Span[] => result.sides.find((s) => s.side === side)!.trace!.spans;
/** The first product page's three requests, in the order they were sent. */
const firstPage = (spans: Span[]) => spans.filter((s) => PAGE_LANES.includes(s.lane)).slice(0, 3);

describe('03-concurrency timeline', () => {
  it('shows the starter’s three page calls one after another, and one profile at a time', async () => {
    const result = await run('starter');
    const [a, b, c] = firstPage(spansOf(result, 'candidate'));
    expect(b!.start).toBeGreaterThanOrEqual(a!.end);
    expect(c!.start).toBeGreaterThanOrEqual(b!.end);
    expect(peakOverlap(spansOf(result, 'candidate').filter((s) => s.lane === 'profiles API'))).toBe(1);
    // Every side ran the same workload: the starter is the baseline, bar for bar (when each bar starts
    // may move by CPU time a busy machine charges to one side's clock and not the other's).
    const requests = (side: Side) => spansOf(result, side).filter((s) => s.kind === 'request').map((s) => [s.lane, s.label, s.end - s.start]);
    expect(requests('candidate')).toEqual(requests('baseline'));
    // One lookup at a time: Little's law gives 1.0 in flight on average.
    expect(result.timeline?.model).toMatch(/Your code: \d+ lookups waiting [\d,]+ ms in all, done in [\d,]+ ms, so 1\.0 in flight on average/);
  });

  it('shows the reference’s three page calls in flight together, and five profiles at a time', async () => {
    const result = await run('reference');
    const page = firstPage(spansOf(result, 'candidate'));
    expect(Math.max(...page.map((s) => s.start))).toBeLessThan(Math.min(...page.map((s) => s.end)));
    expect(peakOverlap(spansOf(result, 'candidate').filter((s) => s.lane === 'profiles API'))).toBe(5);
    expect(result.timeline?.caption).toMatch(/Each bar is one request/);
    const average = Number(/Your code: .*? so ([\d.]+) in flight on average/.exec(result.timeline?.model ?? '')?.[1]);
    expect(average).toBeGreaterThan(3);
    expect(average).toBeLessThanOrEqual(5);
  });
});

describe('littlesLaw', () => {
  const lookup = (start: number, end: number): Span => ({ lane: 'profiles API', label: 'u1', start, end, kind: 'request' });
  it('divides each side’s total waiting by the time its lookups took, and gives the bound at the limit', () => {
    const text = littlesLaw({
      baseline: { spans: [lookup(0, 40), lookup(40, 80)], dropped: 0, endMs: 80 },
      candidate: { spans: [lookup(0, 40), lookup(0, 40), { ...lookup(0, 5), lane: 'stock service' }], dropped: 0, endMs: 40 },
    });
    expect(text).toContain('Baseline: 2 lookups waiting 80 ms in all, done in 80 ms, so 1.0 in flight on average (at 5 in flight they would take 16 ms).');
    expect(text).toContain('Your code: 2 lookups waiting 80 ms in all, done in 40 ms, so 2.0 in flight on average');
    expect(littlesLaw({ baseline: { spans: [], dropped: 0, endMs: 0 } })).toBeUndefined();
  });
});
