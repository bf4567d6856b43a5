import { parentPort } from 'node:worker_threads';
import './worker.ts';
import { HEARTBEAT_MS } from '../watchdog.ts';
import type { WorkerMessage } from '../protocol.ts';

/**
 * The verify command's worker entry: the runner (worker.ts) plus a heartbeat,
 * which stops while synchronous code holds the thread, so the watchdog knows
 * a loop from slow work. (An early `process.exit()` needs nothing here: the
 * thread's exit event reaches the host at once.)
 */
// Not unref'd: the host ends this thread when the run is over.
setInterval(() => parentPort!.postMessage({ type: 'alive' } satisfies WorkerMessage), HEARTBEAT_MS);
