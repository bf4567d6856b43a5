import type { Clock } from './clock.ts';

/**
 * What happened during one call on the simulated clock, as data: every
 * request to a simulated service from when it was sent to its reply, and
 * every stretch of time the event loop was held by synchronous work. The
 * page draws it as a timeline; `verify --trace` writes it for Perfetto.
 *
 * Only the engine's side writes spans: the services and the virtual clock,
 * through the recorder registered for the call's clock. The recorder is not
 * a property of the clock, so code that is handed the clock cannot reach it.
 */
export interface Span {
  /** The service (or the event loop) the span belongs to. */
  lane: string;
  /** What it was, in short: the request's arguments, or the kind of work. */
  label: string;
  /** Milliseconds since the call began, on the simulated clock. */
  start: number;
  end: number;
  /** `request`: a reply came (or the service failed it); `rejected`: refused at once; `blocked`: the event loop was held. */
  kind: 'request' | 'rejected' | 'blocked';
  /** How strongly the bar is drawn, from 0 to 1, where its lane's bars differ in degree (09: the share of users on the new version). */
  level?: number;
}

export interface Trace {
  spans: Span[];
  /** Lanes named before their first span (a service, a replica), in the order they were made: an idle one still shows. */
  lanes?: string[];
  /** Spans left out beyond MAX_SPANS: the timeline says so. */
  dropped: number;
  /** The call's whole length, in simulated ms. */
  endMs: number;
  /** The lesson's limit for this call's workload (the fastest any program could finish it), where it has one on time. */
  limit?: { ms: number; label: string };
}

/**
 * What a lesson's timeline bars are, where they are not requests to a
 * service (the default, on an axis in ms, with each side's requests in
 * flight): their noun, and the unit its axis counts in. 09's bars are the
 * stretches of a rollout, minutes long.
 */
export interface TimelineBars {
  one: string;
  many: string;
  unit: { ms: number; name: string };
}

/** Spans kept per call: enough for every lesson's call, small enough to travel in the result. */
export const MAX_SPANS = 5000;

/** Characters kept of a span's label. */
const MAX_LABEL = 60;
/** Lanes named ahead, at most. */
const MAX_LANES = 50;

/** The lane of time the event loop was held. */
export const BLOCKED_LANE = 'event loop';

export class TraceRecorder {
  private readonly spans: Span[] = [];
  private readonly lanes: string[] = [];
  private dropped = 0;

  /** Names a lane ahead of its spans, so that it keeps its place, and shows even if nothing happens in it. */
  declareLane(lane: string): void {
    if (!this.lanes.includes(lane) && this.lanes.length < MAX_LANES) this.lanes.push(lane.slice(0, MAX_LABEL));
  }

  add(span: Span): void {
    if (this.spans.length >= MAX_SPANS) {
      this.dropped += 1;
      return;
    }
    // A label may quote what the learner's code passed (a path, an id): kept short, whatever it was.
    const label = span.label.length > MAX_LABEL ? `${span.label.slice(0, MAX_LABEL - 1)}…` : span.label;
    this.spans.push({ ...span, label });
  }

  finish(endMs: number): Trace {
    return { spans: this.spans.slice(), lanes: this.lanes.slice(), dropped: this.dropped, endMs };
  }
}

const recorders = new WeakMap<Clock, TraceRecorder>();

/** Records what happens on `clock` from now on. */
export function traceClock(clock: Clock): TraceRecorder {
  const recorder = new TraceRecorder();
  recorders.set(clock, recorder);
  return recorder;
}

/** The recorder for `clock`, if its call is traced. */
export function recorderOf(clock: Clock): TraceRecorder | undefined {
  return recorders.get(clock);
}

/**
 * Spans placed in rows so that none in a row overlap: a lane's requests in
 * flight at once get a row each. Spans are taken by start; each goes to the
 * first row free by then (a greedy interval partition, which uses the fewest
 * rows). Beyond `maxRows`, spans share the last row, and `crowded` says so.
 */
export function packRows(spans: readonly Span[], maxRows = Infinity): { rows: number[]; count: number; crowded: boolean } {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]!.start - spans[b]!.start || a - b);
  const rowEnds: number[] = [];
  const rows = new Array<number>(spans.length);
  let crowded = false;
  for (const i of order) {
    const span = spans[i]!;
    let row = rowEnds.findIndex((end) => end <= span.start);
    if (row === -1) {
      if (rowEnds.length < maxRows) row = rowEnds.push(span.end) - 1;
      else {
        row = rowEnds.length - 1;
        crowded = true;
      }
    }
    rowEnds[row] = Math.max(rowEnds[row] ?? 0, span.end);
    rows[i] = row;
  }
  return { rows, count: rowEnds.length, crowded };
}

/**
 * How many spans are in flight over time, as steps: from each step's `at`
 * until the next one's, `count` are in flight. It starts at the first span's
 * start and ends at 0 when the last one ends. Spans of no length are never
 * in flight.
 */
export function inFlightSteps(spans: readonly Span[]): { at: number; count: number }[] {
  const edges = spans.filter((s) => s.end > s.start).flatMap((s) => [
    { at: s.start, step: 1 },
    { at: s.end, step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at);
  const steps: { at: number; count: number }[] = [];
  let now = 0;
  for (const edge of edges) {
    now += edge.step;
    // Edges at the same moment make one step: an end and a start together do not overlap.
    if (steps.at(-1)?.at === edge.at) steps.at(-1)!.count = now;
    else steps.push({ at: edge.at, count: now });
  }
  return steps;
}

/** How long at least one of the spans was in flight: the length of their union. */
export function busyMs(spans: readonly Span[]): number {
  const steps = inFlightSteps(spans);
  let busy = 0;
  steps.forEach((step, i) => {
    if (step.count > 0) busy += steps[i + 1]!.at - step.at;
  });
  return busy;
}

/** The most spans in flight at one moment. */
export function peakOverlap(spans: readonly Span[]): number {
  return Math.max(0, ...inFlightSteps(spans).map((s) => s.count));
}
