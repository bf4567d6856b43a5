import type { Side } from './result.ts';

/** Display names of the sides, in the order the results show them. */
export const SIDE_LABELS: Record<Side, string> = { baseline: 'Baseline', candidate: 'Your code', reference: 'Reference' };
export const SIDE_ORDER: Side[] = ['baseline', 'candidate', 'reference'];
