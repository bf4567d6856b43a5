import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createThreads, type ThreadPort } from './threads.ts';
import { transpile } from './transform.ts';

const spawn = (): ThreadPort => {
  const thread = new Worker(new URL('./node/thread.ts', import.meta.url));
  return {
    post: (m) => thread.postMessage(m),
    onMessage: (l) => thread.on('message', l),
    terminate: () => void thread.terminate(),
  };
};

// Each thread evaluates its own copy of the module, so each has its own \`served\` count.
const module = {
  sourceUrl: 'pool-test.ts',
  code: transpile(`
    let served = 0;
    export function square(x: number) { return x * x; }
    export function howManyHere() { const until = Date.now() + 30; while (Date.now() < until) {} return ++served; }
    export function boom() { throw new RangeError('no'); }
    export function escape() { return typeof postMessage + ' ' + typeof process; }
  `),
};

describe('thread pool', () => {
  it('runs a module export on real threads and spreads tasks over them', async () => {
    const threads = createThreads(2, module, spawn);
    try {
      const pool = await threads.pool(2);
      expect(await Promise.all([1, 2, 3].map((x) => pool.run('square', x)))).toEqual([1, 4, 9]);
      // Four slow tasks over two threads: each thread serves two, so no count passes 2.
      const counts = await Promise.all(Array.from({ length: 4 }, () => pool.run<number>('howManyHere')));
      expect(Math.max(...counts)).toBe(2);
      expect(await threads.pool(2)).toBe(pool);
    } finally {
      threads.close();
    }
  });

  it('reports errors thrown on a thread, and a missing export by name', async () => {
    const threads = createThreads(2, module, spawn);
    try {
      const pool = await threads.pool(1);
      await expect(pool.run('boom')).rejects.toMatchObject({ name: 'RangeError', message: 'no' });
      await expect(pool.run('nothing')).rejects.toThrow(/must export a function named `nothing`/);
      await expect(threads.pool(0)).rejects.toThrow(RangeError);
      // The thread's sandbox has no channel to post on and no Node APIs: reaching for one is refused.
      await expect(pool.run('escape')).rejects.toMatchObject({ name: 'BoundaryError', message: expect.stringMatching(/reached for `postMessage`/) });
    } finally {
      threads.close();
    }
  });
});
