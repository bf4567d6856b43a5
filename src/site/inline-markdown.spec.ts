import { describe, expect, it } from 'vitest';
import { inlineMarkdown } from './inline-markdown.ts';

describe('inlineMarkdown', () => {
  it('renders code, bold and emphasis', () => {
    expect(inlineMarkdown('Use `Promise.all` **now**, *maybe*')).toBe('Use <code>Promise.all</code> <strong>now</strong>, <em>maybe</em>');
  });
  it('escapes HTML, also inside code', () => {
    expect(inlineMarkdown('<script>`a<b`')).toBe('&lt;script&gt;<code>a&lt;b</code>');
  });
});
