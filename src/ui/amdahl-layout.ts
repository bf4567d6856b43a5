import type { SideDetails } from '../core/lesson.ts';
import type { SideResult } from '../core/result.ts';
import { SIDE_LABELS } from '../core/side-labels.ts';
import { amdahlSpeedup } from '../core/stats.ts';
import { formatRatio } from '../core/verdict.ts';

/**
 * What the Amdahl chart (amdahl-chart.ts) draws, and says in words: no DOM
 * and no chart here, so it is tested on its own.
 */

type Amdahl = NonNullable<SideDetails['amdahl']>;

/** Threads along the bottom: at least 8, and four times the threads at work, so the curve's bend shows and the dots stay in view. */
export const threadsShown = (all: readonly Amdahl[]): number => Math.max(8, ...all.map((a) => 4 * a.threads));

/** A side's curve: the speedup Amdahl's law allows with 1 … `upTo` threads, for its serial share. */
export function amdahlCurve(serial: number, upTo: number): { x: number; y: number }[] {
  return Array.from({ length: upTo }, (_, i) => ({ x: i + 1, y: amdahlSpeedup(serial, i + 1) }));
}

/** A sentence per side for screen readers: its serial share, what it measured, and the law's ceiling. */
export function describeAmdahl(side: SideResult): string {
  const a = side.details!.amdahl!;
  const share = a.serial >= 0.1 ? `${Math.round(a.serial * 100)}%` : `${(a.serial * 100).toFixed(1)}%`;
  const ceiling = a.serial > 0 ? `, and no number of threads past ${formatRatio(1 / a.serial)}` : '';
  return `${SIDE_LABELS[side.side]}: ${share} serial, ${formatRatio(a.speedup)} measured with ${a.threads} ${a.threads === 1 ? 'thread' : 'threads'} at work, where the law allows ${formatRatio(amdahlSpeedup(a.serial, a.threads))}${ceiling}.`;
}
