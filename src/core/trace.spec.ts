import { describe, expect, it } from 'vitest';
import { SimulatedService } from '../sim/service.ts';
import { VirtualClock } from './clock.ts';
import { createRng } from './rng.ts';
import { BLOCKED_LANE, busyMs, inFlightSteps, MAX_SPANS, packRows, peakOverlap, recorderOf, traceClock, TraceRecorder, type Span } from './trace.ts';

const span = (start: number, end: number, lane = 'api'): Span => ({ lane, label: lane, start, end, kind: 'request' });

/** Runs `fn` on a traced virtual clock with one service of 10 ms per request, at most `maxInFlight` at once. */
async function traced(fn: (api: SimulatedService, clock: VirtualClock) => Promise<unknown>, maxInFlight?: number) {
  const once = async (trace: boolean) => {
    const clock = new VirtualClock();
    const recorder = trace ? traceClock(clock) : undefined;
    const api = new SimulatedService({ name: 'api', clock, rng: createRng(1), latency: [10, 10], maxInFlight });
    const { elapsed } = await clock.run(() => fn(api, clock));
    return recorder?.finish(elapsed);
  };
  // A first call pays for compiling the code, which the clock charges as CPU work; the traced one is the second.
  await once(false);
  return (await once(true))!;
}

describe('tracing a call on the virtual clock', () => {
  it('records requests made one after another as bars that follow each other', async () => {
    const trace = await traced(async (api) => {
      await api.request(() => 1, 10, 'get a');
      await api.request(() => 2, 10, 'get b');
    });
    // Exact on the simulated clock, but for CPU work a loaded machine may charge between the two.
    const [a, b] = trace.spans;
    expect(trace.spans.map((s) => [s.lane, s.label, s.kind, s.end - s.start])).toEqual([
      ['api', 'get a', 'request', 10],
      ['api', 'get b', 'request', 10],
    ]);
    expect(b!.start).toBeGreaterThanOrEqual(a!.end);
    expect(trace.endMs).toBeGreaterThanOrEqual(b!.end);
  });

  it('records requests in flight together as bars that overlap', async () => {
    const trace = await traced((api) => Promise.all([api.request(() => 1), api.request(() => 2), api.request(() => 3)]));
    expect(trace.spans.map((s) => [s.start, s.end])).toEqual([
      [0, 10],
      [0, 10],
      [0, 10],
    ]);
    expect(peakOverlap(trace.spans)).toBe(3);
  });

  it('records a rejected request at the moment it was refused, and time the event loop was held', async () => {
    const trace = await traced(async (api, clock) => {
      clock.busy(7);
      await Promise.allSettled([api.request(() => 1), api.request(() => 2)]);
    }, 1);
    const held = trace.spans.find((s) => s.kind === 'blocked')!;
    const refused = trace.spans.find((s) => s.kind === 'rejected')!;
    const answered = trace.spans.find((s) => s.kind === 'request')!;
    expect(held).toMatchObject({ lane: BLOCKED_LANE, label: 'a blocking call', start: 0 });
    expect(held.end).toBeGreaterThanOrEqual(7);
    expect(refused).toMatchObject({ lane: 'api', start: answered.start, end: answered.start });
    expect(answered.start).toBeGreaterThanOrEqual(held.end);
    expect(answered.end - answered.start).toBe(10);
  });

  it('records nothing on a clock nobody traces, and the recorder is not reachable from the clock', async () => {
    const clock = new VirtualClock();
    expect(recorderOf(clock)).toBeUndefined();
    const recorder = traceClock(clock);
    // Code handed the clock (04's learner gets one) finds no way to the spans through it.
    const reachable = [...Object.values(clock), ...Object.getOwnPropertyNames(Object.getPrototypeOf(clock)).map((k) => (clock as never)[k])];
    expect(reachable).not.toContain(recorder);
  });

  it('keeps a label short, whatever the code passed', () => {
    const recorder = new TraceRecorder();
    recorder.add({ ...span(0, 1), label: `readFile ${'x'.repeat(1_000_000)}` });
    expect(recorder.finish(1).spans[0]!.label).toHaveLength(60);
  });

  it('keeps at most MAX_SPANS spans and counts the rest', () => {
    const recorder = new TraceRecorder();
    for (let i = 0; i < MAX_SPANS + 3; i++) recorder.add(span(i, i + 1));
    const trace = recorder.finish(MAX_SPANS + 3);
    expect(trace.spans).toHaveLength(MAX_SPANS);
    expect(trace.dropped).toBe(3);
  });
});

describe('packRows', () => {
  it('gives overlapping spans a row each and lets a span follow another in the same row', () => {
    const { rows, count, crowded } = packRows([span(0, 10), span(5, 15), span(10, 20), span(15, 25)]);
    expect(rows).toEqual([0, 1, 0, 1]);
    expect(count).toBe(2);
    expect(crowded).toBe(false);
  });

  it('puts spans beyond the row limit in the last row, and says so', () => {
    const { rows, count, crowded } = packRows([span(0, 10), span(0, 10), span(0, 10)], 2);
    expect(rows).toEqual([0, 1, 1]);
    expect(count).toBe(2);
    expect(crowded).toBe(true);
  });
});

describe('peakOverlap', () => {
  it('counts a span that ends as another starts as not overlapping, and ignores instants', () => {
    expect(peakOverlap([span(0, 10), span(10, 20)])).toBe(1);
    expect(peakOverlap([span(0, 10), span(5, 5), span(5, 5)])).toBe(1);
    expect(peakOverlap([])).toBe(0);
  });
});

describe('inFlightSteps', () => {
  it('steps up at each start and down at each end, one step per moment, back to 0 at the end', () => {
    expect(inFlightSteps([span(0, 10), span(10, 20), span(5, 15), span(7, 7)])).toEqual([
      { at: 0, count: 1 },
      { at: 5, count: 2 },
      { at: 10, count: 2 },
      { at: 15, count: 1 },
      { at: 20, count: 0 },
    ]);
    expect(inFlightSteps([])).toEqual([]);
  });
});

describe('busyMs', () => {
  it('is the length of the spans’ union: overlaps count once, gaps not at all', () => {
    expect(busyMs([span(0, 10), span(5, 15), span(20, 30), span(25, 25)])).toBe(25);
    expect(busyMs([])).toBe(0);
  });
});
