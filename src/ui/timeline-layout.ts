import type { Side, SideResult } from '../core/result.ts';
import { BLOCKED_LANE, inFlightSteps, packRows, peakOverlap, type Span, type TimelineBars } from '../core/trace.ts';
import { formatNumber } from '../core/verdict.ts';
import { SIDE_LABELS } from '../core/side-labels.ts';

/**
 * Where the timeline's bars go (timeline.ts draws them), and what it says
 * in words: no DOM and no chart here, so it is tested on its own.
 */

/**
 * How the timeline speaks of its bars and its time: requests, in ms, with a
 * row of requests in flight per side, unless the lesson says its bars are
 * something else (LessonSpec.timeline.bars).
 */
export interface TimelineWords {
  one: string;
  many: string;
  /** Simulated ms per unit of the axis, and the unit's name. */
  unitMs: number;
  unit: string;
  inFlight: boolean;
}

export function timelineWords(bars?: TimelineBars): TimelineWords {
  if (!bars) return { one: 'request', many: 'requests', unitMs: 1, unit: 'ms', inFlight: true };
  return { one: bars.one, many: bars.many, unitMs: bars.unit.ms, unit: bars.unit.name, inFlight: false };
}

/** A time on the timeline, in its unit: "1,200 ms", "12 min". */
export function formatTime(ms: number, words: TimelineWords): string {
  return `${formatNumber(ms / words.unitMs)} ${words.unit}`;
}

/**
 * Ticks for the window [from, to] (in ms) at whole steps of the timeline's
 * unit, about `count` of them: every 10 or 15 minutes, not at 33.3.
 */
export function unitTicks(from: number, to: number, words: TimelineWords, count = 6): number[] {
  const span = (to - from) / words.unitMs;
  const wanted = span / count;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 240, 600];
  const step = (steps.find((s) => s >= wanted) ?? Math.ceil(wanted)) * words.unitMs;
  const ticks: number[] = [];
  for (let at = Math.ceil(from / step) * step; at <= to + 1e-9; at += step) ticks.push(at);
  return ticks;
}

/** Rows per lane; requests in flight beyond this many share the last row, and the figure says so. */
export const MAX_ROWS_PER_LANE = 6;

export interface Row {
  side: Side;
  /** The side's name, on a row of its own above its lanes; else the lane's name on its first row, and nothing on the others. */
  label: string;
  header: boolean;
  /** On the row under the side's name: its requests in flight over time, drawn as a line (see inFlightSteps). */
  inFlight?: { at: number; count: number }[];
}

export interface Bar {
  x: [number, number];
  y: number;
  span: Span;
  side: Side;
  /** Set on a bar drawn for several spans of one row that lie closer than a pixel (see mergeBars): how many. */
  merged?: number;
}

/**
 * Each side's spans placed in rows under the side's name, lane by lane, in
 * the order the lanes first appear; a side with requests gets a row for its
 * requests in flight first. `peakInFlight` is the most any side had, so
 * every side's line is drawn to one scale.
 */
export function layoutTimeline(
  sides: readonly SideResult[],
  maxRowsPerLane = MAX_ROWS_PER_LANE,
  words: TimelineWords = timelineWords(),
): { rows: Row[]; bars: Bar[]; crowded: boolean; peakInFlight: number } {
  const rows: Row[] = [];
  const bars: Bar[] = [];
  let crowded = false;
  let peakInFlight = 0;
  for (const side of sides) {
    const spans = side.trace?.spans ?? [];
    const lanes = [...new Set([...(side.trace?.lanes ?? []), ...spans.map((s) => s.lane)])];
    rows.push({ side: side.side, label: SIDE_LABELS[side.side], header: true });
    const requests = spans.filter((s) => s.kind === 'request');
    if (requests.length > 0 && words.inFlight) {
      const inFlight = inFlightSteps(requests);
      peakInFlight = Math.max(peakInFlight, ...inFlight.map((s) => s.count));
      rows.push({ side: side.side, label: 'in flight', header: false, inFlight });
    }
    for (const lane of lanes) {
      const inLane = spans.filter((s) => s.lane === lane);
      const packed = packRows(inLane, maxRowsPerLane);
      crowded ||= packed.crowded;
      const first = rows.length;
      // A lane with nothing in it still gets its row: an idle replica is part of the picture.
      for (let r = 0; r < Math.max(1, packed.count); r++) rows.push({ side: side.side, label: r === 0 ? lane : '', header: false });
      inLane.forEach((span, i) => bars.push({ x: [span.start, span.end], y: first + packed.rows[i]!, span, side: side.side }));
    }
  }
  return { rows, bars, crowded, peakInFlight };
}

/**
 * The bars to draw for the window [from, to] at `msPerPixel`: those in it,
 * with the spans of a row (of one side and kind) that lie less than a pixel
 * apart drawn as one bar. Thousands of requests stay cheap to draw and to
 * zoom, and a zoom that spreads them out draws them one by one again.
 */
export function mergeBars(bars: readonly Bar[], from: number, to: number, msPerPixel: number): Bar[] {
  const inWindow = bars.filter((b) => b.x[1] >= from && b.x[0] <= to);
  const sorted = [...inWindow].sort((a, b) => a.y - b.y || a.span.kind.localeCompare(b.span.kind) || a.x[0] - b.x[0]);
  const out: Bar[] = [];
  for (const bar of sorted) {
    const last = out.at(-1);
    if (last && last.y === bar.y && last.span.kind === bar.span.kind && last.span.level === bar.span.level && bar.x[0] - last.x[1] < msPerPixel) {
      last.x = [last.x[0], Math.max(last.x[1], bar.x[1])];
      last.merged = (last.merged ?? 1) + 1;
    } else {
      out.push({ ...bar, x: [bar.x[0], bar.x[1]] });
    }
  }
  return out;
}

/** One sentence per side: what its timeline shows, for screen readers and for a quick read. */
export function summariseSide(side: SideResult, words: TimelineWords = timelineWords()): string {
  const trace = side.trace!;
  const requests = trace.spans.filter((s) => s.lane !== BLOCKED_LANE);
  const rejected = requests.filter((s) => s.kind === 'rejected').length;
  const blocked = trace.spans.filter((s) => s.lane === BLOCKED_LANE).reduce((sum, s) => sum + (s.end - s.start), 0);
  const idle = (trace.lanes ?? []).filter((lane) => !requests.some((s) => s.lane === lane));
  const bars = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? words.one : words.many}`;
  const parts = [
    `${requests.length > rejected ? bars(requests.length - rejected) : `no ${words.many}`} in ${formatNumber(trace.endMs / words.unitMs)} simulated ${words.unit}`,
    requests.length > 0 && words.inFlight ? `at most ${peakOverlap(requests)} in flight at once` : undefined,
    idle.length > 0 && requests.length > 0 && words.inFlight ? `none to ${idle.join(', ')}` : undefined,
    rejected > 0 ? `${bars(rejected)} rejected` : undefined,
    blocked > 0 ? `the event loop held for ${formatNumber(blocked)} ms` : undefined,
    trace.dropped > 0 ? `${count(trace.dropped, 'more span')} not drawn` : undefined,
  ].filter((p) => p !== undefined);
  return `${SIDE_LABELS[side.side]}: ${parts.join(', ')}.`;
}

const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

