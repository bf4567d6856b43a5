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

export function evaluateGates(
  specs: readonly CounterSpec[],
  counters: Counters,
  noisy: Readonly<Record<string, readonly number[]>> = {},
): Gate[] {
  const gates: Gate[] = [];
  for (const spec of specs) {
    if (spec.max === undefined && spec.min === undefined) continue;
    const value = counters[spec.key];
    if (value === undefined) {
      throw new Error(`the lesson's counters() did not report "${spec.key}"`);
    }
    const gate = { key: spec.key, label: spec.label, value, max: spec.max, min: spec.min };
    const calls = noisy[spec.key];
    if (spec.noisy && spec.max !== undefined && calls && calls.length > 0) {
      gates.push(weighNoisy(gate, spec.max, calls));
      continue;
    }
    const ok =
      (spec.max === undefined || value <= spec.max) && (spec.min === undefined || value >= spec.min);
    gates.push({ ...gate, ok });
  }
  return gates;
}

/**
 * A noisy gate, from every call's value. A busy machine only adds to these,
 * so a call under the bound proves the code can stay under it, and a call
 * over it proves nothing alone. Every call over: missed, said with the best
 * call's value. Some over: unsure.
 */
function weighNoisy(gate: Omit<Gate, 'ok'>, max: number, calls: readonly number[]): Gate {
  const over = calls.filter((v) => v > max).length;
  const best = Math.min(...calls);
  if (over === 0) return { ...gate, ok: true };
  if (over === calls.length) return { ...gate, value: best, ok: false };
  return { ...gate, ok: true, unsure: { over, calls: calls.length, best } };
}

export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return '∞x';
  if (x >= 100) return `${Math.round(x)}x`;
  const digits = x >= 10 ? 1 : 2;
  return `${x.toFixed(digits).replace(/\.?0+$/, '')}x`;
}

/** By decimals kept: made once, since toLocaleString with options builds a formatter on every call (10's trace labels 2,000 numbers a call). */
const NUMBER_FORMATS = [0, 1, 2].map((digits) => new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** A number as the learner reads it: thousands grouped ("4,800"), at most a few significant decimals. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const digits = Number.isInteger(x) || Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return NUMBER_FORMATS[digits]!.format(x);
}

/** A count in a sentence: zero is said in words ("cache misses: none"), as a person would say it. */
export function formatCount(x: number, unit?: string): string {
  if (x === 0) return 'none';
  return `${formatNumber(x)}${unit ? ` ${unit}` : ''}`;
}

/** A gate's bound, said so it reads after a value: "at most 1,600 pass", "from 0.5 to 2 percent pass", "none allowed". */
export function describeBound(bound: { max?: number; min?: number }, unit?: string): string {
  const units = unit ? ` ${unit}` : '';
  if (bound.max === 0 && bound.min === undefined) return 'none allowed';
  if (bound.min !== undefined && bound.max !== undefined) return `from ${boundNumber(bound.min)} to ${boundNumber(bound.max)}${units} pass`;
  if (bound.max !== undefined) return `at most ${boundNumber(bound.max)}${units} pass`;
  if (bound.min !== undefined) return `at least ${boundNumber(bound.min)}${units} pass`;
  return '';
}

/** A bound is a chosen number, not a measured one: written without trailing zeros ("0.5", not "0.50"). */
const boundNumber = (x: number) => formatNumber(x).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/** One counter against its gate, the same pattern for every lesson: "database reads: 4,800 (at most 1,600 pass)". */
export function describeGate(gate: Gate, spec: CounterSpec | undefined): string {
  // The whole bound, as the counters table gives it: a gate with both ends names both.
  return `${gate.label}: ${formatCount(gate.value, spec?.unit)} (${describeBound(gate, spec?.unit)})`;
}

/**
 * A 95% interval of a ratio, in the direction of its headline. Ratios above 1
 * read as "faster" (or "lower", for a metric), below 1 as their inverse, so a
 * "slower" headline never sits beside an interval of numbers under 1x.
 */
