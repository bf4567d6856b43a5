import { fitGrowth } from '../core/growth-fit.ts';
import type { ExerciseModule } from '../core/lesson.ts';
import { measure, type MeasureOptions, type Progress } from '../core/measure.ts';
import type { Environment, RunResult } from '../core/result.ts';
import { mixSeed } from '../core/rng.ts';
import type { PlaygroundFile } from './file.ts';
import { compare, type PlaygroundReport, type SnippetFigures } from './report.ts';
import { partOf } from './part-error.ts';
import { playgroundSpec, type CallNotes } from './spec.ts';
import { sweepSizes } from './sweep.ts';
import { warmSnippets } from './warm-up.ts';

/**
 * A playground run, independent of where it runs (the page's runner, `npm
 * run bench`): every snippet is measured against the baseline snippet as a
 * pair, with the lessons' `measure()`, so each speedup has the lessons'
 * protocol and interval. Pairs run one after another, each on inputs of its
 * own seed. Answers are compared first, in every pair, before any timing.
 */

/** Rounds before each look, doubled at each of three looks (MeasureOptions.rounds). */
const PAIR_ROUNDS = 4;

export interface PlaygroundModules {
  setup: ExerciseModule;
  /** By snippet name. */
  snippets: Readonly<Record<string, ExerciseModule>>;
}

export interface PlaygroundRunOptions {
  env: Environment;
  seed?: number;
  onProgress?: (progress: Progress) => void;
  /** The file name each part's code carries in stack traces, so an error can be put on its line. */
  sourceNameOf: (part: string) => string;
}

/** Two snippets' answers differ: nothing was timed. */
export interface Disagreement {
  snippet: string;
  baseline: string;
  input?: number;
  /** The first difference, or why the answer could not be checked. */
  message: string;
}

export type PlaygroundOutcome = { ok: true; report: PlaygroundReport } | { ok: false; disagreement: Disagreement };

export async function runPlayground(file: PlaygroundFile, modules: PlaygroundModules, options: PlaygroundRunOptions): Promise<PlaygroundOutcome> {
  const started = performance.now();
  const seed = options.seed ?? crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
  const baseline = file.options.baseline;
  const others = file.snippets.map((s) => s.name).filter((name) => name !== baseline);
  const notes: CallNotes = { awaited: false };
  const pairs: { name: string; result: RunResult }[] = [];
  await warmSnippets(file, modules, { seed, notes, onProgress: options.onProgress });
  for (const [index, name] of others.entries()) {
    options.onProgress?.({ phase: 'comparing', snippet: name, baseline, index: index + 1, of: others.length });
    const spec = playgroundSpec(file, modules.setup, { baseline, candidate: name }, notes);
    const measureOptions: MeasureOptions = {
      env: options.env,
      seed: mixSeed(seed, index),
      onProgress: options.onProgress,
      sourceNames: { baseline: options.sourceNameOf(baseline), candidate: options.sourceNameOf(name) },
      stopWhenFutile: true,
      // Four rounds before the first look, not the lessons' two: a snippet of microseconds makes rounds
      // cheap, and a median of four is not moved by one round that the page's own work disturbed.
      rounds: PAIR_ROUNDS,
    };
    let result: RunResult;
    try {
      result = await measure(spec, { baseline: modules.snippets[baseline]!, candidate: modules.snippets[name]! }, measureOptions);
    } catch (error) {
      throw partOf(error, { baseline, candidate: name });
    }
    if (result.correct === false) {
      return { ok: false, disagreement: { snippet: name, baseline, input: result.failure?.input, message: result.message.replace(/^incorrect: (for input #\d+ )?/, '') } };
    }
    pairs.push({ name, result });
  }
  const first = pairs[0]!.result;
  const side = (result: RunResult, which: 'baseline' | 'candidate') => result.sides.find((s) => s.side === which)!;
  const figures = (name: string, result: RunResult, which: 'baseline' | 'candidate'): SnippetFigures => {
    const s = side(result, which);
    return {
      name,
      time: s.time,
      k: s.k,
      samples: s.samples,
      rounds: s.rounds,
      ...(which === 'candidate' && s.speedup ? { speedup: s.speedup, comparison: compare(s.speedup) } : {}),
    };
  };
  const snippets = file.snippets.map((s) => {
    if (s.name === baseline) return figures(s.name, first, 'baseline');
    const pair = pairs.find((p) => p.name === s.name)!;
    return figures(s.name, pair.result, 'candidate');
  });
  if (file.options.sizes) {
    const growth = await sweepSizes(file, modules, { seed, env: options.env, notes, onProgress: options.onProgress });
    for (const figure of snippets) {
      figure.growth = growth[figure.name];
      figure.fit = figure.growth ? fitGrowth(figure.growth) : undefined;
    }
  }
  return {
    ok: true,
    report: {
      title: file.options.title,
      baseline,
      size: file.options.size,
      compared: file.options.compare,
      awaited: notes.awaited,
      snippets,
      confidence: first.protocol?.confidence ?? 0.95,
      margin: first.protocol?.margin ?? 0,
      env: options.env,
      seed,
      durationMs: performance.now() - started,
    },
  };
}
