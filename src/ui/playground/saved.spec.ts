import { describe, expect, it } from 'vitest';
import type { PlaygroundFile } from '../../playground/file.ts';
import { createPlaygroundStore, MAX_SAVED } from './saved.ts';

const file: PlaygroundFile = {
  options: { title: 'x', baseline: 'a', size: 10, compare: true },
  setup: 'export function setup() { return 1; }',
  snippets: [
    { name: 'a', code: 'export function run() { return 1; }' },
    { name: 'b', code: 'export function run() { return 1; }' },
  ],
};

function memory() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k), data };
}

describe('playgrounds kept on the device', () => {
  it('keeps the draft being edited', () => {
    const store = createPlaygroundStore(memory());
    expect(store.loadDraft()).toBeUndefined();
    store.saveDraft(file);
    expect(store.loadDraft()).toEqual(file);
  });

  it('lists saved playgrounds newest first, one per name, up to a limit', () => {
    const store = createPlaygroundStore(memory());
    store.save('first', file, new Date(1000));
    store.save('second', file, new Date(2000));
    store.save('first', { ...file, options: { ...file.options, size: 20 } }, new Date(3000));
    expect(store.list().map((e) => [e.name, e.file.options.size])).toEqual([['first', 20], ['second', 10]]);
    for (let i = 0; i < MAX_SAVED + 5; i++) store.save(`n${i}`, file);
    expect(store.list()).toHaveLength(MAX_SAVED);
    store.remove(store.list()[0]!.id);
    expect(store.list()).toHaveLength(MAX_SAVED - 1);
  });

  it('drops what storage has damaged, and survives storage that refuses', () => {
    const backing = memory();
    backing.data.set('perf-workshop:v1:playground-draft', '{not json');
    backing.data.set('perf-workshop:v1:playgrounds', JSON.stringify([{ id: '1', name: 'ok', file }, { id: '2', name: 'bad', file: { snippets: [] } }]));
    const store = createPlaygroundStore(backing);
    expect(store.loadDraft()).toBeUndefined();
    expect(store.list().map((e) => e.name)).toEqual(['ok']);
    const full = createPlaygroundStore({ ...backing, setItem: () => { throw new Error('QuotaExceededError'); } });
    expect(full.save('x', file)).toBe(false);
  });
});
