import type { ExerciseModule, ThreadPool, Threads } from '../core/lesson.ts';
import { outsideWorkBegins } from '../core/clock.ts';
import { BoundaryError, evaluateInSandbox, lockdownOnce } from './sandbox.ts';

/**
 * A pool of real threads that run exports of one learner module, shared by
 * every runtime. A runtime only says how to start one thread (`spawn`); the
 * pool hands each task to the thread with the fewest tasks in flight.
 */

/** Messages to and from a pool thread. */
export type ToThread = { type: 'load'; module: ThreadModule } | { type: 'run'; id: number; name: string; args: unknown[] };

/** The learner's transpiled code, which each thread evaluates in a sandbox of its own. */
export interface ThreadModule {
  code: string;
  sourceUrl: string;
}
export type FromThread = { type: 'loaded' } | { type: 'done'; id: number; value: unknown } | { type: 'failed'; id: number; message: string; name: string; boundary: boolean };

export interface ThreadPort {
  post(message: ToThread): void;
  onMessage(listener: (message: FromThread) => void): void;
  terminate(): void;
}

export function createThreads(cores: number, module: ThreadModule, spawn: () => ThreadPort): Threads & { close(): void } {
  const pools = new Map<number, Promise<ThreadPool>>();
  const ports: ThreadPort[] = [];
  return {
    cores,
    pool(size) {
      if (!Number.isInteger(size) || size < 1 || size > 64) return Promise.reject(new RangeError(`a pool needs 1 to 64 threads, not ${size}`));
      let pool = pools.get(size);
      if (!pool) {
        pool = startPool(size);
        pools.set(size, pool);
      }
      return pool;
    },
    close() {
      for (const port of ports) port.terminate();
    },
  };

  async function startPool(size: number): Promise<ThreadPool> {
    const threads = Array.from({ length: size }, () => {
      const port = spawn();
      ports.push(port);
      const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
      let resolveLoaded!: () => void;
      const loaded = new Promise<void>((resolve) => (resolveLoaded = resolve));
      port.onMessage((message) => {
        // A thread's reply is a turn the virtual clock did not schedule (see outsideWorkBegins).
        outsideWorkBegins();
        if (message.type === 'loaded') return resolveLoaded();
        const task = pending.get(message.id);
        if (!task) return;
        pending.delete(message.id);
        if (message.type === 'done') task.resolve(message.value);
        // Only the thread's sandbox can say it refused something: an error the code named so itself is an error.
        else task.reject(message.boundary ? new BoundaryError(message.message) : Object.assign(new Error(message.message), { name: message.name }));
      });
      port.post({ type: 'load', module });
      return { port, pending, loaded };
    });
    await Promise.all(threads.map((t) => t.loaded));
    let nextId = 0;
    return {
      size,
      run<T>(name: string, ...args: unknown[]): Promise<T> {
        const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
        const id = nextId++;
        return new Promise<T>((resolve, reject) => {
          thread.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          thread.port.post({ type: 'run', id, name, args });
        });
      },
    };
  }
}

/**
 * The body of a pool thread, for any runtime: lock the thread's built-ins
 * down, evaluate the module once in a sandbox, then run its exports on
 * request. The learner's functions see no `postMessage` here either.
 */
export function serveThread(post: (message: FromThread) => void): (message: ToThread) => Promise<void> {
  let mod: ExerciseModule | undefined;
  return async (message) => {
    if (message.type === 'load') {
      lockdownOnce();
      mod = evaluateInSandbox(message.module.code, { sourceUrl: message.module.sourceUrl, seed: 1, console: () => {} });
      post({ type: 'loaded' });
      return;
    }
    try {
      const fn = mod?.[message.name];
      if (typeof fn !== 'function') throw new TypeError(`your file must export a function named \`${message.name}\` to run it on a thread`);
      post({ type: 'done', id: message.id, value: await (fn as (...a: unknown[]) => unknown)(...message.args) });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ type: 'failed', id: message.id, message: e.message, name: e.name, boundary: error instanceof BoundaryError });
    }
  };
}
