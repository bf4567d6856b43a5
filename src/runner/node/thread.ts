import { parentPort } from 'node:worker_threads';
import { serveThread, type ToThread } from '../threads.ts';

/** One thread of a pool, started by the verify command's worker. */
const port = parentPort!;
const handle = serveThread((message) => port.postMessage(message));
port.on('message', (message: ToThread) => void handle(message));
