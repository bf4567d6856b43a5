/**
 * The kit for lesson authors: the small helpers every spec needs, in one
 * place. Specs import from here rather than copying them.
 */
export { show, list, type ShowOptions } from './show.ts';
export { shuffled } from './shuffle.ts';
export { firstDifference, sameValue } from './difference.ts';
export { createMeter, type Meter } from './meter.ts';
export { sealed } from './sealed.ts';
export { percentile, median } from '../core/stats.ts';
// Thrown by a lesson's services when the learner's code reaches for what belongs to the lesson: the verdict is "boundary".
export { BoundaryError } from '../runner/learner-errors.ts';
