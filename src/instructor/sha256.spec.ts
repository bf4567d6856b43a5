import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.ts';

const reference = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches node:crypto across block boundaries and for non-ASCII text', () => {
    for (const n of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 5000]) {
      const text = 'x'.repeat(n);
      expect(sha256Hex(text), `length ${n}`).toBe(reference(text));
    }
    for (const text of ['Zoë Ångström', '東京 🚀', '{"learner":"Ada"}']) expect(sha256Hex(text)).toBe(reference(text));
  });
});
