import { runInWorker, type WorkerPort } from '../controller.ts';
import type { Runtime } from '../runtime.ts';

/** Runs lessons in a fresh module Web Worker per run. Works offline and in every modern browser. */
export function createWorkerRuntime(reason = 'runs in your browser, offline too'): Runtime {
  const createWorker = (): WorkerPort => {
    const worker = new Worker(new URL('./runner.ts', import.meta.url), { type: 'module', name: 'lesson-runner' });
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
      onError: (listener) =>
        worker.addEventListener('error', (event) => {
          event.preventDefault();
          listener(event.message || 'the worker failed to load');
        }),
      terminate: () => worker.terminate(),
    };
  };
  return {
    kind: 'worker',
    reason,
    run: (request, handlers) =>
      runInWorker(createWorker, request, handlers, {
        env: {
          runtime: 'worker',
          version: navigator.userAgent,
          crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
          timerTickMs: 0,
        },
      }),
  };
}
