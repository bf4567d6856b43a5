import { describe, expect, it } from 'vitest';
import { formatPlayground, parsePlayground, PlaygroundFormatError, validatePlayground, type PlaygroundFile } from './file.ts';

const file: PlaygroundFile = {
  options: { title: 'includes vs Set.has', baseline: 'includes', size: 50, sizes: [10, 100, 1000], compare: true },
  setup: 'export function setup({ rng, size }) {\n  return Array.from({ length: size }, () => rng.int(0, 100));\n}',
  snippets: [
    { name: 'includes', code: 'export function run(items) {\n  return items.includes(7);\n}' },
    { name: 'Set.has', code: 'export function run(items) {\n  return new Set(items).has(7);\n}' },
  ],
};

describe('the playground file', () => {
  it('reads back what it wrote', () => {
    expect(parsePlayground(formatPlayground(file))).toEqual(file);
  });

  it('keeps blank lines inside a part, and reads Windows line ends', () => {
    const spaced = { ...file, setup: 'const a = 1;\n\n\nexport function setup() {\n  return a;\n}' };
    expect(parsePlayground(formatPlayground(spaced).replace(/\n/g, '\r\n')).setup).toBe(spaced.setup);
  });

  it('fills in the defaults', () => {
    const parsed = validatePlayground({ ...file, options: { baseline: 'includes', size: 5 } });
    expect(parsed.options).toEqual({ title: '', baseline: 'includes', size: 5, compare: true });
  });

  it.each([
    ['a file of another kind', 'export const x = 1;', /no "\/\/\/ @playground 1" line/],
    ['a later format', formatPlayground(file).replace('@playground 1', '@playground 2'), /format 2/],
    ['broken options', formatPlayground(file).replace(/@options .*/, '@options {nope'), /line 4: the options are not valid JSON/],
    ['a baseline that is not a snippet', formatPlayground({ ...file, options: { ...file.options, baseline: 'x' } }), /the baseline "x" is not one of the snippets/],
    ['one snippet', formatPlayground({ ...file, snippets: file.snippets.slice(0, 1) }), /at least 2 snippets/],
    ['two snippets of one name', formatPlayground({ ...file, snippets: [file.snippets[0]!, file.snippets[0]!] }), /two snippets are named "includes"/],
    ['a size of zero', formatPlayground({ ...file, options: { ...file.options, size: 0 } }), /sizes start at 1 \(the input size\)/],
  ])('refuses %s with a reason', (_, text, reason) => {
    expect(() => parsePlayground(text)).toThrow(PlaygroundFormatError);
    expect(() => parsePlayground(text)).toThrow(reason);
  });
});
