import { runInWorker, type WorkerPort } from '../controller.ts';
import { PLAYGROUND_SLUG, type LessonSources } from '../protocol.ts';
import type { Runtime } from '../runtime.ts';
import { syntaxFailure } from '../syntax-check.ts';
import { startFramedWorker } from './frame.ts';
import { startModuleWorker } from './module-worker.ts';
import runnerUrl from './runner.ts?worker&url';

/**
 * Runs lessons in a fresh module Web Worker per run, inside a frame of its
 * own where it can be (frame.ts), so that a run out of memory ends the frame
 * and not the page. Works offline and in every modern browser. One worker
 * is kept ready ahead of the next run: the engine and the lesson loaded and
 * the lesson's own work done (06 starts its database), so a Run click only
 * adds the learner's code. It holds no
 * learner code until then, and each run still gets a worker no run has used.
 */
export function createWorkerRuntime(reason = 'runs in your browser, offline too'): Runtime {
  let spare: { slug: string; sources: LessonSources; port: WorkerPort } | undefined;

  const runner = new URL(runnerUrl, import.meta.url);
  const createWorker = (): WorkerPort => startFramedWorker(runner, 'lesson-runner', inPage);
  const inPage = (): WorkerPort => {
    const worker = startModuleWorker(runner, 'lesson-runner');
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
      onError: (listener) =>
        worker.addEventListener('error', (event) => {
          event.preventDefault();
          listener(event.message || 'the worker failed to load');
        }),
      terminate: () => worker.terminate(),
    };
  };

  const prepare = (slug: string, sources: LessonSources) => {
    if (spare?.slug === slug && spare.sources.baseline === sources.baseline && spare.sources.reference === sources.reference) return;
    spare?.port.terminate();
    const port = createWorker();
    // A playground has no lesson to prepare: a worker that has loaded the engine is ready.
    if (slug !== PLAYGROUND_SLUG) port.post({ type: 'prepare', slug, sources });
    spare = { slug, sources, port };
  };

  /** The spare if it was prepared for this lesson, else a fresh worker (the run then prepares the lesson itself). */
  const takeWorker = (slug: string): WorkerPort => {
    const taken = spare?.slug === slug ? spare : undefined;
    if (taken) spare = undefined;
    return taken?.port ?? createWorker();
  };

  return {
    kind: 'worker',
    reason,
    prepare,
    run: (request, handlers) => {
      const env = {
        runtime: 'worker' as const,
        version: navigator.userAgent,
        crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
        timerTickMs: 0,
      };
      // A file that does not compile is answered here, at once, and the spare stays ready.
      const unparsed = request.playground ? undefined : syntaxFailure(request.slug, request.sources.candidate, env);
      if (unparsed) return { result: Promise.resolve(unparsed), stop() {} };
      const handle = runInWorker(() => takeWorker(request.slug), request, handlers, { env });
      // The next run's worker gets ready while the learner reads this one's result.
      void handle.result.then(() => {
        const { baseline, reference } = request.sources;
        prepare(request.slug, { baseline, reference });
      });
      return handle;
    },
  };
}
