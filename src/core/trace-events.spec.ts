import { describe, expect, it } from 'vitest';
import { toTraceEvents } from './trace-events.ts';
import type { Span } from './trace.ts';

const span = (lane: string, start: number, end: number): Span => ({ lane, label: `${lane} call`, start, end, kind: 'request' });

describe('toTraceEvents', () => {
  it('names a process per call and a thread per lane, with spans in microseconds', () => {
    const { traceEvents } = toTraceEvents([{ name: '03 starter: baseline', trace: { spans: [span('db', 0, 1.5), span('cache', 1.5, 2)], dropped: 0, endMs: 2 } }]);
    expect(traceEvents).toEqual([
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: '03 starter: baseline' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'db' } },
      { name: 'db call', cat: 'request', ph: 'X', pid: 1, tid: 1, ts: 0, dur: 1500 },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'cache' } },
      { name: 'cache call', cat: 'request', ph: 'X', pid: 1, tid: 2, ts: 1500, dur: 500 },
      { name: 'requests in flight', ph: 'C', pid: 1, tid: 0, ts: 0, args: { requests: 1 } },
      { name: 'requests in flight', ph: 'C', pid: 1, tid: 0, ts: 1500, args: { requests: 1 } },
      { name: 'requests in flight', ph: 'C', pid: 1, tid: 0, ts: 2000, args: { requests: 0 } },
    ]);
  });

  it('gives requests in flight together threads of their own, since trace viewers nest a thread’s events', () => {
    const { traceEvents } = toTraceEvents([{ name: 'x', trace: { spans: [span('api', 0, 10), span('api', 5, 15)], dropped: 0, endMs: 15 } }]);
    const slices = traceEvents.filter((e) => e.ph === 'X');
    expect(slices.map((e) => e.tid)).toEqual([1, 2]);
    expect(traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args?.name)).toEqual(['api #1', 'api #2']);
    expect(traceEvents.filter((e) => e.ph === 'C').map((e) => [e.ts, e.args?.requests])).toEqual([
      [0, 1],
      [5000, 2],
      [10000, 1],
      [15000, 0],
    ]);
  });

  it('says how many spans were not recorded', () => {
    const { traceEvents } = toTraceEvents([{ name: 'x', trace: { spans: [], dropped: 4, endMs: 1 } }]);
    expect(traceEvents.at(-1)).toEqual({ name: 'process_labels', ph: 'M', pid: 1, tid: 0, args: { labels: '4 more spans not recorded' } });
  });

  it('names a thread for a declared lane that nobody used', () => {
    const { traceEvents } = toTraceEvents([{ name: 'x', trace: { spans: [span('replica a', 0, 5)], lanes: ['replica a', 'replica b'], dropped: 0, endMs: 5 } }]);
    expect(traceEvents.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args?.name])).toEqual([
      [1, 'replica a'],
      [2, 'replica b'],
    ]);
  });
});
