import { availableParallelism } from 'node:os';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { parentPort, Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { LessonSpec } from '../../core/lesson.ts';
import { timerTickMs } from '../../core/timer.ts';
import type { HostMessage } from '../protocol.ts';
import { SAMPLER_SCRIPT } from '../line-sampler.ts';
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
  profiler: {
    // The inspector of this thread: what it samples is the run's own code.
    async profile(during) {
      const session = new Session();
      session.connect();
      try {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
        await during();
        return (await session.post('Profiler.stop')).profile;
      } finally {
        session.disconnect();
      }
    },
  },
  spawnThread() {
    const thread = new Worker(new URL('./thread.ts', import.meta.url));
    return {
      post: (message) => thread.postMessage(message),
      onMessage: (listener) => thread.on('message', listener),
      terminate: () => void thread.terminate(),
    };
  },
  startSampler() {
    const thread = new Worker(SAMPLER_SCRIPT, { eval: true });
    return {
      post: (message) => thread.postMessage(message),
      onMessage: (listener) => thread.on('message', listener),
      terminate: () => void thread.terminate(),
    };
  },
};

port.on('message', (message: HostMessage) => {
  if (message.type !== 'start') return;
  // A function the compilers inline into its caller shows in a profile as its caller: a run that is
  // profiled compiles without inlining from its first call, so each function keeps its own name and line.
  if (message.request.profile) for (const flag of ['--no-turbo-inlining', '--no-maglev-inlining']) setFlagsFromString(flag);
  void runSession(host, message.request);
});
