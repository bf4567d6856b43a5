import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PlaygroundFile } from './file.ts';
import { decodeLink, encodeLink, MAX_DECODED_BYTES, MAX_LINK_CHARS } from './link.ts';
import type { SharedResults } from './shared-results.ts';

const file: PlaygroundFile = {
  options: { title: 'A/A', baseline: 'a', size: 100, compare: true },
  setup: 'export function setup({ size }) { return size; }',
  snippets: [
    { name: 'a', code: 'export function run(n) { return n * 2; }' },
    { name: 'b', code: 'export function run(n) { return n + n; } // ünïcödé ✓' },
  ],
};

const results: SharedResults = {
  label: 'Chrome 141 on Linux, 2 cores',
  at: '2026-12-04T21:00:00.000Z',
  crossOriginIsolated: true,
  timerTickMs: 0.005,
  baseline: 'a',
  snippets: [
    { name: 'a', time: { median: 0.001, low: 0.0009, high: 0.0011 } },
    { name: 'b', time: { median: 0.001, low: 0.0009, high: 0.0011 }, speedup: { median: 1, low: 0.8, high: 1.2 }, comparison: 'same' },
  ],
};

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('a playground link', () => {
  it('carries the whole playground, and its results when asked', () => {
    expect(decodeLink(encodeLink(file))).toEqual({ ok: true, file, results: [] });
    expect(decodeLink(encodeLink(file, [results]))).toEqual({ ok: true, file, results: [results] });
  });

  it('uses only characters a URL fragment keeps', () => {
    expect(encodeLink(file)).toMatch(/^#pg1\.[A-Za-z0-9_-]+$/);
  });

  it('is no playground at all when the fragment is empty or another anchor', () => {
    expect(decodeLink('')).toEqual({ ok: 'empty' });
    expect(decodeLink('#results')).toEqual({ ok: 'empty' });
  });

  it('says a cut link is cut, wherever it was cut', () => {
    const link = encodeLink(file);
    for (const keep of [8, 20, link.length - 12, link.length - 1]) {
      const decoded = decodeLink(link.slice(0, keep));
      expect(decoded, `cut to ${keep}`).toMatchObject({ ok: false, problem: 'truncated' });
    }
  });

  it('says a changed character is damage, not a playground', () => {
    const link = encodeLink(file);
    const at = Math.floor(link.length / 2);
    const changed = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
    expect(decodeLink(changed)).toMatchObject({ ok: false });
    expect((decodeLink(changed) as { problem: string }).problem).toMatch(/truncated|invalid/);
  });

  it('says characters outside base64url are not from a playground link', () => {
    expect(decodeLink('#pg1.abc%20def')).toMatchObject({ ok: false, problem: 'not-base64', message: expect.stringMatching(/Copy the whole link again/) });
  });

  it('names a format it cannot read', () => {
    expect(decodeLink('#pg2.abcd')).toMatchObject({ ok: false, problem: 'version', message: expect.stringMatching(/format 2/) });
  });

  it('refuses a link too long to be one, before decoding it', () => {
    expect(decodeLink(`#pg1.${'A'.repeat(MAX_LINK_CHARS + 1)}`)).toMatchObject({ ok: false, problem: 'too-large' });
  });

  it('refuses a small link that inflates into a large one', () => {
    const bomb = zlibSync(new Uint8Array(MAX_DECODED_BYTES * 4).fill(32), { level: 9 });
    expect(base64url(bomb).length).toBeLessThan(MAX_LINK_CHARS);
    expect(decodeLink(`#pg1.${base64url(bomb)}`)).toMatchObject({ ok: false, problem: 'too-large', message: expect.stringMatching(/Download as file/) });
  });

  it('says a link whose content is not a playground cannot be opened, and why', () => {
    const wrong = base64url(zlibSync(new TextEncoder().encode(JSON.stringify({ file: { ...file, snippets: [] } }))));
    expect(decodeLink(`#pg1.${wrong}`)).toMatchObject({ ok: false, problem: 'invalid', message: expect.stringMatching(/at least 2 snippets/) });
  });
});
