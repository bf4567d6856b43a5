import { parentPort } from 'node:worker_threads';
import { HEARTBEAT_MS } from '../watchdog.ts';
import type { WorkerMessage } from '../protocol.ts';

/**
 * The worker thread's heartbeat: it stops while synchronous code holds the
 * thread, so the watchdog knows a loop from slow work. (An early exit needs
 * nothing here: the thread's exit event reaches the host at once.) Not
 * unref'd: the host ends this thread when the run is over.
 */
setInterval(() => parentPort!.postMessage({ type: 'alive' } satisfies WorkerMessage), HEARTBEAT_MS);
