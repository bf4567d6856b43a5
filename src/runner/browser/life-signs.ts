/// <reference lib="webworker" />
import { HEARTBEAT_MS } from '../watchdog.ts';
import type { WorkerMessage } from '../protocol.ts';

/**
 * The two things only the runner's own thread can tell the page. A
 * heartbeat: while synchronous code holds the thread it stops, and the page
 * knows a loop from slow work. And an early `close()`: a closed worker sends
 * nothing more, so without this the page would wait for the watchdog.
 * Imported before the runner, so it beats while the runner loads.
 */
const post = (message: WorkerMessage) => self.postMessage(message);
setInterval(() => post({ type: 'alive' }), HEARTBEAT_MS);

const close = self.close.bind(self);
self.close = () => {
  post({ type: 'exiting' });
  close();
};
