import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  decodeResultsCode,
  encodeResultsCode,
  findCodes,
  integrityOf,
  readResultsText,
  resultsFileName,
  resultsToJson,
  sealResults,
  validateResults,
  type LessonResult,
  type ResultsFile,
} from './results-format.ts';

const at = '2026-11-29T10:15:00.000Z';

function sample(learner = 'Ada Lovelace'): ResultsFile {
  const lessons: Record<string, LessonResult> = {
    '03-concurrency': {
      passed: true,
      bestSpeedup: 3.0412345,
      counters: { pageOverBest: 1, lookupOverBest: 1.0812345678, peakInFlight: 5 },
      runtime: 'worker',
      browser: 'Chrome 156 on Linux',
      at,
    },
    '01-async-io': { passed: false, bestSpeedup: null, counters: {}, runtime: null, browser: null, at },
  };
  return sealResults({ learner, exportedAt: new Date('2026-11-29T12:00:00Z'), lessons });
}

/** What a learner editing the downloaded file by hand would do. */
function edited(results: ResultsFile, edit: (raw: any) => void): string {
  const raw = JSON.parse(resultsToJson(results));
  edit(raw);
  return JSON.stringify(raw, null, 2);
}

describe('results format: sealing', () => {
  it('writes a versioned, sorted payload with a digest over it', () => {
    const results = sample();
    expect(results).toMatchObject({ format: 'fast-under-load/results', version: 1, learner: 'Ada Lovelace', exportedAt: '2026-11-29T12:00:00.000Z' });
    expect(Object.keys(results.lessons)).toEqual(['01-async-io', '03-concurrency']);
    expect(results.integrity).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(integrityOf(results)).toBe(results.integrity);
  });

  it('rounds figures so the code stays short, and drops counters that are not finite numbers', () => {
    const results = sealResults({
      learner: '  Bo  ',
      lessons: {
        '05-data-structures': { passed: true, bestSpeedup: 52.123456, counters: { a: 1.23456789, b: NaN, c: Infinity }, runtime: 'worker', browser: 'x', at },
      },
    });
    expect(results.learner).toBe('Bo');
    expect(results.lessons['05-data-structures']).toMatchObject({ bestSpeedup: 52.12, counters: { a: 1.23457 } });
  });

  it('refuses to export without a name', () => {
    expect(() => sealResults({ learner: '   ', lessons: {} })).toThrow();
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('makes a file name from the learner name', () => {
    expect(resultsFileName(sample('Zoë O’Brien'))).toBe('fast-under-load-results-zoe-o-brien.json');
    expect(resultsFileName(sample('東京'))).toBe('fast-under-load-results-learner.json');
  });
});

describe('results format: reading files', () => {
  it('reads back what it wrote, pretty-printed or with its keys in another order', async () => {
    const results = sample();
    expect(await readResultsText(resultsToJson(results))).toEqual([{ ok: true, results }]);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(results).reverse()));
    expect(await readResultsText(reordered)).toEqual([{ ok: true, results }]);
  });

  it('rejects a file changed after export', async () => {
    const results = sample();
    for (const tamper of [
      (raw: any) => (raw.lessons['01-async-io'].passed = true),
      (raw: any) => (raw.lessons['03-concurrency'].bestSpeedup = 300),
      (raw: any) => (raw.lessons['03-concurrency'].counters.peakInFlight = 4),
      (raw: any) => (raw.learner = 'Someone Else'),
      (raw: any) => delete raw.lessons['01-async-io'],
    ]) {
      const [outcome] = await readResultsText(edited(results, tamper));
      expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/changed after export/) });
    }
  });

  it('rejects malformed files with the field that is wrong', async () => {
    const results = sample();
    const cases: [(raw: any) => void, RegExp][] = [
      [(raw) => (raw.lessons['03-concurrency'].bestSpeedup = 'fast'), /malformed: lessons\.03-concurrency\.bestSpeedup/],
      [(raw) => (raw.lessons['03-concurrency'].runtime = 'toaster'), /malformed: lessons\.03-concurrency\.runtime/],
      [(raw) => (raw.lessons['not a slug'] = raw.lessons['01-async-io']), /malformed: lessons\.not a slug/],
      [(raw) => (raw.extra = 1), /malformed/],
      [(raw) => delete raw.integrity, /malformed: integrity/],
      [(raw) => (raw.integrity = 'md5-abc'), /malformed: integrity/],
      [(raw) => (raw.learner = ''), /malformed: learner/],
      [(raw) => (raw.exportedAt = 'yesterday'), /malformed: exportedAt/],
    ];
    for (const [edit, message] of cases) {
      const [outcome] = await readResultsText(edited(results, edit));
      expect(outcome).toEqual({ ok: false, error: expect.stringMatching(message) });
    }
  });

  it('says what is wrong with files that are not results at all', async () => {
    const first = async (text: string) => (await readResultsText(text))[0];
    expect(await first('')).toEqual({ ok: false, error: 'is empty' });
    expect(await first('{"format": "fast-under-load/results", "version": 1, ')).toEqual({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(await first('{"name": "package.json"}')).toEqual({ ok: false, error: expect.stringMatching(/not a results file/) });
    expect(await first('[1, 2]')).toEqual({ ok: false, error: expect.stringMatching(/neither a results file nor a results code/) });
    expect(await first('hello')).toEqual({ ok: false, error: expect.stringMatching(/neither a results file nor a results code/) });
    expect(await first(JSON.stringify({ ...sample(), version: 2 }))).toEqual({ ok: false, error: expect.stringMatching(/newer version/) });
    expect(await first(`{"x": "${'a'.repeat(70_000)}"}`)).toEqual({ ok: false, error: expect.stringMatching(/too large/) });
    expect(validateResults(null)).toEqual({ ok: false, error: expect.stringMatching(/not a results file/) });
  });
});

