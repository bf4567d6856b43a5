import { Worker } from 'node:worker_threads';
import { timerTickMs } from '../../core/timer.ts';
import { runInWorker, type ContextExit, type RunHandle, type RunHandlers, type WorkerPort } from '../controller.ts';
import type { RunRequest } from '../protocol.ts';

/**
 * The heap a run may use. Every lesson needs far less (PGlite's memory is
 * WebAssembly, outside this heap). Past it, code that grows without end is
 * stopped with a message instead of taking the machine's memory.
 */
export const MEMORY_LIMIT_MB = 160;
const MEMORY_CHECK_MS = 250;

/**
 * Runs a comparison in a fresh Node worker thread, with the same watchdog as
 * the page. Its result comes once the thread has ended, not only once it has
 * answered: a thread torn down while the next run's thread compiles PGlite's
 * WebAssembly can crash the whole process (V8's JIT-page bookkeeping is the
 * process's, nodejs/node#64500), so runs one after another never overlap.
 */
export function runInNode(request: RunRequest, handlers: RunHandlers = {}): RunHandle {
  const ended: Promise<unknown>[] = [];
  const createWorker = (): WorkerPort => {
    // The resource limit alone would stop it only after V8's last-ditch collections, many seconds
    // later on a busy machine; the heap is read every 250 ms (it is answered even while the
    // thread is held by a loop) and the run ends as soon as it is past the limit.
    const worker = new Worker(new URL('./runner.ts', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB } });
    ended.push(new Promise((resolve) => worker.once('exit', resolve)));
    const exitListeners: ((exit: ContextExit) => void)[] = [];
    const outOfMemory = () => exitListeners.forEach((listener) => listener({ reason: 'out-of-memory', limitMb: MEMORY_LIMIT_MB }));
    let reportedOutOfMemory = false;
    const memoryWatch = setInterval(async () => {
      const heap = await worker.getHeapStatistics().catch(() => undefined);
      if (heap && heap.used_heap_size > MEMORY_LIMIT_MB * 1024 * 1024 && !reportedOutOfMemory) {
        reportedOutOfMemory = true;
        outOfMemory();
      }
    }, MEMORY_CHECK_MS);
    worker.on('exit', () => clearInterval(memoryWatch));
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      onError: (listener) =>
        worker.on('error', (error: Error & { code?: string }) => {
          if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') reportedOutOfMemory = true;
          else listener(error.message);
        }),
      onExit: (listener) => {
        exitListeners.push(listener);
        worker.on('exit', (code) => (reportedOutOfMemory ? outOfMemory() : listener({ reason: 'exited', code })));
      },
      terminate: () => {
        clearInterval(memoryWatch);
        void worker.terminate();
      },
    };
  };
  const run = runInWorker(createWorker, request, handlers, {
    env: { runtime: 'node', version: `Node ${process.version}`, crossOriginIsolated: false, timerTickMs: timerTickMs() },
  });
  return { ...run, result: run.result.then(async (result) => (await threadsEnded(ended), result)) };
}

/** A thread that does not end within this long (a teardown that hangs) is not waited for any more. */
const END_WAIT_MS = 5_000;

function threadsEnded(ended: Promise<unknown>[]): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cap = new Promise((resolve) => (timer = setTimeout(resolve, END_WAIT_MS)));
  timer?.unref();
  return Promise.race([Promise.all(ended), cap]).finally(() => clearTimeout(timer));
}
