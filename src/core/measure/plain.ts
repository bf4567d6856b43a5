import { NotPlainDataError } from './errors.ts';

/**
 * The timed region ends only when the output is fully materialised: a
 * plain-data copy (structured clone). Getters run now, inside the timed
 * region; a Proxy, a function or a promise left inside cannot be copied and
 * is refused. The check reads the copy, never the learner's live object.
 */
export function materialise<O>(value: O): O {
  try {
    return structuredClone(value);
  } catch (error) {
    throw new NotPlainDataError(describeUncopyable(value, error));
  }
}

function describeUncopyable(value: unknown, error: unknown): string {
  const path = findUncopyable(value, 'the result', new WeakSet(), 0);
  if (path) return path;
  return error instanceof Error ? error.message : String(error);
}

/** The first place in a value that structured clone refuses, named like "the result.items[3]: a Promise". */
function findUncopyable(value: unknown, where: string, seen: WeakSet<object>, depth: number): string | undefined {
  if (typeof value === 'function') return `${where} is a function`;
  if (typeof value === 'symbol') return `${where} is a symbol`;
  if (value === null || typeof value !== 'object' || depth > 20) return undefined;
  if (seen.has(value)) return undefined;
  seen.add(value);
  if (value instanceof Promise) return `${where} is a Promise: await it before returning`;
  try {
    structuredClone(value);
    return undefined;
  } catch {
    // Something inside (or the object itself) cannot be copied: look deeper.
  }
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return `${where} is a Proxy`;
  }
  for (const key of keys) {
    let inner: unknown;
    try {
      inner = (value as Record<string, unknown>)[key];
    } catch {
      return `reading ${where}.${key} threw`;
    }
    const found = findUncopyable(inner, Array.isArray(value) ? `${where}[${key}]` : `${where}.${key}`, seen, depth + 1);
    if (found) return found;
  }
  return `${where} cannot be copied (a Proxy, or an object with hidden behaviour)`;
}