function intervalPhrase(interval: Interval, up: string, down: string, headline: 'up' | 'down' | 'same', name = '95% interval'): string {
  if (interval.low === interval.high) return '';
  const side = (x: number) => (x >= 1 ? up : down);
  const size = (x: number) => formatRatio(x >= 1 ? x : 1 / x);
  // Both ends round to the same figure ("1x"): a range of one number says nothing.
  if (size(interval.low) === size(interval.high) && side(interval.low) === side(interval.high)) return '';
  if (size(interval.low) === '1x' && size(interval.high) === '1x') return '';
  // Both ends on the same side as the headline: one word after the range.
  if (interval.low >= 1 && headline === 'up') return ` (${name} ${size(interval.low)} to ${size(interval.high)} ${up})`;
  if (interval.high < 1 && headline === 'down') return ` (${name} ${size(interval.high)} to ${size(interval.low)} ${down})`;
  // Across 1x (or a headline of "about the same"): each end says its own direction.
  const [from, to] = headline === 'down' ? [interval.high, interval.low] : [interval.low, interval.high];
  return ` (${name} from ${size(from)} ${side(from)} to ${size(to)} ${side(to)})`;
}

/** What the two medians of a counter metric were, when the candidate's reached zero. */
export interface MetricMedians {
  baseline: number;
  candidate: number;
}

function speedPhrase(speedup: Interval, timing: Timing, metric?: LessonSpec['metric'], medians?: MetricMedians): string {
  const m = speedup.median;
  // An interval across 1x cannot tell faster from slower: the headline says so, whatever side the median fell on.
  const across = speedup.low < 1 && speedup.high > 1;
  const headline = across ? 'same' : m >= 1.05 ? 'up' : m <= 0.95 ? 'down' : 'same';
  // On a virtual clock every time is exact: the range is the spread over the rounds' workloads, not a measurement error.
  const name = timing === 'virtual' ? 'range over the workloads' : '95% interval';
  if (metric) {
    // Zero is said in words: a ratio to zero is no number at all.
    if (medians && medians.candidate === 0 && medians.baseline > 0) {
      return `${metric.label}: none, against ${formatNumber(medians.baseline)} for the baseline`;
    }
    const relative = headline === 'up' ? `${formatRatio(m)} lower than` : headline === 'down' ? `${formatRatio(1 / m)} higher than` : 'about the same as';
    return `${metric.label} ${relative} the baseline's${intervalPhrase(speedup, 'lower', 'higher', headline, name)}`;
  }
  const clock = timing === 'virtual' ? ' in simulated time' : '';
  const relative = headline === 'up' ? `${formatRatio(m)} faster than` : headline === 'down' ? `${formatRatio(1 / m)} slower than` : 'about as fast as';
  return `${relative} the baseline${clock}${intervalPhrase(speedup, 'faster', 'slower', headline, name)}`;
}

/** A missed gate, said after "but": "over the limit on database reads: 4,800 (at most 1,600 pass)". */
export function describeGateMiss(gate: Gate, spec: CounterSpec | undefined): string {
  const over = gate.max !== undefined && gate.value > gate.max;
  return `${over ? 'over the limit on' : 'short of the mark on'} ${describeGate(gate, spec)}`;
}

/** The sentence for a correct run, given its time and counter outcome. */
export function describeCorrectRun(args: {
  verdict: Verdict;
  speedup: Interval;
  target: number;
  timing: Timing;
  missed: Gate[];
  /** Noisy gates that could not tell (Gate.unsure), given only when they are what left the run undecided (its time passed). */
  unsure?: Gate[];
  specs: readonly CounterSpec[];
  metric?: LessonSpec['metric'];
  medians?: MetricMedians;
}): string {
  const { verdict, speedup, target, timing, missed, specs } = args;
  const speed = speedPhrase(speedup, timing, args.metric, args.medians);
  const unsure = args.unsure?.[0];
  if (unsure?.unsure) {
    const { over, calls } = unsure.unsure;
    const unit = specs.find((s) => s.key === unsure.key)?.unit;
    const most = `${formatNumber(unsure.value)}${unit ? ` ${unit}` : ''}`;
    return (
      `correct, ${speed}; target ${formatRatio(target)}: fast enough, but ${unsure.label} was over its limit on ${over} of ${calls} calls (up to ${most}) and within it on the other ${calls - over}. ` +
      'A busy machine adds to this figure, so this run cannot tell. Run again with the machine otherwise idle.'
    );
  }
  if (missed.length > 0) {
    const [first, ...others] = missed;
    const specOf = (g: Gate) => specs.find((s) => s.key === g.key);
    const advice = specOf(first!)?.advice ? ` ${specOf(first!)!.advice}` : '';
    // The first miss gets its advice; the others are named, so no miss comes as a surprise after a fix.
    const also = others.length > 0 ? ` Also ${others.map((g) => describeGateMiss(g, specOf(g))).join('; and ')}.` : '';
    return `correct and ${speed}, but ${describeGateMiss(first!, specOf(first!))}.${advice}${also}`;
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

