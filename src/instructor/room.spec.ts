import { describe, expect, it } from 'vitest';
import { sealResults, type LessonResult } from './results-format.ts';
import { addToRoom, browsersOf, lessonStats, unknownLessons } from './room.ts';

const pass = (bestSpeedup: number, browser = 'Chrome 156 on Linux'): LessonResult => ({
  passed: true,
  bestSpeedup,
  counters: { roundTrips: 2 },
  runtime: 'worker',
  browser,
  at: '2026-11-29T10:00:00.000Z',
});
const started: LessonResult = { passed: false, bestSpeedup: null, counters: {}, runtime: null, browser: null, at: '2026-11-29T10:00:00.000Z' };

const results = (learner: string, lessons: Record<string, LessonResult>, exportedAt = '2026-11-29T12:00:00Z') =>
  sealResults({ learner, lessons, exportedAt: new Date(exportedAt) });

describe('room', () => {
  it('keeps one entry per learner, the newest export winning, and says so', () => {
    const ada1 = results('Ada', { '03-concurrency': started }, '2026-11-29T11:00:00Z');
    const ada2 = results('  ada ', { '03-concurrency': pass(3) }, '2026-11-29T12:00:00Z');
    const bo = results('Bo', { '03-concurrency': pass(2.5) });
    let { learners, notices } = addToRoom([], [
      { source: 'ada-old.json', results: ada1 },
      { source: 'bo.json', results: bo },
      { source: 'ada.json', results: ada2 },
    ]);
    expect(learners.map((l) => [l.results.learner, l.source])).toEqual([
      ['ada', 'ada.json'],
      ['Bo', 'bo.json'],
    ]);
    expect(notices).toEqual(['ada.json: replaced the earlier results of Ada']);

    ({ learners, notices } = addToRoom(learners, [
      { source: 'ada-old-again.json', results: ada1 },
      { source: 'bo-copy.json', results: bo },
    ]));
    expect(learners).toHaveLength(2);
    expect(notices).toEqual([
      'ada-old-again.json: older than the results of ada already loaded, which are kept',
      'bo-copy.json: the results of Bo were already loaded',
    ]);
  });

  it('sums up each lesson: who tried, who passed, and the spread of speedups', () => {
    const { learners } = addToRoom([], [
      { source: 'a', results: results('A', { '03-concurrency': pass(3), '08-batching': pass(20) }) },
      { source: 'b', results: results('B', { '03-concurrency': pass(2), '08-batching': started }) },
      { source: 'c', results: results('C', { '03-concurrency': pass(5, 'Firefox 140 on macOS') }) },
      { source: 'd', results: results('D', { '03-concurrency': started, '99-elsewhere': pass(1.5) }) },
    ]);
    const [concurrency, batching, caching] = lessonStats(learners, ['03-concurrency', '08-batching', '04-caching']);
    expect(concurrency).toEqual({ slug: '03-concurrency', tried: 4, passed: 3, speedups: [2, 3, 5], median: 3, min: 2, max: 5, prediction: null });
    expect(batching).toMatchObject({ tried: 2, passed: 1, median: 20 });
    expect(caching).toMatchObject({ tried: 0, passed: 0, median: null, min: null });
    expect(lessonStats(learners.slice(0, 2), ['03-concurrency'])[0]!.median).toBe(2.5);
    expect(unknownLessons(learners, ['03-concurrency', '08-batching'])).toEqual(['99-elsewhere']);
    expect(browsersOf(learners[2]!.results)).toEqual(['Firefox 140 on macOS']);
  });

  it('gives the median of the room’s predictions, in the unit most guessed in', () => {
    const guess = (value: number, unit = 'x'): LessonResult => ({ ...started, prediction: { value, unit } });
    const { learners } = addToRoom([], [
      { source: 'a', results: results('A', { '08-batching': guess(2, 'round trips') }) },
      { source: 'b', results: results('B', { '08-batching': guess(10, 'round trips'), '03-concurrency': pass(3) }) },
      { source: 'c', results: results('C', { '08-batching': guess(4, 'round trips') }) },
      { source: 'd', results: results('D', { '08-batching': guess(7) }) },
    ]);
    const [batching, concurrency] = lessonStats(learners, ['08-batching', '03-concurrency']);
    expect(batching!.prediction).toEqual({ median: 4, unit: 'round trips', count: 3 });
    expect(concurrency!.prediction).toBeNull();
  });
});
