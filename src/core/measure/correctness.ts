import { mixSeed } from '../rng.ts';
import type { SideDetails } from '../lesson.ts';
import type { Side } from '../result.ts';
import { LessonError, lessonStep } from './errors.ts';
import type { Run } from './run.ts';

/**
 * Phase 1, correct first: every side runs on the same seeded inputs and is
 * compared with the right answer. A wrong answer ends the run; nothing is
 * timed.
 *
 * Input #1's answer is the baseline's, and the reference is checked against
 * it too. On later inputs the reference, once it agreed with the baseline,
 * gives the answer: the same answer (verify checks it against the baseline
 * on every input, `strictOracle`), and on lessons timed for real, where the
 * baseline is the slow side, a fraction of the cost.
 */
export type Correctness =
  | { ok: true; timesMs: Record<Side, number[]>; details: Partial<Record<Side, SideDetails>> }
  | { ok: false; input: number; difference: string; details: Partial<Record<Side, SideDetails>> };

export async function checkCorrectness<W, O>(run: Run<W, O>): Promise<Correctness> {
  const { spec, options } = run;
  const inputs = options.inputs ?? 3;
  const progress = options.onProgress ?? (() => {});
  const details: Partial<Record<Side, SideDetails>> = {};
  const timesMs: Record<Side, number[]> = { baseline: [], candidate: [], reference: [] };
  const detailsOf = (work: W, output: O) => (spec.details ? lessonStep('details', () => spec.details!(work, output)) : undefined);
  const oracleFor = (input: number): Side => (input > 1 && run.sides.includes('reference') && !options.strictOracle ? 'reference' : 'baseline');
  // The oracle goes first; the baseline is left out once the reference answers. On input #1 the
  // baseline leads: the process's first call pays for compiling the engine's code, and on a virtual
  // clock that CPU time is charged to whoever runs it, which must not be the candidate.
  const sidesFor = (oracle: Side): Side[] => [oracle, ...run.sides.filter((s) => s !== oracle && (oracle === 'baseline' || s !== 'baseline'))];

  for (let i = 1; i <= inputs; i++) {
    const seed = mixSeed(run.baseSeed, 0, i);
    const oracle = oracleFor(i);
    const sides = sidesFor(oracle);
    let expected: Awaited<ReturnType<typeof run.once>> | undefined;
    // Each side is checked as soon as it has answered, so a wrong answer is reported before the
    // sides after it run (the reference, on input #1).
    for (const side of sides) {
      const got = await run.once(side, seed);
      timesMs[side].push(got.ms);
      progress({ phase: 'checking', input: i, of: inputs });
      if (i === 1) details[side] = detailsOf(got.work, got.output);
      if (side === oracle) {
        expected = got;
        continue;
      }
      const difference = run.check(expected!.output, got.output, got.work);
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
  return { ok: true, timesMs, details };
}
