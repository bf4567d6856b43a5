/**
 * What the playground's editors know of the setup's argument: the file the
 * setup imports its types from (`import type { SetupContext } from './types'`),
 * the way lesson files import theirs.
 */
export const PLAYGROUND_TYPES = `/** Seeded random numbers: the same seed gives every snippet the same input. */
export interface Rng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
}

/** What setup() is given for each call's fresh input. */
export interface SetupContext {
  rng: Rng;
  /** The input size: the playground's size, or each size of its sweep. */
  size: number;
}
`;
