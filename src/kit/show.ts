/**
 * How a spec quotes a value back to the learner in a message: short, and
 * never throwing, whatever the learner returned (a cycle, a BigInt, a promise).
 */
export interface ShowOptions {
  /** Longest text before it is cut with "..." (default 60). */
  max?: number;
  /** `count` shows an array as "a list of 3" instead of its contents. */
  lists?: 'json' | 'count';
}

export function show(value: unknown, options: ShowOptions = {}): string {
  const max = options.max ?? 60;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return String(value);
  if (isThenable(value)) return 'a Promise';
  if (Array.isArray(value) && options.lists === 'count') return `a list of ${value.length}`;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) text = Object.prototype.toString.call(value);
  return text.length > max ? `${text.slice(0, Math.max(0, max - 3))}...` : text;
}

function isThenable(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}

/** "u1, u2, u3", or "u1, u2, u3, u4, u5 and 7 more". */
export function list(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
