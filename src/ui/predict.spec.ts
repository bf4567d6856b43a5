import { describe, expect, it } from 'vitest';
import { failedRun, type RunResult } from '../core/result.ts';
import { comparePrediction, loadPrediction, savePrediction, type PredictSpec } from './predict.ts';
import type { KeyValueStore } from './storage.ts';

function memory(): KeyValueStore {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const env = { runtime: 'worker' as const, version: 'test', crossOriginIsolated: true, timerTickMs: 0.005 };
function passed(speedup: number, counters: Record<string, number> = {}): RunResult {
  return {
    ...failedRun({ lesson: { slug: '08-batching' }, env, kind: 'slow', message: '' }),
    verdict: 'pass',
    correct: true,
    speedup: { median: speedup, low: speedup, high: speedup },
    sides: [{ side: 'candidate', time: { median: 1, low: 1, high: 1 }, counters, k: 1, samples: 1, rounds: 1 }],
  };
}

const speedupSpec: PredictSpec = { question: 'How many times faster?', unit: 'x' };
const counterSpec: PredictSpec = { question: 'How many round trips?', counter: 'cartRoundTrips', unit: 'round trips' };

describe('predict, then measure', () => {
  it('keeps a guess per lesson, reads "3x" as 3, and forgets an empty one', () => {
    const store = memory();
    expect(savePrediction(store, '03-concurrency', speedupSpec, ' 3x ')?.value).toBe(3);
    expect(loadPrediction(store, '03-concurrency')).toMatchObject({ value: 3, unit: 'x' });
    expect(savePrediction(store, '08-batching', counterSpec, '2')).toMatchObject({ value: 2, unit: 'round trips' });
    expect(loadPrediction(store, '05-data-structures')).toBeUndefined();
    expect(savePrediction(store, '03-concurrency', speedupSpec, '')).toBeUndefined();
    expect(loadPrediction(store, '03-concurrency')).toBeUndefined();
  });

  it('keeps nothing that is not a number, and survives a garbled entry', () => {
    const store = memory();
    expect(savePrediction(store, '08-batching', counterSpec, 'two')).toBeUndefined();
    expect(savePrediction(store, '08-batching', counterSpec, '-1')).toBeUndefined();
    store.setItem('perf-workshop:v1:prediction:08-batching', '{not json');
    expect(loadPrediction(store, '08-batching')).toBeUndefined();
  });

  it('puts the guess beside the speedup, or beside the lesson’s counter', () => {
    expect(comparePrediction(speedupSpec, { value: 3, unit: 'x', at: '' }, passed(2.99))).toBe('You predicted 3x; this run measured 2.99x.');
    expect(comparePrediction(counterSpec, { value: 2, unit: 'round trips', at: '' }, passed(13, { cartRoundTrips: 100 }))).toBe(
      'You predicted 2 round trips; this run measured 100 round trips.',
    );
  });

  it('names the counter it compares with, since its workload is not the timeline’s', () => {
    const result = { ...passed(13, { cartRoundTrips: 2 }), counterSpecs: [{ key: 'cartRoundTrips', label: 'round trips to price the 100-line cart', better: 'lower' as const }] };
    expect(comparePrediction(counterSpec, { value: 2, unit: 'round trips', at: '' }, result)).toBe('You predicted 2 round trips; this run measured 2 round trips (round trips to price the 100-line cart).');
  });

  it('says nothing beside a run that measured nothing: an error or a wrong answer', () => {
    const broken = failedRun({ lesson: { slug: '03-concurrency' }, env, kind: 'syntax', message: 'syntax error' });
    expect(comparePrediction(speedupSpec, { value: 3, unit: 'x', at: '' }, broken)).toBeUndefined();
    expect(comparePrediction(speedupSpec, { value: 3, unit: 'x', at: '' }, { ...passed(2), correct: false })).toBeUndefined();
  });
});
