/// <reference lib="webworker" />
import { serveThread, type ToThread } from '../threads.ts';

/** One thread of a pool, nested inside the runner worker. */
const handle = serveThread((message) => self.postMessage(message));
self.addEventListener('message', (event: MessageEvent<ToThread>) => void handle(event.data));
