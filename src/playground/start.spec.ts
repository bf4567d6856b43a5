import { describe, expect, it } from 'vitest';
import { failedRun, type RunResult } from '../core/result.ts';
import type { RunHandle } from '../runner/controller.ts';
import type { RunRequest } from '../runner/protocol.ts';
import type { PlaygroundFile } from './file.ts';
import { startPlayground } from './start.ts';

/** A lesson's playground is one lesson run per snippet; here each run is answered at once with a made-up result. */

const env = { runtime: 'node' as const, version: 'Node test', crossOriginIsolated: false, timerTickMs: 0.001 };

const file: PlaygroundFile = {
  options: { title: 'versions', baseline: 'baseline', size: 1, compare: true, lesson: '05-data-structures' },
  setup: '',
  snippets: [
    { name: 'baseline', code: 'export function f() {}' },
    { name: 'mine', code: 'export function f() {}' },
    { name: 'other', code: 'export function f() {}' },
  ],
};

const interval = (median: number) => ({ median, low: median * 0.9, high: median * 1.1 });

function measured(baselineMs: number, candidateMs: number): RunResult {
  const side = (s: 'baseline' | 'candidate', ms: number) => ({ side: s, time: interval(ms), counters: {}, k: 1, samples: 4, rounds: 4, ...(s === 'candidate' ? { speedup: interval(baselineMs / ms) } : {}) });
  return {
    slug: '05-data-structures', verdict: 'pass', correct: true, speedup: interval(baselineMs / candidateMs), target: 8, timing: 'wall', counterSpecs: [], gates: [],
    message: 'correct', sides: [side('baseline', baselineMs), side('candidate', candidateMs)], env, durationMs: 1,
    protocol: { looks: 1, confidence: 0.9875, margin: 0.27, spread: 'measurement' },
  };
}

function runner(answers: Record<string, RunResult>) {
  const requests: RunRequest[] = [];
  const start = (request: RunRequest): RunHandle => {
    requests.push(request);
    return { result: Promise.resolve(answers[request.pairOf!.candidate]!), stop() {} };
  };
  return { requests, start };
}

describe('a playground of a lesson', () => {
  it('runs each snippet against the baseline snippet, and puts the pairs into one report', async () => {
    const { requests, start } = runner({ mine: measured(100, 10), other: measured(90, 100) });
    const result = await startPlayground(file, start, {}, { env }).result;
    expect(requests.map((r) => [r.slug, r.pairOf, r.sources.baseline === file.snippets[0]!.code])).toEqual([
      ['05-data-structures', { baseline: 'baseline', candidate: 'mine' }, true],
      ['05-data-structures', { baseline: 'baseline', candidate: 'other' }, true],
    ]);
    const report = result.playground!;
    expect(report.snippets.map((s) => [s.name, s.time.median, s.comparison])).toEqual([
      ['baseline', 100, undefined],
      ['mine', 10, 'faster'],
      ['other', 100, 'slower'],
    ]);
    expect(report.lesson).toEqual({ slug: '05-data-structures', spread: 'measurement' });
  });

  it('names the snippet a pair failed in (the baseline snippet here), and stops there', async () => {
    // The runner says whose code it was (RunRequest.pairOf): the baseline snippet's.
    const threw = failedRun({ lesson: { slug: '05-data-structures' }, env, kind: 'error', message: 'your code threw RangeError: no (line 3)', line: 3, part: 'baseline' });
    const { requests, start } = runner({ mine: threw, other: measured(1, 1) });
    const result = await startPlayground(file, start, {}, { env }).result;
    expect(requests).toHaveLength(1);
    expect(result.message).toBe('snippet `baseline` threw RangeError: no (line 3)');
    expect(result.failure).toMatchObject({ part: 'baseline', line: 3 });
  });

  it('says which snippets disagree', async () => {
    const wrong = { ...failedRun({ lesson: { slug: '05-data-structures' }, env, kind: 'incorrect', message: 'incorrect: for input #2 you returned 3, the baseline 4' }), correct: false };
    const result = await startPlayground(file, runner({ mine: wrong }).start, {}, { env }).result;
    expect(result.message).toBe('`mine` and `baseline` disagree, so nothing was timed: for input #2 you returned 3, the baseline 4');
    expect(result.failure?.part).toBe('mine');
  });

  it('names a snippet that does not compile before running any', async () => {
    const broken = { ...file, snippets: [file.snippets[0]!, { name: 'mine', code: 'export function f( {' }, file.snippets[2]!] };
    const { requests, start } = runner({});
    const result = await startPlayground(broken, start, {}, { env }).result;
    expect(requests).toHaveLength(0);
    expect(result.failure).toMatchObject({ kind: 'syntax', part: 'mine' });
    expect(result.message).toMatch(/^snippet `mine`: syntax error/);
  });

  it('runs no further pair once stopped', async () => {
    let release!: () => void;
    const requests: RunRequest[] = [];
    const start = (request: RunRequest): RunHandle => {
      requests.push(request);
      return { result: new Promise((resolve) => (release = () => resolve(measured(2, 1)))), stop: () => release() };
    };
    const handle = startPlayground(file, start, {}, { env });
    await Promise.resolve();
    handle.stop();
    const result = await handle.result;
    expect(requests).toHaveLength(1);
    expect(result.failure?.kind).toBe('stopped');
  });
});
