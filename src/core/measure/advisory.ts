import type { SideDetails } from '../lesson.ts';
import type { Side } from '../result.ts';
import { CandidateError, ImpossibleFigureError } from './errors.ts';
import type { Run } from './run.ts';

/**
 * Figures that inform but never gate (real threads, which depend on the
 * machine's cores): measured once per side after the correctness check.
 */
export async function measureAdvisory<W, O>(run: Run<W, O>, details: Partial<Record<Side, SideDetails>>): Promise<void> {
  const advisory = run.spec.advisory;
  if (!advisory) return;
  const progress = run.options.onProgress ?? (() => {});
  progress({ phase: 'advisory' });
  for (const side of run.sides) {
    let extra: Awaited<ReturnType<typeof advisory>>;
    try {
      extra = await advisory(run.moduleOf(side), run.contextOf(side));
    } catch (error) {
      if (error instanceof ImpossibleFigureError && side === 'candidate') throw error;
      throw new CandidateError(error, side);
    }
    run.book.assign(side, extra.counters);
    if (extra.text) details[side] = { ...details[side], text: [details[side]?.text, extra.text].filter(Boolean).join('\n\n') };
    if (extra.amdahl) details[side] = { ...details[side], amdahl: extra.amdahl };
    progress({ phase: 'advisory' });
  }
}
