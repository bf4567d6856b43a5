import { describe, expect, it } from 'vitest';
import { createLearnerStore, type KeyValueStore } from '../ui/storage.ts';
import { exportResults, lessonsFromProgress } from './export.ts';
import { readResultsText, resultsToJson } from './results-format.ts';

function memoryStore(): KeyValueStore {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const chrome = { runtime: 'worker' as const, version: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' };

describe('export my results', () => {
  it('turns the learner store into a results file the facilitator view accepts', async () => {
    const store = createLearnerStore(memoryStore());
    store.recordRun('03-concurrency', true, 3.04, { counters: { pageOverBest: 1, peakInFlight: 5 }, env: chrome });
    store.recordRun('04-caching', false, 1, { counters: { dbReads: 4800 }, env: chrome });
    const guesses: Record<string, { value: number; unit: string; at: string }> = { '03-concurrency': { value: 2.5, unit: 'x', at: '2026-11-29T11:00:00Z' } };
    const results = exportResults('Ada', store.progress(), new Date('2026-11-29T12:00:00Z'), (slug) => guesses[slug]);
    expect(results.lessons['03-concurrency']).toMatchObject({
      passed: true,
      bestSpeedup: 3.04,
      counters: { pageOverBest: 1, peakInFlight: 5 },
      runtime: 'worker',
      browser: 'Chrome 156 on Linux',
      prediction: { value: 2.5, unit: 'x' },
    });
    expect(results.lessons['04-caching']).not.toHaveProperty('prediction');
    expect(results.lessons['04-caching']).toMatchObject({ passed: false, bestSpeedup: null, counters: {}, runtime: null, browser: null });
    expect(await readResultsText(resultsToJson(results))).toEqual([{ ok: true, results }]);
  });

  it('copes with progress written before the best run was kept, and with junk', () => {
    const lessons = lessonsFromProgress({
      '05-data-structures': { passed: true, bestSpeedup: 40, lastRun: '2026-11-01T09:00:00.000Z' },
      'not-a-slug': { passed: true, lastRun: 'x' },
      '01-async-io': { passed: false, lastRun: 'garbage' },
    });
    expect(lessons).toEqual({
      '05-data-structures': { passed: true, bestSpeedup: 40, counters: {}, runtime: null, browser: null, at: '2026-11-01T09:00:00.000Z' },
      '01-async-io': { passed: false, bestSpeedup: null, counters: {}, runtime: null, browser: null, at: null },
    });
  });
});
