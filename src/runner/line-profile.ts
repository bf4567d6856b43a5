import type { LineProfile } from '../core/result.ts';
import type { LineSamples } from './line-sampler.ts';

const SHOWN_LINES = 8;
const SHOWN_FUNCTIONS = 5;
const TEXT_CHARS = 72;

/**
 * A side's samples as the page shows them: its lines and functions, most
 * samples first, each line with its text from `source` (the side's file:
 * its lines are the marked code's lines, see line-marks.ts).
 */
export function summariseLines({ counts, ms }: LineSamples, source: string, functionOf: ReadonlyMap<number, string>, intervalMs: number): LineProfile {
  const sourceLines = source.split('\n');
  let samples = 0;
  let outside = 0;
  const lines: LineProfile['lines'] = [];
  const byFunction = new Map<string, number>();
  for (const [line, n] of counts) {
    samples += n;
    if (line === 0) {
      outside += n;
      continue;
    }
    const fn = functionOf.get(line) ?? '(top level)';
    lines.push({ line, samples: n, text: cut((sourceLines[line - 1] ?? '').trim()), fn });
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
  }
  lines.sort((a, b) => b.samples - a.samples || a.line - b.line);
  const functions = [...byFunction].map(([name, n]) => ({ name, samples: n })).sort((a, b) => b.samples - a.samples);
  return { samples, intervalMs, ms, outside, lines: lines.slice(0, SHOWN_LINES), functions: functions.slice(0, SHOWN_FUNCTIONS) };
}

const cut = (text: string) => (text.length > TEXT_CHARS ? `${text.slice(0, TEXT_CHARS - 1)}…` : text);
