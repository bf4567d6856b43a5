/**
 * npm run bench:playground-mitata [-- <file.ts>] [--snippet <name>] [--seed <n>]
 *
 * A benchmark, not a test: one playground pair's ratio as the playground
 * measures it (the page's core in a fresh worker, `npm run bench`), then, in
 * the same process right after, as mitata measures the same setup and
 * snippet code in plain Node, each iteration on a fresh input. It prints both
 * ratios (the baseline's time ÷ the snippet's) and how far apart they are.
 * Default: examples/playground/includes-vs-set.ts, its first snippet that is
 * not the baseline.
 *
 * The two are not the same experiment, so some difference is expected: the
 * playground runs each part in an SES compartment after lockdown() and
 * copies each answer inside the timed region; mitata runs bare functions,
 * and its figure is a median over its own iterations, without an interval.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { measure } from 'mitata';
import { WallClock } from '../src/core/clock.ts';
import type { ExerciseModule } from '../src/core/lesson.ts';
import { createRng, mixSeed } from '../src/core/rng.ts';
import { formatRatio } from '../src/core/verdict.ts';
import { projectRoot } from '../src/lessons/files.ts';
import { parsePlayground, type PlaygroundFile } from '../src/playground/file.ts';
import { formatDuration, formatSpeed } from '../src/playground/report.ts';
import { playgroundSpec } from '../src/playground/spec.ts';
import { runInNode } from '../src/runner/node/runtime.ts';
import { transpile } from '../src/runner/transform.ts';

/** mitata's time per side per round; three rounds, alternating which side goes first. */
const MITATA_CPU_MS = 700;
const MITATA_ROUNDS = 3;

const argv = process.argv.slice(2);
const option = (flag: string) => {
  const at = argv.indexOf(flag);
  if (at === -1) return undefined;
  const value = argv[at + 1];
  if (value === undefined) throw new Error(`${flag} needs a value`);
  argv.splice(at, 2);
  return value;
};
const seed = Number(option('--seed') ?? 20261204);
const snippetOption = option('--snippet');
const fileName = argv[0] ?? path.relative(process.cwd(), path.join(projectRoot, 'examples/playground/includes-vs-set.ts'));
const file = parsePlayground(await readFile(fileName, 'utf8'));
const baseline = file.options.baseline;
const snippet = snippetOption ?? file.snippets.find((s) => s.name !== baseline)!.name;
if (!file.snippets.some((s) => s.name === snippet) || snippet === baseline) {
  throw new Error(`--snippet names one of ${file.snippets.filter((s) => s.name !== baseline).map((s) => `"${s.name}"`).join(', ')}`);
}

console.log(`${file.options.title || fileName}: \`${snippet}\` against the baseline \`${baseline}\`, size ${file.options.size}, seed ${seed}`);

// (a) The playground's comparison, as `npm run bench` makes it: only the pair, in a fresh worker.
const pair: PlaygroundFile = { ...file, options: { ...file.options, sizes: undefined }, snippets: file.snippets.filter((s) => s.name === baseline || s.name === snippet) };
const t0 = performance.now();
const result = await runInNode({ slug: 'playground', sources: { baseline: '', candidate: '' }, playground: pair, seed }).result;
if (!result.playground) throw new Error(`the playground run failed: ${result.message}`);
const ours = result.playground.snippets.find((s) => s.name === snippet)!;
const oursBaseline = result.playground.snippets.find((s) => s.name === baseline)!;
const speedup = ours.speedup!;
console.log(
  `playground: ${formatSpeed(speedup.median)} (ratio ${formatRatio(speedup.median)}, interval ${formatRatio(speedup.low)} to ${formatRatio(speedup.high)}); ` +
    `${formatDuration(oursBaseline.time.median)} vs ${formatDuration(ours.time.median)} per call, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// (b) mitata on the same code, evaluated as plain CommonJS-shaped modules in this process.
function evaluate(code: string, name: string): ExerciseModule {
  const module = { exports: {} as ExerciseModule };
  const refuse = (specifier: string) => {
    throw new Error(`${name} imports ${specifier}: a playground part imports nothing but types`);
  };
  new Function('exports', 'require', 'module', transpile(code, name))(module.exports, refuse, module);
  return module.exports;
}
const setup = evaluate(file.setup, 'setup.ts');
const modules = Object.fromEntries([baseline, snippet].map((name) => [name, evaluate(file.snippets.find((s) => s.name === name)!.code, `${name}.ts`)]));
const spec = playgroundSpec(file, setup, { baseline, candidate: snippet }, { awaited: false });
let inputs = 0;
const makeInput = () => {
  const inputSeed = mixSeed(seed, 21, inputs++);
  return spec.prepare({ seed: inputSeed, rng: createRng(inputSeed), clock: new WallClock(), size: file.options.size });
};

async function mitataMs(name: string): Promise<number> {
  const run = modules[name]!.run as (input: unknown) => unknown;
  const stats = await measure(
    function* () {
      yield {
        [0]() {
          return makeInput();
        },
        // mitata awaits what returns a promise, so an async snippet is timed until it settles, as in the playground.
        bench(input: unknown) {
          return run(input);
        },
      };
    },
    { min_cpu_time: MITATA_CPU_MS * 1e6 },
  );
  return stats.p50 / 1e6;
}

const ratios: number[] = [];
for (let round = 0; round < MITATA_ROUNDS; round++) {
  const order = round % 2 === 0 ? [baseline, snippet] : [snippet, baseline];
  const ms: Record<string, number> = {};
  for (const name of order) ms[name] = await mitataMs(name);
  ratios.push(ms[baseline]! / ms[snippet]!);
  console.log(`mitata round ${round + 1}: ${formatDuration(ms[baseline]!)} vs ${formatDuration(ms[snippet]!)} per call: ratio ${formatRatio(ratios.at(-1)!)}`);
}
const mitata = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
const inside = mitata >= speedup.low && mitata <= speedup.high;
console.log(`mitata, median of ${MITATA_ROUNDS} rounds: ${formatSpeed(mitata)} (ratio ${formatRatio(mitata)})`);
console.log(
  `the two ratios differ by ${(((mitata - speedup.median) / speedup.median) * 100).toFixed(1)}% of the playground's; mitata's is ${inside ? 'inside' : 'outside'} the playground's interval`,
);
