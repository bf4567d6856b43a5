/**
 * npm run bench:verdicts -- --lesson <slug> [--candidate <file> | --aa] [--runs <n>]
 *
 * A benchmark, not a test: grades the same candidate again and again, each
 * time in a fresh worker (a fresh process state, as a learner's next Run
 * would be), and prints how steady the verdict and the speedup are. With
 * --aa it grades the starter against itself (an A/A pair), which must never
 * pass and whose interval should exclude 1.0 in at most 1 run in 20.
 * Without --candidate it grades the reference solution.
 */
import { readFile } from 'node:fs/promises';
import { formatRatio } from '../src/core/verdict.ts';
import { readLessonSources } from '../src/lessons/files.ts';
import { runInNode } from '../src/runner/node/runtime.ts';
import { median } from '../src/core/stats.ts';

interface Args {
  lesson: string;
  candidate?: string;
  aa: boolean;
  runs: number;
}

function parse(argv: string[]): Args {
  const args: Args = { lesson: '', aa: false, runs: 10 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--lesson') args.lesson = argv[++i] ?? '';
    else if (flag === '--candidate') args.candidate = argv[++i];
    else if (flag === '--aa') args.aa = true;
    else if (flag === '--runs') args.runs = Number(argv[++i]);
    else throw new Error(`unknown option ${flag}`);
  }
  if (!args.lesson || !Number.isInteger(args.runs) || args.runs < 2) {
    throw new Error('usage: npm run bench:verdicts -- --lesson <slug> [--candidate <file> | --aa] [--runs <n>=10]');
  }
  return args;
}

const args = parse(process.argv.slice(2));
const sources = await readLessonSources(args.lesson);
const candidate = args.aa ? sources.starter : args.candidate ? await readFile(args.candidate, 'utf8') : sources.reference;
const baseline = args.aa ? sources.starter : sources.baseline;
const label = args.aa ? 'starter against itself (A/A)' : (args.candidate ?? 'reference solution');
console.log(`${args.lesson}: ${label}, ${args.runs} runs, each in a fresh worker`);

const counts = { pass: 0, fail: 0, inconclusive: 0, error: 0 };
const medians: number[] = [];
let excludesOne = 0;
for (let run = 1; run <= args.runs; run++) {
  const t0 = performance.now();
  const result = await runInNode({ slug: args.lesson, sources: { baseline, candidate, reference: sources.reference } }).result;
  const seconds = (performance.now() - t0) / 1000;
  counts[result.verdict] += 1;
  const s = result.speedup;
  if (s) {
    medians.push(s.median);
    if (s.low > 1 || s.high < 1) excludesOne += 1;
  }
  const figure = s ? `${formatRatio(s.median)} [${formatRatio(s.low)}, ${formatRatio(s.high)}]` : result.message.slice(0, 60);
  console.log(`  run ${String(run).padStart(2)}  ${result.verdict.padEnd(12)} ${figure.padEnd(28)} looks ${result.protocol?.looks ?? '-'}  ${seconds.toFixed(1)} s`);
}

const logs = medians.map(Math.log);
const mean = logs.reduce((a, b) => a + b, 0) / Math.max(logs.length, 1);
const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(logs.length - 1, 1));
const linear = medians.reduce((a, b) => a + b, 0) / Math.max(medians.length, 1);
const cv = Math.sqrt(medians.reduce((a, b) => a + (b - linear) ** 2, 0) / Math.max(medians.length - 1, 1)) / linear;
console.log(`verdicts: ${counts.pass} pass, ${counts.fail} fail, ${counts.inconclusive} inconclusive, ${counts.error} error`);
if (medians.length > 1) {
  console.log(`speedup: median of medians ${formatRatio(median(medians))}, coefficient of variation ${(cv * 100).toFixed(1)}%, SD of log ratio ${sd.toFixed(3)}`);
  console.log(`intervals excluding 1.0: ${excludesOne} of ${medians.length}`);
}
if (counts.pass > 0 && counts.fail > 0) console.log('UNSTEADY: the same code got both a pass and a fail');
