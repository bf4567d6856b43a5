import { fitGrowth } from '../core/growth-fit.ts';
import type { Progress } from '../core/measure.ts';
import { failedRun, playgroundRun, type Environment, type RunResult } from '../core/result.ts';
import type { RunHandle, RunHandlers } from '../runner/controller.ts';
import { PLAYGROUND_SLUG, type RunRequest } from '../runner/protocol.ts';
import { syntaxFailure } from '../runner/syntax-check.ts';
import type { PlaygroundFile } from './file.ts';
import { compare, type PlaygroundReport, type SnippetFigures } from './report.ts';

/**
 * Starts a playground run on a runtime (the page's worker, `npm run bench`'s
 * Node thread), whichever kind of playground it is:
 * - a playground with a setup is one request, compared inside the runner
 *   (src/runner/playground-session.ts);
 * - a playground of a lesson (`options.lesson`) is one ordinary lesson run
 *   per snippet against the baseline snippet, each in a fresh runner, with
 *   the lesson's inputs, checks, counters and protocol; their results are
 *   put together here.
 */
export type StartRun = (request: RunRequest, handlers: RunHandlers) => RunHandle;

export function startPlayground(file: PlaygroundFile, start: StartRun, handlers: RunHandlers, options: { env: Environment; seed?: number }): RunHandle {
  if (!file.options.lesson) {
    return start({ slug: PLAYGROUND_SLUG, sources: { baseline: '', candidate: '' }, playground: file, seed: options.seed }, handlers);
  }
  let current: RunHandle | undefined;
  let stopped = false;
  const result = runPairs(file, file.options.lesson, options, handlers, (request) => {
    if (stopped) return undefined;
    current = start(request, handlers);
    return current;
  });
  return {
    result,
    stop() {
      stopped = true;
      current?.stop();
    },
  };
}

async function runPairs(
  file: PlaygroundFile,
  slug: string,
  options: { env: Environment; seed?: number },
  handlers: RunHandlers,
  next: (request: RunRequest) => RunHandle | undefined,
): Promise<RunResult> {
  const started = performance.now();
  const baseline = file.options.baseline;
  const codeOf = (name: string) => file.snippets.find((s) => s.name === name)!.code;
  // Every snippet compiles before any runs: a syntax error is named at once, in its own snippet.
  for (const snippet of file.snippets) {
    const unparsed = syntaxFailure(slug, snippet.code, options.env);
    if (unparsed) return theirs(unparsed, snippet.name);
  }
  const others = file.snippets.map((s) => s.name).filter((name) => name !== baseline);
  const pairs: { name: string; result: RunResult }[] = [];
  for (const [index, name] of others.entries()) {
    handlers.onProgress?.({ phase: 'comparing', snippet: name, baseline, index: index + 1, of: others.length } satisfies Progress);
    const handle = next({
      slug,
      sources: { baseline: codeOf(baseline), candidate: codeOf(name) },
      seed: options.seed,
      pairOf: { baseline, candidate: name },
    });
    if (!handle) return stoppedRun(slug, options.env, started);
    const result = await handle.result;
    if (result.correct === false) {
      return theirs({ ...result, message: `\`${name}\` and \`${baseline}\` disagree, so nothing was timed: ${result.message.replace(/^incorrect: /, '')}` }, name);
    }
    if (!result.speedup || result.sides.length === 0) return theirs(result, result.failure?.part ?? name);
    pairs.push({ name, result });
  }
  return playgroundRun({ env: pairs[0]!.result.env, report: combine(file, pairs, performance.now() - started), durationMs: performance.now() - started });
}

/** A pair's failure, said of the snippet it happened in ("your code threw" becomes "snippet `b` threw"). */
function theirs(result: RunResult, part: string): RunResult {
  const message = result.message.replace(/^your code /, `snippet \`${part}\` `).replace(/^syntax error/, `snippet \`${part}\`: syntax error`);
  return { ...result, message, failure: { ...(result.failure ?? { kind: 'error' }), part } };
}

function stoppedRun(slug: string, env: Environment, started: number): RunResult {
  return failedRun({ lesson: { slug }, env, kind: 'stopped', message: 'stopped: you pressed Stop before the run finished', durationMs: performance.now() - started });
}

/** One report from the pairs: the baseline's figures from the first pair, each snippet's from its own. */
function combine(file: PlaygroundFile, pairs: { name: string; result: RunResult }[], durationMs: number): PlaygroundReport {
  const first = pairs[0]!.result;
  const figures = (name: string, result: RunResult, side: 'baseline' | 'candidate'): SnippetFigures => {
    const s = result.sides.find((x) => x.side === side)!;
    const speedup = side === 'candidate' ? (s.speedup ?? result.speedup ?? undefined) : undefined;
    return { name, time: s.time, k: s.k, samples: s.samples, rounds: s.rounds, ...(speedup ? { speedup, comparison: compare(speedup) } : {}), ...(s.growth ? { growth: s.growth, fit: fitGrowth(s.growth) } : {}) };
  };
  return {
    title: file.options.title,
    baseline: file.options.baseline,
    size: file.options.size,
    compared: true,
    awaited: false,
    snippets: file.snippets.map((s) => {
      if (s.name === file.options.baseline) return figures(s.name, first, 'baseline');
      return figures(s.name, pairs.find((p) => p.name === s.name)!.result, 'candidate');
    }),
    confidence: first.protocol?.confidence ?? 0.95,
    margin: first.protocol?.margin ?? 0,
    env: first.env,
    seed: first.seed ?? 0,
    durationMs,
    lesson: { slug: file.options.lesson!, spread: first.protocol?.spread ?? 'measurement', ...(first.metric ? { metric: { label: first.metric.label, ...(first.metric.unit ? { unit: first.metric.unit } : {}) } } : {}) },
  };
}
