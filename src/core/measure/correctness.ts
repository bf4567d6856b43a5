import { mixSeed } from '../rng.ts';
import type { SideDetails } from '../lesson.ts';
import type { Side } from '../result.ts';
import { LessonError, lessonStep } from './errors.ts';
import type { Run } from './run.ts';

/**
 * Phase 1, correct first: every side runs on the same seeded inputs and is
 * compared with the baseline. A wrong answer ends the run; nothing is timed.
 */
export type Correctness =
  | { ok: true; firstMs: Record<Side, number>; details: Partial<Record<Side, SideDetails>> }
  | { ok: false; input: number; difference: string; details: Partial<Record<Side, SideDetails>> };

export async function checkCorrectness<W, O>(run: Run<W, O>): Promise<Correctness> {
  const { spec, options } = run;
  const inputs = options.inputs ?? 3;
  const progress = options.onProgress ?? (() => {});
  const details: Partial<Record<Side, SideDetails>> = {};
  const firstMs: Record<Side, number> = { baseline: 0, candidate: 0, reference: 0 };
  const detailsOf = (work: W, output: O) => (spec.details ? lessonStep('details', () => spec.details!(work, output)) : undefined);

  for (let i = 1; i <= inputs; i++) {
    const seed = mixSeed(run.baseSeed, 0, i);
    const expected = await run.once('baseline', seed);
    progress({ phase: 'checking', input: i, of: inputs });
    if (i === 1) {
      firstMs.baseline = expected.ms;
      details.baseline = detailsOf(expected.work, expected.output);
    }
    for (const side of run.sides) {
      if (side === 'baseline') continue;
      const got = await run.once(side, seed);
      progress({ phase: 'checking', input: i, of: inputs });
      const difference = run.check(expected.output, got.output, got.work);
      if (i === 1) {
        firstMs[side] = got.ms;
        // Details of a wrong answer are still worth showing: they often explain it.
        details[side] = detailsOf(got.work, got.output);
      }
      if (difference === null) {
        run.refuseIfImpossible(got);
        continue;
      }
      if (side === 'reference') {
        throw new LessonError('reference solution', new Error(`it disagrees with the baseline for input #${i}: ${difference}`));
      }
      // Right before and wrong now, on new data: the likeliest cause is a remembered answer.
      const hint = i > 1 ? ' (It was right on input #1: does your code keep answers between calls? Each call gets new data.)' : '';
      return { ok: false, input: i, difference: `${difference}${hint}`, details };
    }
  }
  return { ok: true, firstMs, details };
}
