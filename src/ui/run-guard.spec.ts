import { describe, expect, it } from 'vitest';
import { createRunGuard, quietNotice } from './run-guard.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('run guard', () => {
  it('finds nothing after a run that ended', () => {
    const storage = memoryStorage();
    const guard = createRunGuard(storage, '05-data-structures');
    guard.begin();
    guard.end();
    expect(createRunGuard(storage, '05-data-structures').takeInterrupted()).toBe(false);
  });

  it('finds a run that never ended, once, and only for its lesson', () => {
    const storage = memoryStorage();
    createRunGuard(storage, '05-data-structures').begin(); // then the page died
    expect(createRunGuard(storage, '06-database').takeInterrupted()).toBe(false);
    const next = createRunGuard(storage, '05-data-structures');
    expect(next.takeInterrupted()).toBe(true);
    expect(next.takeInterrupted()).toBe(false);
  });

  it('lets the run go on when storage refuses', () => {
    const refusing = { getItem: () => null, setItem: () => { throw new Error('quota'); }, removeItem: () => {} };
    const guard = createRunGuard(refusing, 'x');
    expect(() => guard.begin()).not.toThrow();
    expect(guard.takeInterrupted()).toBe(false);
  });

  it('says how long a run has been quiet, in whole seconds, and points to Stop', () => {
    expect(quietNotice(3_250)).toBe('No progress for 3 s. If a loop never ends or a promise never settles, press Stop.');
  });
});
