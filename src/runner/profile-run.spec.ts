import { describe, expect, it } from 'vitest';
import { readLessonSources } from '../lessons/files.ts';
import { runInNode } from './node/runtime.ts';

/**
 * Profile runs in the verify command's worker thread, with the same session
 * and sampler as the page: real code, a real sampling thread.
 */
async function profile(slug: string, candidate?: string) {
  const sources = await readLessonSources(slug);
  return runInNode({ slug, sources: { ...sources, candidate: candidate ?? sources.starter }, profileLines: true, seed: 1 }).result;
}

describe('a profile run', () => {
  it("puts 05's baseline time on the lines that search a whole list once per order, and judges nothing", async () => {
    const result = await profile('05-data-structures');
    expect(result.verdict).toBe('inconclusive');
    expect(result.speedup).toBeNull();
    const baseline = result.lineProfiles?.baseline;
    expect(baseline).toBeDefined();
    expect(baseline!.samples).toBeGreaterThan(100);
    const inLines = baseline!.samples - baseline!.outside;
    const hottest = baseline!.lines[0]!;
    // The per-order searches (includes, find) are where a quadratic report spends its time.
    expect(hottest.text).toMatch(/includes|find/);
    expect(hottest.samples / inLines).toBeGreaterThan(0.3);
    expect(hottest.fn).toBe('buildReport');
    // The reference has no such line: its hottest line takes a smaller share of far fewer samples.
    const reference = result.lineProfiles?.reference;
    expect(reference!.samples).toBeLessThan(baseline!.samples);
  }, 120_000);

  it("names the learner's own lines, with their text", async () => {
    const result = await profile('05-data-structures');
    const mine = result.lineProfiles?.candidate;
    const { starter } = await readLessonSources('05-data-structures');
    for (const line of mine!.lines) expect(starter.split('\n')[line.line - 1]!.trim().startsWith(line.text.replace(/…$/, ''))).toBe(true);
  }, 120_000);

  it("reports the learner's throw as an error at its line, as an ordinary run does", async () => {
    const { starter } = await readLessonSources('05-data-structures');
    const code = starter.replace('const vipOrders: Order[] = [];', "const vipOrders: Order[] = [];\n  if (orders.length > 100) throw new Error('boom');");
    const result = await profile('05-data-structures', code);
    expect(result.verdict).toBe('error');
    expect(result.message).toMatch(/boom/);
    expect(result.failure?.line).toBe(20);
  }, 120_000);
});
