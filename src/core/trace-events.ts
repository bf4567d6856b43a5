import { inFlightSteps, packRows, type Trace } from './trace.ts';

/**
 * Traces in the Trace Event Format that chrome://tracing, Perfetto and
 * speedscope open: a process per traced call (one side of one run), threads
 * per lane (one per request in flight at once), and a complete event ("X")
 * per span, in microseconds of the simulated clock, with a counter ("C") of
 * the requests in flight.
 */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'M' | 'C';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

export function toTraceEvents(calls: readonly { name: string; trace: Trace }[]): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms' } {
  const events: TraceEvent[] = [];
  calls.forEach(({ name, trace }, i) => {
    const pid = i + 1;
    events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    // Trace viewers nest the events of a thread: requests in flight together each get a thread.
    let tid = 0;
    // Declared lanes come first and stay even when idle: a replica nobody used is part of the picture.
    for (const lane of [...new Set([...(trace.lanes ?? []), ...trace.spans.map((s) => s.lane)])]) {
      const spans = trace.spans.filter((s) => s.lane === lane);
      const { rows, count: used } = packRows(spans);
      const count = Math.max(1, used);
      const first = tid + 1;
      for (let r = 0; r < count; r++) events.push({ name: 'thread_name', ph: 'M', pid, tid: first + r, args: { name: count > 1 ? `${lane} #${r + 1}` : lane } });
      spans.forEach((span, k) =>
        events.push({
          name: span.label,
          cat: span.kind,
          ph: 'X',
          pid,
          tid: first + rows[k]!,
          ts: Math.round(span.start * 1000),
          dur: Math.round((span.end - span.start) * 1000),
        }),
      );
      tid += count;
    }
    for (const step of inFlightSteps(trace.spans.filter((s) => s.kind === 'request'))) {
      events.push({ name: 'requests in flight', ph: 'C', pid, tid: 0, ts: Math.round(step.at * 1000), args: { requests: step.count } });
    }
    if (trace.dropped > 0) events.push({ name: 'process_labels', ph: 'M', pid, tid: 0, args: { labels: `${trace.dropped} more spans not recorded` } });
  });
  return { traceEvents: events, displayTimeUnit: 'ms' };
}
