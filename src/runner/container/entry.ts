/**
 * The runner program inside a container: `node runner.mjs request.json`.
 * Built into one file with every lesson's spec beside it (see bundle.ts), so
 * a container needs no `npm install`, which would need the public registry.
 * It runs the same session as the Web Worker and speaks the same protocol,
 * one message per stdout line.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LessonSpec } from '../../core/lesson.ts';
import { timerTickMs } from '../../core/timer.ts';
import type { RunRequest } from '../protocol.ts';
import { runSession, type SessionHost } from '../session.ts';
import { MESSAGE_PREFIX } from './container.ts';

const here = path.dirname(process.argv[1]!);
const request = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as RunRequest;
const inWebContainer = Boolean((process.versions as Record<string, string | undefined>).webcontainer);

const host: SessionHost = {
  env: {
    runtime: inWebContainer ? 'webcontainer' : 'node',
    version: `Node ${process.version}${inWebContainer ? ' (WebContainer)' : ''}`,
    crossOriginIsolated: false,
    timerTickMs: timerTickMs(),
  },
  async loadSpec(slug) {
    const file = path.join(here, 'specs', `${slug}.mjs`);
    return ((await import(pathToFileURL(file).href)) as { default: LessonSpec<any, any> }).default;
  },
  post: (message) => void process.stdout.write(`${MESSAGE_PREFIX}${JSON.stringify(message)}\n`),
  cores: availableParallelism(),
  spawnThread() {
    const thread = new Worker(path.join(here, 'thread.mjs'));
    return {
      post: (message) => thread.postMessage(message),
      onMessage: (listener) => thread.on('message', listener),
      terminate: () => void thread.terminate(),
    };
  },
};

await runSession(host, request);
// Pool threads and timers must not keep the process alive after the verdict.
process.exit(0);
