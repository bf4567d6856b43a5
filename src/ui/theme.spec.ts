import { describe, expect, it } from 'vitest';
import { resolveScheme } from './theme.ts';

describe('resolveScheme', () => {
  it('follows the system until the learner chooses', () => {
    expect(resolveScheme(null, true)).toBe('dark');
    expect(resolveScheme(null, false)).toBe('light');
  });

  it('keeps the learner’s choice whatever the system says', () => {
    expect(resolveScheme('light', true)).toBe('light');
    expect(resolveScheme('dark', false)).toBe('dark');
  });

  it('ignores a stored value it does not know', () => {
    expect(resolveScheme('sepia', true)).toBe('dark');
  });
});
