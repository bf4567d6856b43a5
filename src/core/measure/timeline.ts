import { mixSeed } from '../rng.ts';
import type { Side } from '../result.ts';
import type { Trace } from '../trace.ts';
import type { Run } from './run.ts';

/** Each side's traced call, where the lesson draws a timeline. */
export type Traces = Partial<Record<Side, Trace>>;

/**
 * Phase 6, for lessons with a timeline: one more call per side, traced, on
 * input #1's workload, so every side's timeline shows the same work. It
 * comes after the timed rounds, when the engine's code is compiled: a first
 * call would show that compiling as time the event loop was held.
 */
export async function traceCalls<W, O>(run: Run<W, O>): Promise<Traces> {
  if (!run.spec.timeline || run.spec.timing !== 'virtual') return {};
  const traces: Traces = {};
  for (const side of run.sides) {
    const call = await run.once(side, mixSeed(run.baseSeed, 0, 1), run.spec.size, true);
    traces[side] = call.trace;
  }
  return traces;
}
