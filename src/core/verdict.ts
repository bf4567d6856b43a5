import type { CounterSpec, LessonSpec, Timing } from './lesson.ts';
import type { Counters, Gate, Verdict } from './result.ts';
import type { Interval } from './stats.ts';

/**
 * The verdict rules of MEASUREMENT.md, and the sentence that explains each
 * verdict to a learner. Correctness and counters are hard gates; time only
 * decides when its whole 95% interval is on one side of the target.
 */

export function timeVerdict(speedup: Interval, target: number): 'pass' | 'fail' | 'inconclusive' {
  if (speedup.low >= target) return 'pass';
  if (speedup.high < target) return 'fail';
  return 'inconclusive';
}

export function evaluateGates(specs: readonly CounterSpec[], counters: Counters): Gate[] {
  const gates: Gate[] = [];
  for (const spec of specs) {
    if (spec.max === undefined && spec.min === undefined) continue;
    const value = counters[spec.key];
    if (value === undefined) {
      throw new Error(`the lesson's counters() did not report "${spec.key}"`);
    }
    const ok =
      (spec.max === undefined || value <= spec.max) && (spec.min === undefined || value >= spec.min);
    gates.push({ key: spec.key, label: spec.label, value, max: spec.max, min: spec.min, ok });
  }
  return gates;
}

export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return '∞x';
  if (x >= 100) return `${Math.round(x)}x`;
  const digits = x >= 10 ? 1 : 2;
  return `${x.toFixed(digits).replace(/\.?0+$/, '')}x`;
}

export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function speedPhrase(speedup: Interval, timing: Timing, metric?: LessonSpec['metric']): string {
  if (metric) {
    const interval = speedup.low === speedup.high ? '' : ` (95% interval ${formatRatio(speedup.low)} to ${formatRatio(speedup.high)})`;
    const m = speedup.median;
    const relative = m >= 1.05 ? `${formatRatio(m)} lower than` : m <= 0.95 ? `${formatRatio(1 / m)} higher than` : 'about the same as';
    return `${metric.label} ${relative} the baseline's${interval}`;
  }
  const clock = timing === 'virtual' ? ' in simulated time' : '';
  const interval =
    speedup.low === speedup.high
      ? ''
      : ` (95% interval ${formatRatio(speedup.low)} to ${formatRatio(speedup.high)})`;
  const m = speedup.median;
  const relative =
    m >= 1.05 ? `${formatRatio(m)} faster than` : m <= 0.95 ? `${formatRatio(1 / m)} slower than` : 'about as fast as';
  return `${relative} the baseline${clock}${interval}`;
}

export function describeGateMiss(gate: Gate, spec: CounterSpec | undefined): string {
  const bound = gate.max !== undefined && gate.value > gate.max ? `at most ${formatNumber(gate.max)}` : `at least ${formatNumber(gate.min ?? 0)}`;
  const unit = spec?.unit ? ` ${spec.unit}` : '';
  const advice = spec?.advice ? ` ${spec.advice}` : '';
  return `${gate.label}: ${formatNumber(gate.value)}${unit}, but ${bound} passes.${advice}`;
}

/** The sentence for a correct run, given its time and counter outcome. */
export function describeCorrectRun(args: {
  verdict: Verdict;
  speedup: Interval;
  target: number;
  timing: Timing;
  missed: Gate[];
  specs: readonly CounterSpec[];
  metric?: LessonSpec['metric'];
}): string {
  const { verdict, speedup, target, timing, missed, specs } = args;
  const speed = speedPhrase(speedup, timing, args.metric);
  if (missed.length > 0) {
    const [first, ...others] = missed;
    // The first miss gets its advice; the others are named, so no miss comes as a surprise after a fix.
    const also = others.length > 0 ? ` Also missed: ${others.map((g) => `${g.label} (${formatNumber(g.value)})`).join('; ')}.` : '';
    return `correct and ${speed}, but ${describeGateMiss(first!, specs.find((s) => s.key === first!.key))}${also}`;
  }
  switch (verdict) {
    case 'pass':
      return `correct, ${speed}; target ${formatRatio(target)}: passed`;
    case 'fail':
      return `correct, but ${speed}; the target is ${formatRatio(target)}. Look for the cost the lesson is about and try again.`;
    default:
      return `correct, ${speed}; the target ${formatRatio(target)} lies inside that interval, so this run cannot tell. Run again with the machine otherwise idle.`;
  }
}
