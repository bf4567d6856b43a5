import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createThreads, type ThreadPort } from './threads.ts';

const spawn = (): ThreadPort => {
  const thread = new Worker(new URL('./node/thread.ts', import.meta.url));
  return {
    post: (m) => thread.postMessage(m),
    onMessage: (l) => thread.on('message', l),
    terminate: () => void thread.terminate(),
  };
};

const moduleUrl = `data:text/javascript;base64,${Buffer.from(`
  import { threadId } from 'node:worker_threads';
  export function square(x) { return x * x; }
  export function whoAmI() { const until = Date.now() + 30; while (Date.now() < until) {} return threadId; }
  export function boom() { throw new RangeError('no'); }
`).toString('base64')}`;

describe('thread pool', () => {
  it('runs a module export on real threads and spreads tasks over them', async () => {
    const threads = createThreads(2, moduleUrl, spawn);
    try {
      const pool = await threads.pool(2);
      expect(await Promise.all([1, 2, 3].map((x) => pool.run('square', x)))).toEqual([1, 4, 9]);
      const ids = await Promise.all(Array.from({ length: 4 }, () => pool.run<number>('whoAmI')));
      expect(new Set(ids).size).toBe(2);
      expect(await threads.pool(2)).toBe(pool);
    } finally {
      threads.close();
    }
  });

  it('reports errors thrown on a thread, and a missing export by name', async () => {
    const threads = createThreads(2, moduleUrl, spawn);
    try {
      const pool = await threads.pool(1);
      await expect(pool.run('boom')).rejects.toMatchObject({ name: 'RangeError', message: 'no' });
      await expect(pool.run('nothing')).rejects.toThrow(/must export a function named `nothing`/);
      await expect(threads.pool(0)).rejects.toThrow(RangeError);
    } finally {
      threads.close();
    }
  });
});
