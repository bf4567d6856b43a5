/// <reference lib="webworker" />
import type { LessonSpec } from '../../core/lesson.ts';
import { timerTickMs } from '../../core/timer.ts';
import type { HostMessage } from '../protocol.ts';
import { SAMPLER_SCRIPT } from '../line-sampler.ts';
import { startModuleWorker } from './module-worker.ts';
import { fetchThroughPage } from './page-fetch.ts';
import threadUrl from './thread.ts?worker&url';
import { prepareLesson, runSession, type PreparedLesson, type SessionHost } from '../session.ts';

/**
 * The Web Worker that runs one comparison. The page starts a fresh one for
 * every run and terminates it afterwards, so nothing a run leaves behind
 * (timers, globals, a loop that never ends) can touch the next. It starts it
 * ahead of the Run click, with the lesson prepared (see `prepare` in
 * protocol.ts); the learner's code arrives only with `start`.
 */

// In the runner frame, whose requests use no cache, the lesson's files come through the page (page-fetch.ts).
if (self.origin === 'null') fetchThroughPage(import.meta.url);

const specs = import.meta.glob<{ default: LessonSpec<any, any> }>('/exercises/*/spec.ts');

const host: SessionHost = {
  env: {
    runtime: 'worker',
    version: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    timerTickMs: timerTickMs(),
  },
  async loadSpec(slug) {
    const load = specs[`/exercises/${slug}/spec.ts`];
    if (!load) throw new Error(`there is no lesson called "${slug}"`);
    return (await load()).default;
  },
  post: (message) => self.postMessage(message),
  cores: navigator.hardwareConcurrency || 1,
  spawnThread() {
    const thread = startModuleWorker(new URL(threadUrl, import.meta.url), 'pool-thread');
    return {
      post: (message) => thread.postMessage(message),
      onMessage: (listener) => thread.addEventListener('message', (event) => listener(event.data)),
      terminate: () => thread.terminate(),
    };
  },
  startSampler() {
    // A classic worker from a script of its own: it imports nothing, so it starts the same in the frame and the page.
    const thread = new Worker(URL.createObjectURL(new Blob([SAMPLER_SCRIPT], { type: 'text/javascript' })), { name: 'line-sampler' });
    return {
      post: (message) => thread.postMessage(message),
      onMessage: (listener) => thread.addEventListener('message', (event) => listener(event.data)),
      terminate: () => thread.terminate(),
    };
  },
};

let prepared: Promise<PreparedLesson> | undefined;

self.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'prepare') {
    prepared = prepareLesson(host, message.slug, message.sources, message.seed);
    // A failure here is the run's to report, with the rest of its result.
    prepared.catch(() => {});
  }
  if (message.type === 'start') void runSession(host, message.request, prepared);
});
