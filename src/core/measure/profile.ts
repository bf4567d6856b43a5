import { mixSeed } from '../rng.ts';
import type { Side } from '../result.ts';
import type { Run } from './run.ts';

/** Calls profiled per side: enough samples for the hot functions to stand out, few enough to stay quick. */
const PROFILED_CALLS = 3;

/** Records a CPU profile while `during` runs (the Node runtime uses the inspector); resolves with the profile. */
export interface Profiler {
  profile(during: () => Promise<void>): Promise<unknown>;
}

/**
 * Phase 6, only when the runtime was asked to profile (`verify --profile`):
 * each side in turn makes a few more calls, untimed, on the checked inputs'
 * workloads, under a CPU profiler, so each side's profile holds only its own
 * work. The learner's functions carry the name of their file
 * (your-code.ts), as in stack traces.
 */
export async function profileSides<W, O>(run: Run<W, O>, profiler: Profiler): Promise<Partial<Record<Side, unknown>>> {
  const profiles: Partial<Record<Side, unknown>> = {};
  for (const side of run.sides) {
    run.options.onProgress?.({ phase: 'profiling', side });
    profiles[side] = await profiler.profile(async () => {
      for (let i = 1; i <= PROFILED_CALLS; i++) await run.once(side, mixSeed(run.baseSeed, 0, i));
    });
  }
  return profiles;
}
