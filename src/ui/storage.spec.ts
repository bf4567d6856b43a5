import { describe, expect, it } from 'vitest';
import { createLearnerStore, type KeyValueStore } from './storage.ts';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('learner store', () => {
  it('keeps code per lesson', () => {
    const store = createLearnerStore(memoryStore());
    store.saveCode('03-concurrency', 'a');
    store.saveCode('05-data-structures', 'b');
    expect(store.loadCode('03-concurrency')).toBe('a');
    expect(store.loadCode('05-data-structures')).toBe('b');
    store.forgetCode('03-concurrency');
    expect(store.loadCode('03-concurrency')).toBeNull();
  });

  it('keeps a lesson passed after a later failing run, and the best speedup', () => {
    const store = createLearnerStore(memoryStore());
    store.recordRun('05-data-structures', true, 30);
    store.recordRun('05-data-structures', false, 1);
    store.recordRun('05-data-structures', true, 20);
    expect(store.progress()['05-data-structures']).toMatchObject({ passed: true, bestSpeedup: 30 });
  });

  it('survives corrupt progress data and a full disk', () => {
    const backing = memoryStore();
    backing.data.set('perf-workshop:v1:progress', '{not json');
    const store = createLearnerStore(backing);
    expect(store.progress()).toEqual({});
    const full: KeyValueStore = { ...backing, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(createLearnerStore(full).saveCode('x', 'y')).toBe(false);
  });
});
