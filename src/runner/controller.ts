import type { Progress } from '../core/measure.ts';
import { failedRun, type Environment, type RunResult } from '../core/result.ts';
import type { ConsoleLevel, HostMessage, RunRequest, WorkerMessage } from './protocol.ts';
import { createWatchdog, defaultLimits, type WatchdogLimits } from './watchdog.ts';

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
  /** The context ended by itself, where the runtime can tell how. */
  onExit?(listener: (exit: ContextExit) => void): void;
  terminate(): void;
}

export type ContextExit =
  /** It reached its memory limit (Node's `resourceLimits`). */
  | { reason: 'out-of-memory'; limitMb: number }
  /** It ended before sending its result. */
  | { reason: 'exited'; code: number }
  /** Its process died with no word (in a browser, almost always memory: see browser/frame.ts). */
  | { reason: 'crashed' };

export interface RunHandlers {
  onProgress?(progress: Progress): void;
  onConsole?(level: ConsoleLevel, text: string): void;
  /** The run has been quiet for `quietMs` (undefined: it moved on again); the learner may want Stop. */
  onQuiet?(quietMs: number | undefined): void;
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
  /** The watchdog's limits; the defaults suit every lesson. */
  limits?: Partial<WatchdogLimits>;
}

/** More console lines than the session forwards (it caps them at 200) means a flood. */
export const CONSOLE_FLOOD_LINES = 200;
const CHECK_EVERY_MS = 250;

export function memoryMessage(limitMb: number): string {
  return `your code used more than ${limitMb} MB of memory; does something grow without end?`;
}

/** Where the limit is the browser's own, unknown to the page. */
export const CRASH_MESSAGE =
  'your code used more memory than the browser allows, and the browser ended the run; your code is kept. Does something grow without end?';

export function runInWorker(
  createWorker: () => WorkerPort,
  request: RunRequest,
  handlers: RunHandlers,
  options: ControllerOptions,
): RunHandle {
  const started = performance.now();
  const limits: WatchdogLimits = { ...defaultLimits, ...options.limits, ...(options.bootBudgetMs ? { bootMs: options.bootBudgetMs } : {}) };
  const watchdog = createWatchdog(limits, started);
  const worker = createWorker();
  let finished = false;
  let learnerStarted = false;
  let quiet = false;
  let consoleLines = 0;
  let resolveResult!: (result: RunResult) => void;
  const result = new Promise<RunResult>((resolve) => (resolveResult = resolve));

  const finish = (outcome: RunResult) => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    worker.terminate();
    if (quiet) handlers.onQuiet?.(undefined);
    resolveResult(outcome);
  };

  const hostFailure = (kind: 'timeout' | 'stopped' | 'error', message: string, verdict: RunResult['verdict']) =>
    failedRun({ lesson: { slug: request.slug }, env: options.env, kind, message, verdict, durationMs: performance.now() - started });

  const check = () => {
    if (finished) return;
    const state = watchdog.check(performance.now());
    if (state.state === 'stop') {
      const seconds = Math.round(state.afterMs / 1000);
      if (state.reason === 'boot') {
        finish(hostFailure('error', `the runner did not start within ${seconds} s; reload the page and try again`, 'error'));
      } else if (state.reason === 'busy') {
        finish(
          hostFailure(
            'timeout',
            `stopped after ${seconds} s in which your code never paused: does a loop never end, or does something grow without end and fill the memory?`,
            'fail',
          ),
        );
      } else {
        finish(
          hostFailure(
            'timeout',
            `stopped after ${seconds} s without progress: does a promise never settle, or does a timer keep running (and perhaps grow something without end)?`,
            'fail',
          ),
        );
      }
      return;
    }
    const nowQuiet = state.state === 'quiet';
    if (nowQuiet) handlers.onQuiet?.(state.quietMs);
    else if (quiet) handlers.onQuiet?.(undefined);
    quiet = nowQuiet;
  };
  const timer = setInterval(check, CHECK_EVERY_MS);

  worker.onMessage((message) => {
    if (finished) return;
    const now = performance.now();
    switch (message.type) {
      case 'started':
        learnerStarted = true;
        watchdog.started(message.budgetMs, now);
        break;
      case 'progress':
        watchdog.progress(now);
        handlers.onProgress?.(message.progress);
        check();
        break;
      case 'alive':
        watchdog.heartbeat(now);
        break;
      case 'console':
        watchdog.heartbeat(now);
        consoleLines += 1;
        if (consoleLines >= CONSOLE_FLOOD_LINES) {
          finish(
            hostFailure(
              'error',
              `stopped: your code printed ${CONSOLE_FLOOD_LINES} lines or more. A print inside a loop that runs thousands of times floods the page and slows the timing; print less, or only once.`,
              'error',
            ),
          );
          break;
        }
        handlers.onConsole?.(message.level, message.text);
        break;
      case 'exiting':
        finish(exitedEarly(message.code));
        break;
      case 'result':
        finish(message.result);
        break;
    }
  });
  worker.onError((message) => {
    if (!finished) finish(hostFailure('error', `the runner crashed: ${message}`, 'error'));
  });
  worker.onExit?.((exit) => {
    if (finished) return;
    if (exit.reason === 'out-of-memory') finish(hostFailure('error', memoryMessage(exit.limitMb), 'error'));
    else if (exit.reason === 'crashed') finish(hostFailure('error', CRASH_MESSAGE, 'error'));
    else finish(exitedEarly(exit.code));
  });

  function exitedEarly(code: number | undefined): RunResult {
    const how = code === undefined ? '' : ` with code ${code}`;
    return learnerStarted
      ? hostFailure('error', `your code ended the runner${how} before the result (process.exit() or close()?); a lesson's functions only return their answer`, 'error')
      : hostFailure('error', `the runner ended${how} before it started; reload the page and try again`, 'error');
  }

  worker.post({ type: 'start', request });
  return {
    result,
    stop: () => finish(hostFailure('stopped', 'stopped: you pressed Stop before the run finished', 'error')),
  };
}
