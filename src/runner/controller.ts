import type { Progress } from '../core/measure.ts';
import { failedRun, type Environment, type RunResult } from '../core/result.ts';
import type { ConsoleLevel, HostMessage, RunRequest, WorkerMessage } from './protocol.ts';

/**
 * The host side of a run: starts a fresh isolated context, forwards progress
 * and console output, and enforces the watchdog. The learner's code can hold
 * its thread forever (`while (true) {}`); only the host can end that, by
 * terminating the context. Used by the page (Web Worker) and by the verify
 * command (worker thread) alike.
 */

/** The little a host needs from a worker, whatever kind it is. */
export interface WorkerPort {
  post(message: HostMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Errors the context could not report itself (it failed to load, or crashed). */
  onError(listener: (message: string) => void): void;
  terminate(): void;
}

export interface RunHandlers {
  onProgress?(progress: Progress): void;
  onConsole?(level: ConsoleLevel, text: string): void;
}

export interface RunHandle {
  result: Promise<RunResult>;
  /** Ends the run at once; the result says it was stopped. */
  stop(): void;
}

export interface ControllerOptions {
  /** Time allowed to load the engine and the lesson before the learner's code runs. */
  bootBudgetMs?: number;
  /** What the host knows about the runtime, for results it has to write itself. */
  env: Environment;
}

export function runInWorker(
  createWorker: () => WorkerPort,
  request: RunRequest,
  handlers: RunHandlers,
  options: ControllerOptions,
): RunHandle {
  const started = performance.now();
  const worker = createWorker();
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let budgetMs = options.bootBudgetMs ?? 30_000;
  let learnerStarted = false;
  let resolveResult!: (result: RunResult) => void;
  const result = new Promise<RunResult>((resolve) => (resolveResult = resolve));

  const finish = (outcome: RunResult) => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
    worker.terminate();
    resolveResult(outcome);
  };

  const hostFailure = (kind: 'timeout' | 'stopped' | 'error', message: string, verdict: RunResult['verdict']) =>
    failedRun({ lesson: { slug: request.slug }, env: options.env, kind, message, verdict, durationMs: performance.now() - started });

  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      const seconds = Math.round(budgetMs / 1000);
      finish(
        learnerStarted
          ? hostFailure('timeout', `stopped after ${seconds} s without progress: does a loop never end, or a promise never settle?`, 'fail')
          : hostFailure('error', `the runner did not start within ${seconds} s; reload the page and try again`, 'error'),
      );
    }, budgetMs);
  };

  worker.onMessage((message) => {
    if (finished) return;
    switch (message.type) {
      case 'started':
        learnerStarted = true;
        budgetMs = message.budgetMs;
        arm();
        break;
      case 'progress':
        arm();
        handlers.onProgress?.(message.progress);
        break;
      case 'console':
        handlers.onConsole?.(message.level, message.text);
        break;
      case 'result':
        finish(message.result);
        break;
    }
  });
  worker.onError((message) => {
    if (!finished) finish(hostFailure('error', `the runner crashed: ${message}`, 'error'));
  });

  arm();
  worker.post({ type: 'start', request });
  return {
    result,
    stop: () => finish(hostFailure('stopped', 'stopped: you pressed Stop before the run finished', 'error')),
  };
}
