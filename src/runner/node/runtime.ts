import { Worker } from 'node:worker_threads';
import { timerTickMs } from '../../core/timer.ts';
import { runInWorker, type RunHandle, type RunHandlers, type WorkerPort } from '../controller.ts';
import type { RunRequest } from '../protocol.ts';

/** Runs a comparison in a fresh Node worker thread, with the same watchdog as the page. */
export function runInNode(request: RunRequest, handlers: RunHandlers = {}): RunHandle {
  const createWorker = (): WorkerPort => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url));
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      onError: (listener) => {
        worker.on('error', (error) => listener(error.message));
        worker.on('exit', (code) => {
          if (code !== 0) listener(`the worker exited with code ${code}`);
        });
      },
      terminate: () => void worker.terminate(),
    };
  };
  return runInWorker(createWorker, request, handlers, {
    env: { runtime: 'node', version: `Node ${process.version}`, crossOriginIsolated: false, timerTickMs: timerTickMs() },
  });
}
