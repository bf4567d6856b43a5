import type { Profiler } from '../core/measure/profile.ts';

/**
 * A sampling line profiler that works in any worker of any browser, and in
 * Node: the profiled code writes the line it is on into shared memory
 * (line-marks.ts puts the writes in), and a thread of its own reads that slot
 * every `intervalMs` and counts what it finds. The JS Self-Profiling API
 * would need a window, and the runner is a worker.
 *
 * The slot holds 0 while none of the profiled program's lines is running.
 */

/** A thread running SAMPLER_SCRIPT: it is sent `{ buffer, intervalMs }`, answers 'ready', then the counts. */
export interface SamplerThread {
  post(message: { buffer: SharedArrayBuffer; intervalMs: number }): void;
  onMessage(listener: (message: unknown) => void): void;
  terminate(): void;
}

/**
 * What the sampler's thread runs: plain JavaScript, started from a string as a
 * classic worker in a browser or an `eval` worker thread in Node, whose
 * messages it speaks either way. Sent `{ buffer, intervalMs }`, it answers
 * 'ready', reads slot 0 until slot 1 is set, and answers the counts as
 * [line, samples] pairs.
 */
export const SAMPLER_SCRIPT = `
function sample(buffer, intervalMs) {
  const view = new Int32Array(buffer);
  const counts = new Map();
  for (;;) {
    Atomics.wait(view, 1, 0, intervalMs);
    if (Atomics.load(view, 1) !== 0) break;
    const line = view[0];
    counts.set(line, (counts.get(line) || 0) + 1);
  }
  return [...counts];
}
const port = typeof require === 'function' ? require('node:worker_threads').parentPort : undefined;
const send = (message) => (port ? port.postMessage(message) : postMessage(message));
const start = ({ buffer, intervalMs }) => {
  send('ready');
  send(sample(buffer, intervalMs));
};
if (port) port.on('message', start);
else onmessage = (event) => start(event.data);
`;

/** Between samples: often enough for a call of a few ms to show its lines, rarely enough to cost little. */
export const SAMPLE_INTERVAL_MS = 0.2;

export type LineCounts = [line: number, samples: number][];

/** What one profiled stretch gave: the samples by line, and how long it lasted (the samples may have come late). */
export interface LineSamples {
  counts: LineCounts;
  ms: number;
}

export interface LineSampler {
  /** What the profiled copies call before each statement (SandboxOptions.lineMark); 0 is "none of its lines". */
  mark(line: number): void;
  /** Resolves with the LineSamples taken while `during` ran. */
  profiler: Profiler;
}

/** A sampler, or undefined where memory cannot be shared between threads (a page that is not cross-origin isolated). */
export function createLineSampler(startThread: () => SamplerThread, intervalMs = SAMPLE_INTERVAL_MS): LineSampler | undefined {
  if (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated === false) return undefined;
  const buffer = new SharedArrayBuffer(8);
  const view = new Int32Array(buffer);
  return {
    mark(line) {
      view[0] = line;
    },
    profiler: {
      async profile(during) {
        view[0] = 0;
        Atomics.store(view, 1, 0);
        const thread = startThread();
        try {
          // Its two answers, in order: 'ready' once it samples, then the counts.
          const replies: ((message: unknown) => void)[] = [];
          const ready = new Promise((resolve) => replies.push(resolve));
          const counts = new Promise<unknown>((resolve) => replies.push(resolve));
          thread.onMessage((message) => replies.shift()?.(message));
          thread.post({ buffer, intervalMs });
          await ready;
          const t0 = performance.now();
          try {
            await during();
          } finally {
            Atomics.store(view, 1, 1);
            Atomics.notify(view, 1);
          }
          const ms = performance.now() - t0;
          return { counts: (await counts) as LineCounts, ms } satisfies LineSamples;
        } finally {
          thread.terminate();
        }
      },
    },
  };
}