describe('results format: short codes', () => {
  it('round-trips through a short, chat-safe code', async () => {
    const results = sample();
    const code = await encodeResultsCode(results);
    expect(code).toMatch(/^FUL1\.[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThan(600);
    expect(await decodeResultsCode(code)).toEqual({ ok: true, results });
  });

  it('stays short for a full day of lessons', async () => {
    const lessons: Record<string, LessonResult> = {};
    for (let i = 1; i <= 10; i++) {
      lessons[`${String(i).padStart(2, '0')}-lesson-number-${i}`] = {
        passed: true,
        bestSpeedup: 1 + i * 1.37,
        counters: { roundTrips: 2 + i, blockedMs: 0.5 * i, overBest: 1.01 + i / 100, peakInFlight: 5, dbReads: 1000 + 17 * i },
        runtime: 'worker',
        browser: 'Firefox 140 on macOS',
        at,
      };
    }
    const code = await encodeResultsCode(sealResults({ learner: 'Grace Hopper', lessons }));
    expect(code.length).toBeLessThan(1500);
  });

  it('finds several codes in pasted chat text, and reads each', async () => {
    const a = await encodeResultsCode(sample('Ada'));
    const b = await encodeResultsCode(sample('Bo'));
    const chat = `[10:01] Ada: ${a}\n[10:02] Bo: here you go ${b} thanks!`;
    expect(findCodes(chat)).toEqual([a, b]);
    const outcomes = await readResultsText(chat);
    expect(outcomes.map((o) => (o.ok ? o.results.learner : o.error))).toEqual(['Ada', 'Bo']);
  });

  it('rejects a code cut short, a code with a changed character, and a forged one', async () => {
    const code = await encodeResultsCode(sample());
    expect(await decodeResultsCode(code.slice(0, -20))).toEqual({ ok: false, error: expect.stringMatching(/not a complete results code/) });
    const flipped = code.slice(0, 40) + (code[40] === 'A' ? 'B' : 'A') + code.slice(41);
    expect((await decodeResultsCode(flipped)).ok).toBe(false);
    // A code re-encoded from an edited payload decodes fine, but its digest no longer matches.
    const forged = { ...sample(), learner: 'Mallory' };
    expect(await decodeResultsCode(await encodeResultsCode(forged))).toEqual({ ok: false, error: expect.stringMatching(/changed after export/) });
    expect(await decodeResultsCode('FUL1.!!!')).toEqual({ ok: false, error: expect.stringMatching(/not a complete results code/) });
    expect(await decodeResultsCode('hello')).toEqual({ ok: false, error: expect.stringMatching(/not a results code/) });
  });

  it('reads the plain form written where the browser has no CompressionStream', async () => {
    const results = sample();
    const json = new TextEncoder().encode(canonicalJson(results));
    const plain = `FUL0.${Buffer.from(json).toString('base64url')}`;
    expect(await decodeResultsCode(plain)).toEqual({ ok: true, results });
  });

  it('refuses a code that inflates past the size limit', async () => {
    const huge = new TextEncoder().encode(`{"a":"${'x'.repeat(500_000)}"}`);
    const stream = new Blob([huge]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    const bomb = `FUL1.${Buffer.from(packed).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(5000);
    expect(await decodeResultsCode(bomb)).toEqual({ ok: false, error: expect.stringMatching(/not a complete results code/) });
  });
});
