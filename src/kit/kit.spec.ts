import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { createMeter, firstDifference, list, sealed, show, shuffled } from './index.ts';

describe('show', () => {
  it('quotes values briefly and never throws', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(show(undefined)).toBe('undefined');
    expect(show(Promise.resolve(1))).toBe('a Promise');
    expect(show(() => 1)).toBe('a function');
    expect(show(10n)).toBe('10n');
    expect(show(cycle)).toBe('[object Object]');
    expect(show([1, 2, 3], { lists: 'count' })).toBe('a list of 3');
    expect(show('x'.repeat(100), { max: 10 })).toBe('"xxxxxx...');
    const hostile = { get then() { throw new Error('no'); } };
    expect(() => show(hostile)).not.toThrow();
  });
  it('lists a few items and counts the rest', () => {
    expect(list(['a', 'b'])).toBe('a, b');
    expect(list(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
});

describe('shuffled', () => {
  it('is seeded and leaves its input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const a = shuffled(createRng(1), input);
    expect(shuffled(createRng(1), input)).toEqual(a);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...a].sort()).toEqual(input);
  });
});

describe('firstDifference', () => {
  it('names the length, then the first differing item', () => {
    expect(firstDifference([1, 2], [1, 2])).toBeNull();
    expect(firstDifference([1, 2], [1], { noun: 'order' })).toBe('you returned 1 order, the baseline 2');
    expect(firstDifference([{ a: 1 }, { a: 2 }], [{ a: 1 }, { a: 3 }])).toBe('item 2: you returned {"a":3}, the baseline {"a":2}');
    expect(firstDifference([1], 'x')).toBe('you returned "x", the baseline a list of 1 items');
  });
});

describe('createMeter', () => {
  it('counts and keeps peaks', () => {
    const m = createMeter(['calls']);
    m.add('calls');
    m.add('calls', 2);
    m.peak('inFlight', 3);
    m.peak('inFlight', 1);
    expect(m.read()).toEqual({ calls: 3, inFlight: 3 });
  });
});

describe('sealed', () => {
  it('freezes deeply, and private state still changes', () => {
    class Counter {
      #n = 0;
      hit() {
        this.#n += 1;
        return this.#n;
      }
    }
    const services = sealed({ db: { limit: 3 }, counter: new Counter() });
    expect(Object.isFrozen(services.db)).toBe(true);
    expect(() => {
      (services.db as { limit: number }).limit = 99;
    }).toThrow(TypeError);
    expect(services.counter.hit()).toBe(1);
    expect(services.counter.hit()).toBe(2);
  });
});
