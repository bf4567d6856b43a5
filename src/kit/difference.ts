import { show, type ShowOptions } from './show.ts';

/**
 * The first place two lists differ, phrased to follow "for input #3 ":
 * "you returned 41 orders, the baseline 42", or "order 7: you returned …".
 * Returns null when they agree. `same` compares two items (default Object.is
 * on primitives, JSON text on the rest); `noun` names one item.
 */
export function firstDifference<T>(
  expected: readonly T[],
  actual: unknown,
  options: { noun?: string; plural?: string; same?: (a: T, b: unknown) => boolean; show?: ShowOptions } = {},
): string | null {
  const noun = options.noun ?? 'item';
  const plural = options.plural ?? `${noun}s`;
  if (!Array.isArray(actual)) return `you returned ${show(actual, options.show)}, the baseline a list of ${expected.length} ${plural}`;
  if (actual.length !== expected.length) {
    return `you returned ${actual.length} ${actual.length === 1 ? noun : plural}, the baseline ${expected.length}`;
  }
  const same = options.same ?? sameValue;
  for (let i = 0; i < expected.length; i++) {
    if (!same(expected[i]!, actual[i])) {
      return `${noun} ${i + 1}: you returned ${show(actual[i], options.show)}, the baseline ${show(expected[i], options.show)}`;
    }
  }
  return null;
}

/** Primitives by Object.is, plain data by its JSON text. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}
