import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { LessonSpec } from '../../core/lesson.ts';
import { timerTickMs } from '../../core/timer.ts';
import type { HostMessage } from '../protocol.ts';
import { runSession, type SessionHost } from '../session.ts';

/** A Node worker thread that runs one lesson comparison, for the verify command. */

const port = parentPort;
if (!port) throw new Error('this file runs as a worker thread');

const root = path.resolve(import.meta.dirname, '../../..');

const host: SessionHost = {
  env: {
    runtime: 'node',
    version: `Node ${process.version}`,
    crossOriginIsolated: false,
    timerTickMs: timerTickMs(),
  },
  async loadSpec(slug) {
    const file = path.join(root, 'exercises', slug, 'spec.ts');
    const mod = (await import(pathToFileURL(file).href)) as { default: LessonSpec<any, any> };
    return mod.default;
  },
  post: (message) => port.postMessage(message),
  cores: availableParallelism(),
  spawnThread() {
    const thread = new Worker(new URL('./thread.ts', import.meta.url));
    return {
      post: (message) => thread.postMessage(message),
      onMessage: (listener) => thread.on('message', listener),
      terminate: () => void thread.terminate(),
    };
  },
};

port.on('message', (message: HostMessage) => {
  if (message.type === 'start') void runSession(host, message.request);
});
