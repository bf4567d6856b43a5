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
  // The oracle goes first; the baseline is left out once the reference answers. On input #1 of a
  // virtual lesson the baseline leads: the process's first call pays for compiling the engine's code,
  // and on a virtual clock that CPU time is charged to whoever runs it, which must not be the
  // candidate. On the wall clock nothing of input #1 is timed, and the candidate leads, so that code
  // which throws says so before the baseline's call (a slow one, in a lesson about CPU work).
  const sidesFor = (oracle: Side, input: number): Side[] => {
    const sides = [oracle, ...run.sides.filter((s) => s !== oracle && (oracle === 'baseline' || s !== 'baseline'))];
    if (input > 1 || spec.timing !== 'wall' || !sides.includes('candidate')) return sides;
    return ['candidate', ...sides.filter((s) => s !== 'candidate')];
  };

  // Where the learner's code goes first, the lesson's set-up for it is the run's first step, and
  // its end is told: the learner's first call is then held to the ordinary limits of the watchdog.
  if (sidesFor(oracleFor(1), 1)[0] === 'candidate') {
    await run.setUp('candidate');
    progress({ phase: 'checking', input: 1, of: inputs });
  }

  for (let i = 1; i <= inputs; i++) {
    const seed = mixSeed(run.baseSeed, 0, i);
    const oracle = oracleFor(i);
    let expected: Awaited<ReturnType<typeof run.once>> | undefined;
    // Answers that came before the oracle's, checked once it has answered.
    const waiting: { side: Side; got: Awaited<ReturnType<typeof run.once>> }[] = [];
    // Each side is checked as soon as it can be, so a wrong answer is reported before the
    // sides after it run (the reference, on input #1).
    for (const side of sidesFor(oracle, i)) {
      const got = await run.once(side, seed);
      timesMs[side].push(got.ms);
      progress({ phase: 'checking', input: i, of: inputs });
      if (i === 1) details[side] = detailsOf(got.work, got.output);
      if (side === oracle) expected = got;
      else waiting.push({ side, got });
      if (!expected) continue;
      for (const answer of waiting.splice(0)) {
        const difference = run.check(expected.output, answer.got.output, answer.got.work);
        if (difference === null) {
          run.refuseIfImpossible(answer.got);
          continue;
        }
        if (answer.side === 'reference') {
          throw new LessonError('reference solution', new Error(`it disagrees with the baseline for input #${i}: ${difference}`));
        }
        // Right before and wrong now, on new data: the likeliest cause is a remembered answer.
        const hint = i > 1 ? ' (It was right on input #1: does your code keep answers between calls? Each call gets new data.)' : '';
        return { ok: false, input: i, difference: `${difference}${hint}`, details };
      }
    }
  }
  return { ok: true, timesMs, details };
}
