import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/result.ts';
import { readLessonSources } from '../../src/lessons/files.ts';
import { runInNode } from '../../src/runner/node/runtime.ts';

/** 10's timeline: a lane per replica, a bar per request served. */
async function lanesOf(which: 'starter' | 'reference'): Promise<Map<string, number>> {
  const sources = await readLessonSources('10-scale-out');
  const result: RunResult = await runInNode({ slug: '10-scale-out', seed: 3, sources: { baseline: sources.baseline, reference: sources.reference, candidate: sources[which] } }).result;
  const served = new Map<string, number>();
  for (const span of result.sides.find((s) => s.side === 'candidate')!.trace!.spans) {
    if (span.kind === 'request') served.set(span.lane, (served.get(span.lane) ?? 0) + 1);
  }
  return served;
}

describe('10-scale-out timeline', () => {
  it('shows the starter sending every request to one replica, and the reference spreading them over all four', async () => {
    const starter = await lanesOf('starter');
    expect(starter.size).toBe(1);
    const reference = await lanesOf('reference');
    expect(reference.size).toBe(4);
    const counts = [...reference.values()];
    expect(counts.reduce((a, b) => a + b, 0)).toBe([...starter.values()][0]);
    expect(Math.min(...counts)).toBeGreaterThan(Math.max(...counts) / 2);
  });
});
