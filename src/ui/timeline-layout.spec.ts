import { describe, expect, it } from 'vitest';
import type { SideResult } from '../core/result.ts';
import type { Span } from '../core/trace.ts';
import { formatTime, layoutTimeline, mergeBars, summariseSide, timelineWords, unitTicks, type Bar } from './timeline-layout.ts';

const span = (lane: string, start: number, end: number, kind: Span['kind'] = 'request'): Span => ({ lane, label: lane, start, end, kind });
const side = (which: SideResult['side'], spans: Span[], endMs: number, dropped = 0): SideResult => ({
  side: which,
  time: { median: endMs, low: endMs, high: endMs },
  counters: {},
  k: 1,
  samples: 1,
  rounds: 1,
  trace: { spans, dropped, endMs },
});

describe('layoutTimeline', () => {
  it('puts each side under its name, a lane under it per service, and a row per request in flight at once', () => {
    const { rows, bars } = layoutTimeline([
      side('baseline', [span('db', 0, 10), span('db', 10, 20)], 20),
      side('candidate', [span('db', 0, 10), span('db', 0, 10), span('cache', 0, 1)], 10),
    ]);
    expect(rows.map((r) => r.label)).toEqual(['Baseline', 'in flight', 'db', 'Your code', 'in flight', 'db', '', 'cache']);
    expect(rows.map((r) => r.header)).toEqual([true, false, false, true, false, false, false, false]);
    expect(bars.map((b) => b.y)).toEqual([2, 2, 5, 6, 7]);
  });

  it('gives each side with requests a line of its requests in flight, all to the scale of the busiest side', () => {
    const { rows, peakInFlight } = layoutTimeline([
      side('baseline', [span('db', 0, 10), span('db', 10, 20)], 20),
      side('candidate', [span('db', 0, 10), span('db', 0, 10), span('cache', 0, 1), span('db', 3, 3, 'rejected')], 10),
      side('reference', [span('event loop', 0, 5, 'blocked')], 5),
    ]);
    expect(peakInFlight).toBe(3);
    const lines = rows.filter((r) => r.inFlight).map((r) => [r.side, r.inFlight]);
    expect(lines).toEqual([
      ['baseline', [{ at: 0, count: 1 }, { at: 10, count: 1 }, { at: 20, count: 0 }]],
      ['candidate', [{ at: 0, count: 3 }, { at: 1, count: 2 }, { at: 10, count: 0 }]],
    ]);
  });
});

describe('summariseSide', () => {
  it('says how many requests, how many at once, what was rejected and how long the loop was held', () => {
    const text = summariseSide(
      side('candidate', [span('api', 0, 10), span('api', 2, 12), span('api', 3, 3, 'rejected'), span('event loop', 12, 20, 'blocked')], 20),
    );
    expect(text).toBe('Your code: 2 requests in 20 simulated ms, at most 2 in flight at once, 1 request rejected, the event loop held for 8 ms.');
  });

  it('counts requests in flight across lanes, and names the lanes nobody used', () => {
    const trace = { spans: [span('a', 0, 10), span('b', 5, 15)], lanes: ['a', 'b', 'c'], dropped: 0, endMs: 15 };
    expect(summariseSide({ ...side('baseline', [], 15), trace })).toBe('Baseline: 2 requests in 15 simulated ms, at most 2 in flight at once, none to c.');
    // And the idle lane keeps its row.
    expect(layoutTimeline([{ ...side('baseline', [], 15), trace }]).rows.map((r) => r.label)).toEqual(['Baseline', 'in flight', 'a', 'b', 'c']);
  });

  it('draws bars of different levels apart, however close', () => {
    const level = (start: number, end: number, value: number): Bar => ({ x: [start, end], y: 0, side: 'candidate', span: { ...span('rollout', start, end), level: value } });
    expect(mergeBars([level(0, 10, 0.01), level(10, 20, 0.05), level(20, 30, 0.05)], 0, 100, 5).map((b) => [b.x, b.span.level])).toEqual([
      [[0, 10], 0.01],
      [[10, 30], 0.05],
    ]);
  });

  it('speaks of the lesson\'s own bars in its own unit, with no row of requests in flight, where the lesson names them', () => {
    const words = timelineWords({ one: 'bar', many: 'bars', unit: { ms: 60_000, name: 'min' } });
    const spans = [span('rollout', 0, 300_000), span('rollout', 300_000, 3_600_000), span('fault', 0, 60_000)];
    const trace = { spans, lanes: ['rollout', 'fault', 'idle'], dropped: 0, endMs: 7_200_000 };
    expect(summariseSide({ ...side('candidate', [], 0), trace }, words)).toBe('Your code: 3 bars in 120 simulated min.');
    expect(layoutTimeline([{ ...side('candidate', [], 0), trace }], 6, words).rows.map((r) => r.label)).toEqual(['Your code', 'rollout', 'fault', 'idle']);
    expect(formatTime(90_000, words)).toBe('1.50 min');
    expect(formatTime(1_200, timelineWords())).toBe('1,200 ms');
    // Ticks at whole steps of the unit: every 30 minutes over two hours, every 2 over ten minutes.
    expect(unitTicks(0, 7_200_000, words).map((ms) => ms / 60_000)).toEqual([0, 30, 60, 90, 120]);
    expect(unitTicks(3_000_000, 3_600_000, words).map((ms) => ms / 60_000)).toEqual([50, 52, 54, 56, 58, 60]);
  });

  it('says when spans were left out', () => {
    expect(summariseSide(side('baseline', [span('api', 0, 10)], 10, 7))).toContain('7 more spans not drawn');
  });
});

describe('mergeBars', () => {
  const bar = (y: number, start: number, end: number, kind: Span['kind'] = 'request'): Bar => ({
    x: [start, end],
    y,
    side: 'baseline',
    span: { lane: 'api', label: '', start, end, kind },
  });

  it('draws the spans of a row that lie less than a pixel apart as one bar, and says how many', () => {
    const merged = mergeBars([bar(0, 0, 10), bar(0, 10.5, 20), bar(0, 40, 50), bar(1, 0, 10)], 0, 100, 1);
    expect(merged.map((b) => [b.y, ...b.x, b.merged ?? 1])).toEqual([
      [0, 0, 20, 2],
      [0, 40, 50, 1],
      [1, 0, 10, 1],
    ]);
  });

  it('keeps the kinds apart, and leaves out what is outside the window', () => {
    const merged = mergeBars([bar(0, 0, 10), bar(0, 10, 12, 'rejected'), bar(0, 200, 210)], 0, 100, 5);
    expect(merged).toHaveLength(2);
    expect(merged.map((b) => b.span.kind).sort()).toEqual(['rejected', 'request']);
  });

  it('draws every span on its own once zoomed in far enough', () => {
    const bars = Array.from({ length: 100 }, (_, i) => bar(0, i * 10, i * 10 + 9));
    expect(mergeBars(bars, 0, 1000, 5)).toHaveLength(1);
    expect(mergeBars(bars, 0, 1000, 0.5)).toHaveLength(100);
  });
});
