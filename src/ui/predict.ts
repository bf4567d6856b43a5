import type { RunResult } from '../core/result.ts';
import { formatNumber, formatRatio } from '../core/verdict.ts';
import type { KeyValueStore } from './storage.ts';

/**
 * Predict, then measure: before running, a learner may write down what they
 * expect (the speedup, or a lesson's counter such as 08's round trips), and
 * the result shows the guess beside the measurement. Optional, never in the
 * way of a run, kept on this device with the rest of their work.
 */
export interface PredictSpec {
  question: string;
  /** What the guess is compared with: the speedup, or the candidate's value of this counter. */
  counter?: string;
  /** How the figure is named in the sentence ("x", "round trips"). */
  unit: string;
}

export interface Prediction {
  value: number;
  /** What it counts: "x" for a speedup, else the counter's unit ("round trips"). */
  unit: string;
  /** ISO time it was made. */
  at: string;
}

/** How a guess is written: a speedup as "3x", a counter as "2 round trips". */
export function showPrediction(prediction: Pick<Prediction, 'value' | 'unit'>): string {
  return prediction.unit === 'x' ? formatRatio(prediction.value) : `${formatNumber(prediction.value)} ${prediction.unit}`;
}

const keyOf = (slug: string) => `perf-workshop:v1:prediction:${slug}`;

export function loadPrediction(store: KeyValueStore, slug: string): Prediction | undefined {
  try {
    const parsed = JSON.parse(store.getItem(keyOf(slug)) ?? 'null') as Prediction | null;
    return parsed && Number.isFinite(parsed.value) && typeof parsed.unit === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the guess; an empty or unreadable one forgets it. Returns what is kept. */
export function savePrediction(store: KeyValueStore, slug: string, spec: PredictSpec, text: string): Prediction | undefined {
  const value = Number(text.trim().replace(/x$/i, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    store.removeItem(keyOf(slug));
    return undefined;
  }
  const prediction = { value, unit: spec.counter ? spec.unit : 'x', at: new Date().toISOString() };
  try {
    store.setItem(keyOf(slug), JSON.stringify(prediction));
  } catch {
    // Storage full or disabled: the guess still shows beside this page's runs.
  }
  return prediction;
}

/** The guess beside what this run measured, or nothing when the run measured no such figure. */
export function comparePrediction(spec: PredictSpec, prediction: Prediction, result: RunResult): string | undefined {
  if (result.correct !== true) return undefined;
  const figure = spec.counter ? result.sides.find((s) => s.side === 'candidate')?.counters[spec.counter] : result.speedup?.median;
  if (figure === undefined || !Number.isFinite(figure)) return undefined;
  // A counter says what it counted: the timeline's workload is another one.
  const what = spec.counter ? result.counterSpecs.find((c) => c.key === spec.counter)?.label : undefined;
  return `You predicted ${showPrediction(prediction)}; this run measured ${showPrediction({ value: figure, unit: prediction.unit })}${what ? ` (${what})` : ''}.`;
}
