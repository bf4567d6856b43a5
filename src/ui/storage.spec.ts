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
  it('keeps the last 20 versions of a lesson, newest first, each code once', () => {
    const store = createLearnerStore(memoryStore());
    for (let i = 1; i <= 25; i++) store.keepVersion('04-caching', `version ${i}`, 'run');
    store.keepVersion('04-caching', 'version 24', 'reset');
    const history = store.history('04-caching');
    expect(history).toHaveLength(20);
    expect(history.map((v) => v.code).slice(0, 3)).toEqual(['version 24', 'version 25', 'version 23']);
    expect(history[0]!.why).toBe('reset');
    expect(history.map((v) => v.code)).not.toContain('version 5');
    expect(store.history('05-data-structures')).toEqual([]);
  });

  it('keeps the newest versions when storage fills up', () => {
    const memory = memoryStore();
    const store = createLearnerStore({
      ...memory,
      setItem: (k, v) => {
        if (v.length > 200) throw new Error('QuotaExceededError');
        memory.setItem(k, v);
      },
    });
    for (let i = 1; i <= 10; i++) store.keepVersion('04-caching', `code ${i} ${'x'.repeat(30)}`, 'run');
    const history = store.history('04-caching');
    expect(history.length).toBeGreaterThan(0);
    expect(history[0]!.code).toMatch(/^code 10 /);
  });

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

  it('keeps the counters and the browser of the best passing run, for exporting results', () => {
    const store = createLearnerStore(memoryStore());
    const chrome = { runtime: 'worker' as const, version: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' };
    store.recordRun('08-batching', false, 1, { counters: { cartRoundTrips: 100 }, env: chrome });
    expect(store.progress()['08-batching']!.best).toBeUndefined();
    store.recordRun('08-batching', true, 20, { counters: { cartRoundTrips: 2 }, env: chrome });
    store.recordRun('08-batching', true, 12, { counters: { cartRoundTrips: 4 }, env: { runtime: 'node', version: 'Node v24.21.0' } });
    store.recordRun('08-batching', false, 1, { counters: { cartRoundTrips: 100 }, env: chrome });
    const entry = store.progress()['08-batching']!;
    expect(entry).toMatchObject({ passed: true, bestSpeedup: 20, best: { counters: { cartRoundTrips: 2 }, runtime: 'worker', browser: 'Chrome 156 on Linux' } });
    expect(entry.best!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // A run in a WebContainer names the page's browser, which its env does not.
    store.recordRun('08-batching', true, 25, { counters: {}, env: { runtime: 'webcontainer', version: 'WebContainer' }, userAgent: chrome.version });
    expect(store.progress()['08-batching']!.best).toMatchObject({ runtime: 'webcontainer', browser: 'Chrome 156 on Linux' });
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
