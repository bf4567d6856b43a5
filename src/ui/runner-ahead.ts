import { loadComparisonSources } from '../lessons/sources.ts';
import { createWorkerRuntime } from '../runner/browser/runtime.ts';
import type { Runtime } from '../runner/runtime.ts';

/**
 * The page's one Web Worker runtime, and a way to start getting it ready
 * before the editor has loaded. The editor is the page's largest download;
 * the runner's own start (06 opens its database) need not wait for it, so
 * a learner who presses Run as soon as the editor shows waits less. Only the
 * lesson's own programs go to the runner here, never the learner's code.
 */
let runtime: Runtime | undefined;

export function pageWorkerRuntime(): Runtime {
  runtime ??= createWorkerRuntime();
  return runtime;
}

/** Gets `runtime` ready for `slug` with the lesson's baseline and reference; a failure here only costs time. */
export function prepareRunner(runtime: Runtime, slug: string): Promise<void> {
  return loadComparisonSources(slug)
    .then((sources) => runtime.prepare?.(slug, sources))
    .catch(() => {});
}

/** Starts the page's worker runtime for `slug` before the editor has loaded. */
export function prepareRunnerAhead(slug: string): Promise<void> {
  return prepareRunner(pageWorkerRuntime(), slug);
}
