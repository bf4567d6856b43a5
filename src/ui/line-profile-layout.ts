import type { LineProfile } from '../core/result.ts';
import { formatNumber } from '../core/verdict.ts';

/**
 * What the "Where the time went" panel says of one side's line profile:
 * the rows of its table and its sentence. Shares are of every sample taken
 * while the side's calls ran, so a side's rows and its "outside" row add up
 * to at most 100%.
 */

export interface ProfileRow {
  line: number;
  text: string;
  fn: string;
  /** Whole percent, at least 1 where the line was seen at all. */
  percent: number;
}

/** Lines below this share are left out of the table; they are noise at this sample count. */
const SHOWN_FROM_SHARE = 0.02;

export function profileRows(profile: LineProfile): ProfileRow[] {
  if (profile.samples === 0) return [];
  return profile.lines
    .filter((l) => l.samples / profile.samples >= SHOWN_FROM_SHARE)
    .map((l) => ({ line: l.line, text: l.text, fn: l.fn, percent: Math.max(1, Math.round((100 * l.samples) / profile.samples)) }));
}

/** "sampled 1,415 times over 283 ms; 9% of the time was the lesson's own work around each call" */
export function describeProfile(profile: LineProfile): string {
  if (profile.samples === 0) return 'its calls were too quick to be sampled even once; there is nothing to show';
  const outside = Math.round((100 * profile.outside) / profile.samples);
  return `sampled ${formatNumber(profile.samples)} times over ${formatNumber(Math.round(profile.ms))} ms; ${outside}% of the time was the lesson's own work around each call`;
}

/** The learner's lines to mark in the editor: the hottest few, with their share. */
export function hotLines(profile: LineProfile, count = 3): { line: number; percent: number }[] {
  return profileRows(profile).slice(0, count).map(({ line, percent }) => ({ line, percent }));
}

/** "By function: buildReport 91%, priceOf 4%", or undefined where there is one function only or none. */
export function describeFunctions(profile: LineProfile): string | undefined {
  if (profile.samples === 0 || profile.functions.length < 2) return undefined;
  const shares = profile.functions.map((f) => `${f.name} ${Math.max(1, Math.round((100 * f.samples) / profile.samples))}%`);
  return `By function: ${shares.join(', ')}`;
}
