import { show } from '../kit/show.ts';

/**
 * Where two snippets' answers first differ, as a phrase that follows "for
 * input #2 ": "at [3].total: `b` returned 41, `a` returned 42". Null when
 * they agree. Both answers are plain-data copies (structured clones), so
 * arrays, objects, Maps, Sets and Dates are all it needs to know.
 */
export function firstDifference(expected: unknown, actual: unknown, names: { expected: string; actual: string }): string | null {
  const found = differ(expected, actual, '', 0);
  if (!found) return null;
  const at = found.path === '' ? '' : `at ${found.path}: `;
  let [got, wanted] = [show(found.actual), show(found.expected)];
  // A Date and its text, or 1 and "1", look alike once quoted: then their kinds tell them apart.
  if (got === wanted) [got, wanted] = [`${got} (${kindOf(found.actual)})`, `${wanted} (${kindOf(found.expected)})`];
  return `${at}\`${names.actual}\` returned ${got}, \`${names.expected}\` returned ${wanted}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  if (Array.isArray(value)) return 'an array';
  const name = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

interface Found {
  path: string;
  expected: unknown;
  actual: unknown;
}

const MAX_DEPTH = 50;

function differ(a: unknown, b: unknown, path: string, depth: number): Found | undefined {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return undefined;
  const here = { path, expected: a, actual: b };
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > MAX_DEPTH) return here;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return here;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime() ? undefined : here;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return { path: join(path, '.length'), expected: a.length, actual: other.length };
    for (let i = 0; i < a.length; i++) {
      const inner = differ(a[i], other[i], join(path, `[${i}]`), depth + 1);
      if (inner) return inner;
    }
    return undefined;
  }
  if (a instanceof Set || a instanceof Map) {
    const other = b as Set<unknown> | Map<unknown, unknown>;
    if (a.size !== other.size) return { path: join(path, '.size'), expected: a.size, actual: other.size };
    return differ([...a], [...other], join(path, ' (in order)'), depth + 1);
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  const missing = keysA.find((k) => !Object.hasOwn(b, k));
  if (missing !== undefined) return { path: join(path, `.${missing}`), expected: (a as Record<string, unknown>)[missing], actual: undefined };
  const extra = keysB.find((k) => !Object.hasOwn(a, k));
  if (extra !== undefined) return { path: join(path, `.${extra}`), expected: undefined, actual: (b as Record<string, unknown>)[extra] };
  for (const key of keysA) {
    const inner = differ((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], join(path, `.${key}`), depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function join(path: string, step: string): string {
  return path === '' ? step.replace(/^[. ]/, '') : `${path}${step}`;
}
